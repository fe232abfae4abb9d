from django_tasks import task

from . import counter


@task()
def flush_visits() -> int:
    """Writes the views counted in the cache to the database."""
    return counter.flush()

from django_tasks import task
from django_tasks.base import TASK_MAX_PRIORITY


# Before any other waiting task, so that a long queue does not hide a worker that is running.
@task(priority=TASK_MAX_PRIORITY)
def heartbeat() -> None:
    """Does nothing: the time a worker finishes it tells /healthz that a worker is running."""

"""The search index's upkeep, in the background: the configured backend brings these initiatives up to date.

The database backend needs no upkeep (its update and remove do nothing), so the tasks cost nothing there.
"""

from django_tasks import task

from .backends import get_search_backend


@task()
def update_search_index(page_ids: list[int]) -> None:
    get_search_backend().update(page_ids)


@task()
def remove_from_search_index(page_ids: list[int]) -> None:
    get_search_backend().remove(page_ids)

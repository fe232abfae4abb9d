"""The search index's upkeep, in the background: the configured backend brings these initiatives up to date.

The database backend searches the tables themselves; its update works out again the similar initiatives
of the pages changed and of those they now name (`search.similar.refresh_similar_around`).
"""

from django_tasks import task

from .backends import get_search_backend


@task()
def update_search_index(page_ids: list[int]) -> None:
    get_search_backend().update(page_ids)


@task()
def remove_from_search_index(page_ids: list[int]) -> None:
    get_search_backend().remove(page_ids)

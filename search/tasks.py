"""The search index's upkeep, in the background: the configured backend brings these initiatives up to date.

The database backend searches the tables themselves; its update works out again the similar initiatives
of the pages changed and of those they now name (`search.similar.refresh_similar_around`). Pages show their
similar initiatives as kept (`search.backends.similar_to`): once the index has changed, they are forgotten.
"""

from django_tasks import task

from core.kept import forget_kept

from .backends import get_search_backend


@task()
def update_search_index(page_ids: list[int]) -> None:
    get_search_backend().update(page_ids)
    forget_kept()


@task()
def remove_from_search_index(page_ids: list[int]) -> None:
    get_search_backend().remove(page_ids)
    forget_kept()

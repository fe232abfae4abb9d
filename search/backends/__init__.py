"""The solutions bank's search backends, behind one interface, chosen by `settings.SOLUTIONS_SEARCH`.

The database backend (the default) needs nothing beyond the site's database; the Elasticsearch
backend keeps an index of its own, updated when initiatives are published, unpublished, moved or
deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.utils.module_loading import import_string

from core.i18n import current_language
from core.kept import kept
from initiatives.models import InitiativePage

from ..request import SearchRequest
from ..results import SearchResults, Suggestion

logger = logging.getLogger(__name__)

SUGGESTIONS = 8
SIMILAR = 5


class SearchUnavailable(Exception):
    """The search service cannot answer (Elasticsearch down, say): the site stays up and says so."""


class SearchBackend:
    def __init__(self, **options):
        self.options = options

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def suggest(self, text: str, locale: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        """Titles of published initiatives that the text typed so far begins words of."""
        raise NotImplementedError

    def similar(self, page: InitiativePage, limit: int = SIMILAR) -> list[InitiativePage]:
        """Published initiatives of other provinces, in the page's tree, that meet the same problem."""
        raise NotImplementedError

    def similar_to_text(
        self, text: str, locale: str, exclude_province_2025: str | None = None, limit: int = SIMILAR
    ) -> list[InitiativePage]:
        """Published initiatives in the `locale` tree that meet the problem a text describes, leaving out
        those of the 2025 province whose code is `exclude_province_2025`."""
        raise NotImplementedError

    def update(self, page_ids: Iterable[int]) -> None:
        """Bring these initiatives up to date in the index: indexed if live and public, removed otherwise."""

    def remove(self, page_ids: Iterable[int]) -> None:
        """Forget these initiatives (deleted pages)."""


def get_search_backend() -> SearchBackend:
    config = dict(settings.SOLUTIONS_SEARCH)
    backend_class = import_string(config.pop("BACKEND"))
    return backend_class(**config)


def similar_to(page: InitiativePage) -> list[InitiativePage]:
    """For the initiative's page: its similar initiatives, or none while the search service is down.

    Kept (`core.kept`) with what their cards show, until a page or the stored lists change: reading them
    and their cards' data was a quarter of the page's time. An answer is kept only when the service gave it.
    """
    try:
        return kept(
            "similar-initiatives", lambda: get_search_backend().similar(page), page.pk, current_language()
        )
    except SearchUnavailable:
        logger.warning("Similar initiatives left out of page %s: the search backend is unavailable", page.pk)
        return []


def similar_to_text(text: str, locale: str, exclude_province_2025: str | None = None) -> list[InitiativePage]:
    """For a page of another kind (a problem): the initiatives its text is like, or none while the
    search service is down."""
    try:
        return get_search_backend().similar_to_text(text, locale, exclude_province_2025)
    except SearchUnavailable:
        logger.warning("Similar initiatives left out: the search backend is unavailable")
        return []

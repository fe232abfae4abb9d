"""The solutions bank on the site's own database: PostgreSQL full text, or word matching on SQLite.

Filters and facet counts come from `SolutionsFilterSet`, one grouped query per facet; highlights
are computed in Python from the original text of the page shown.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import QueryDict

from halls.models import HallPage, with_card_data
from initiatives.models import InitiativePage

from .. import facets
from ..filters import SolutionsFilterSet
from ..highlight import highlight, snippet
from ..query import match_text, query_words
from ..request import SearchRequest
from ..results import FacetCounts, Hit, SearchResults, Suggestion
from ..similar import similar_initiatives
from . import SIMILAR, SUGGESTIONS, SearchBackend

ORDERINGS = {
    "relevance": ("-relevance", "-first_published_at", "pk"),
    "newest": ("-first_published_at", "-pk"),
    # The folded title: an alphabetical order that ignores diacritics, the same on every database.
    "title": ("search_title", "title", "pk"),
}


def published_in(locale: str) -> QuerySet[InitiativePage]:
    return InitiativePage.objects.live().public().filter(locale__language_code=locale)


def hits_for(pages: list[InitiativePage], words: list[str], locale: str) -> list[Hit]:
    """Results as shown: each page with its hall, its title and a snippet highlighted."""
    halls = {hall.path: hall for hall in HallPage.objects.filter(locale__language_code=locale)}
    return [
        Hit(
            page=page,
            hall=halls.get(page.path[: -page.steplen]),
            title=highlight(page.title, words),
            snippet=snippet([page.summary, page.problem, page.solution, page.results], words),
        )
        for page in pages
    ]


class DatabaseBackend(SearchBackend):
    def search(self, request: SearchRequest) -> SearchResults:
        words = query_words(request.query)
        pages = published_in(request.locale)
        if words:
            pages = match_text(pages, words)
        data = QueryDict(mutable=True)
        for name, values in request.filters.items():
            data.setlist(name, values)
        filterset = SolutionsFilterSet(data, queryset=pages)
        found = filterset.qs
        count = found.count()
        listing = with_card_data(found).order_by(*ORDERINGS[request.effective_sort])
        page_slice = list(listing[request.offset : request.offset + request.page_size])
        counted = {counts.name: counts.options for counts in filterset.facets()}
        return SearchResults(
            request=request,
            count=count,
            hits=hits_for(page_slice, words, request.locale),
            facets=[FacetCounts(facet, counted[facet.name]) for facet in facets.FACETS],
        )

    def suggest(self, text: str, locale: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        words = query_words(text)
        if not words:
            return []
        pages = published_in(locale)
        for word in words:
            pages = pages.filter(search_title__contains=f" {word}")
        # Titles that begin with what was typed first: that is usually the one being typed.
        beginning = Case(
            When(search_title__startswith=f" {' '.join(words)}", then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        pages = pages.annotate(beginning=beginning).order_by("beginning", "search_title", "pk")
        return [Suggestion(page.title, page.url) for page in pages[:limit]]

    def similar(self, page: InitiativePage, limit: int = SIMILAR) -> list[InitiativePage]:
        return similar_initiatives(page)[:limit]

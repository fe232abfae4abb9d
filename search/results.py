"""What every search backend answers: one page of initiatives, the total, and the facets' counts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from halls.filters import FacetCounts, FacetOption
from initiatives.models import InitiativePage

from .places import Place
from .request import SearchRequest

__all__ = ["FacetCounts", "FacetOption", "Hit", "SearchResults", "Suggestion"]


@dataclass
class Hit:
    """An initiative found, loaded with `halls.models.for_cards`; `hall` is its parent hall.
    Or a page of another kind (`search.kinds`: a problem), loaded with its kind's `with_card_data`
    and shown with its kind's `template`.

    `title` and `snippet` are escaped HTML in which the words matched are wrapped in <mark>.
    """

    page: InitiativePage
    hall: object | None
    title: SafeString
    snippet: SafeString
    kind: str = "initiative"
    template: str = "search/includes/result.html"


@dataclass
class SearchResults:
    request: SearchRequest
    count: int
    hits: list[Hit]
    facets: list[FacetCounts] = field(default_factory=list)
    # The provinces the query names: the page offers each as a filter.
    places: list[Place] = field(default_factory=list)

    @property
    def of_other_kinds(self) -> bool:
        """Whether pages other than initiatives are found or asked for: the page then counts "results"."""
        chosen = self.request.selected("kind")
        if chosen:
            return chosen != ("initiative",)
        kinds = next((facet for facet in self.facets if facet.name == "kind"), None)
        return bool(kinds and any(option.value != "initiative" for option in kinds.options))

    @property
    def number(self) -> int:
        return self.request.page

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.request.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class Suggestion:
    """A title to search for, or (`kind` "place") a province whose initiatives `url` lists."""

    title: str
    url: str
    kind: str = "initiative"

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url, "kind": self.kind}

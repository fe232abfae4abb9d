"""What a visitor asks the solutions bank, read from a query string and checked.

The search page and the API read the same parameters, cleaned first (`initiatives.query`: no
control characters, no lone surrogates, no endless values). The API is strict (a bad value answers
400 with a message); the page is lenient, so that an old shared link with a value that no longer
exists still shows results rather than an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from core.text import single_line
from initiatives.query import cleaned_query, whole_number

from .facets import FACET_NAMES, vocabulary

SORTS = ("relevance", "newest", "title")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    # Facet name -> the values chosen: several values of one facet combine with OR, facets with AND.
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    # The language tree whose pages are returned: every initiative is shown in both trees.
    locale: str = "vi"

    def selected(self, name: str) -> tuple[str, ...]:
        return self.filters.get(name, ())

    @property
    def has_filters(self) -> bool:
        return any(self.filters.values())

    @property
    def effective_sort(self) -> str:
        """Relevance means nothing without a query: the newest come first then."""
        return "newest" if self.sort == "relevance" and not self.query else self.sort

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def query_string(self) -> str:
        """The address's query string that asks for this search again (its first page)."""
        params = [("q", self.query)] if self.query else []
        params += [(name, value) for name, values in self.filters.items() for value in values]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        return urlencode(params)

    def with_page(self, page: int) -> SearchRequest:
        return replace(self, page=page)

    def with_page_size(self, page_size: int) -> SearchRequest:
        return replace(self, page_size=page_size)


class InvalidSearch(ValueError):
    """Parameters the API refuses; `errors` maps each parameter to translated messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def ignored_values(params: QueryDict, search_request: SearchRequest) -> list[tuple[str, str]]:
    """The facet values and the sort of `params` that `read_search` dropped, as (parameter, value)."""
    params = cleaned_query(params)
    ignored = [
        (name, value)
        for name in FACET_NAMES
        for value in params.getlist(name)
        if value and value not in search_request.selected(name)
    ]
    sort = params.get("sort", "")
    if sort and sort != search_request.sort:
        ignored.append(("sort", sort))
    return ignored


def _positive_number(params: QueryDict, name: str, default: int, errors: dict, maximum: int | None = None):
    raw = params.get(name, "")
    if not raw:
        return default
    number = whole_number(raw, minimum=1)
    if number is None:
        errors[name] = [_("“%(value)s” is not a whole number of 1 or more.") % {"value": raw}]
        return default
    if maximum is not None and number > maximum:
        errors[name] = [_("At most %(maximum)d.") % {"maximum": maximum}]
        return maximum
    return number


def parse_search(params: QueryDict, *, locale: str, strict: bool) -> SearchRequest:
    """The request in `params`; raises InvalidSearch when `strict` and a value is wrong.

    When not strict, wrong values are dropped: unknown facet values, an unknown sort, a bad page.
    """
    search_request, errors = read_search(params, locale=locale)
    if strict and errors:
        raise InvalidSearch(errors)
    return search_request


def read_search(params: QueryDict, *, locale: str) -> tuple[SearchRequest, dict[str, list[str]]]:
    """The request in `params` without its wrong values, and what was wrong: parameter -> messages."""
    params = cleaned_query(params)
    errors: dict[str, list[str]] = {}
    query = single_line(params.get("q", ""))  # no longer than `MAX_SEARCH_LENGTH` once cleaned
    filters = {}
    for name in FACET_NAMES:
        values = tuple(value for value in params.getlist(name) if value)
        if not values:
            continue
        known = vocabulary(name)
        unknown = [value for value in values if value not in known]
        if unknown:
            errors[name] = [_("Unknown value: “%(value)s”.") % {"value": value} for value in unknown]
        filters[name] = tuple(value for value in values if value in known)
    sort = params.get("sort", "") or "relevance"
    if sort not in SORTS:
        errors["sort"] = [_("Sort by one of: %(choices)s.") % {"choices": ", ".join(SORTS)}]
        sort = "relevance"
    page = _positive_number(params, "page", 1, errors)
    page_size = _positive_number(params, "page_size", PAGE_SIZE, errors, maximum=MAX_PAGE_SIZE)
    search_request = SearchRequest(
        query=query,
        filters={name: values for name, values in filters.items() if values},
        sort=sort,
        page=page,
        page_size=page_size,
        locale=locale,
    )
    return search_request, errors

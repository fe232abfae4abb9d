"""The solutions bank's pages: the search page and the suggestions it asks for as the visitor types."""

from __future__ import annotations

import logging
from dataclasses import replace

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.i18n import current_language
from initiatives.query import UnknownValue, cleaned_query, clear_filters_url, page_notice

from .backends import SUGGESTIONS, SearchUnavailable, get_search_backend
from .facets import FACETS
from .places import Place
from .request import PAGE_SIZE, ignored_values, parse_search
from .results import SearchResults, Suggestion
from .suggestions import place_suggestions

logger = logging.getLogger(__name__)

SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100


@require_GET
def solutions(request: HttpRequest) -> TemplateResponse:
    params = cleaned_query(request.GET)
    search_request = parse_search(params, locale=current_language(), strict=False)
    search_request = search_request.with_page_size(PAGE_SIZE)
    backend = get_search_backend()
    try:
        results = backend.search(search_request)
        if search_request.page > results.num_pages:
            results = backend.search(search_request.with_page(results.num_pages))
    except SearchUnavailable:
        logger.exception("The solutions bank's search backend is unavailable")
        results = None
    answered = results.request if results else search_request
    context = {
        # The request answered: a page beyond the last shows the last.
        "search": answered,
        "results": results,
        "unavailable": results is None,
        "place_filters": place_filters(results) if results else [],
        "unfinished": unfinished_word_titles(backend, results) if results else [],
        "unknown_values": unknown_values(request, search_request),
        "page_notice": page_notice(params.get("page"), answered.page, results.num_pages) if results else "",
        "clear_filters_url": clear_filters_url(
            reverse("search:solutions"),
            query=answered.query,
            sort=answered.sort if answered.sort != "relevance" else "",
        ),
    }
    return TemplateResponse(request, "search/solutions.html", context, status=503 if results is None else 200)


def unknown_values(request: HttpRequest, search_request) -> list[UnknownValue]:
    """What the address asks for that names nothing, labelled as the filters panel labels it."""
    labels = {facet.name: str(facet.label) for facet in FACETS} | {"sort": _("Sort")}
    return [UnknownValue(labels[name], value) for name, value in ignored_values(request.GET, search_request)]


def place_filters(results: SearchResults) -> list[tuple[Place, int, str]]:
    """The provinces the query names, not chosen yet: (place, initiatives found there, query string)."""
    request = results.request
    counts = {
        facet.name: {option.value: option.count for option in facet.options} for facet in results.facets
    }
    offered = []
    for place in dict.fromkeys(results.places):
        if place.code in request.selected(place.facet):
            continue
        if count := counts.get(place.facet, {}).get(place.code):
            filters = {**request.filters, place.facet: (place.code,)}
            offered.append((place, count, replace(request, filters=filters).query_string()))
    return offered


def unfinished_word_titles(backend, results: SearchResults) -> list[Suggestion]:
    """For a search that found nothing: the titles suggested as if its last word were still being typed.

    Every word of a search is a whole syllable; "chuyen doi s" finds nothing, and the empty page
    offers what its suggestions would have.
    """
    if results.count or not results.request.query or results.request.has_filters:
        return []
    try:
        return backend.suggest(results.request.query, results.request.locale)
    except SearchUnavailable:
        return []


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """Provinces first (they lead to their initiatives), then titles; `kind` tells which is which."""
    text = cleaned_query(request.GET).get("q", "")[:SUGGEST_MAX_LENGTH]
    if len(text.strip()) < SUGGEST_MIN_LENGTH:
        return JsonResponse({"suggestions": []})
    locale = current_language()
    found, status = place_suggestions(text, locale), 200
    try:
        found += get_search_backend().suggest(text, locale, limit=SUGGESTIONS - len(found))
    except SearchUnavailable:
        status = 503  # the provinces still help
    return JsonResponse({"suggestions": [item.as_json() for item in found]}, status=status)

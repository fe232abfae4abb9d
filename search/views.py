"""The solutions bank's pages: the search page and the suggestions it asks for as the visitor types."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from core.i18n import current_language
from initiatives.query import cleaned_query

from .backends import SearchUnavailable, get_search_backend
from .request import PAGE_SIZE, parse_search

logger = logging.getLogger(__name__)

SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100


@require_GET
def solutions(request: HttpRequest) -> TemplateResponse:
    search_request = parse_search(request.GET, locale=current_language(), strict=False)
    search_request = search_request.with_page_size(PAGE_SIZE)
    backend = get_search_backend()
    try:
        results = backend.search(search_request)
        if search_request.page > results.num_pages:
            results = backend.search(search_request.with_page(results.num_pages))
    except SearchUnavailable:
        logger.exception("The solutions bank's search backend is unavailable")
        results = None
    context = {
        # The request answered: a page beyond the last shows the last.
        "search": results.request if results else search_request,
        "results": results,
        "unavailable": results is None,
    }
    return TemplateResponse(request, "search/solutions.html", context, status=503 if results is None else 200)


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    text = cleaned_query(request.GET).get("q", "")[:SUGGEST_MAX_LENGTH]
    if len(text) < SUGGEST_MIN_LENGTH:
        return JsonResponse({"suggestions": []})
    try:
        found = get_search_backend().suggest(text, current_language())
    except SearchUnavailable:
        return JsonResponse({"suggestions": []}, status=503)
    return JsonResponse({"suggestions": [{"title": item.title, "url": item.url} for item in found]})

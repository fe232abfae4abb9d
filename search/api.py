"""`GET /api/v2/solutions/`: the solutions bank for other systems, with the search page's parameters.

Labels and URLs follow the language tree asked for with `locale` (default: the request's language,
from its cookie or Accept-Language); the facet parameters filter on the text's language (`lang`).

Results are initiatives and the pages of the kinds registered with `search.kinds` (problems): `kind`
filters them (`?kind=initiative`, `?kind=problem`) and each result says its `kind`. A problem's
record has the fields of its kind (`summary`, `province_2025`, `commune`, `status`, `sector`,
`goals`) instead of an initiative's `ref`, `hall`, `province` and `stage`; the facets that do not
apply to problems (hall, 2021 province, type, stage, proposer, call, year) leave them out when chosen.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from initiatives.query import cleaned_query

from . import kinds
from .backends import SearchUnavailable, get_search_backend
from .request import InvalidSearch, parse_search
from .results import Hit, SearchResults

logger = logging.getLogger(__name__)


def serialise_hit(hit: Hit, request: HttpRequest) -> dict:
    page = hit.page
    if kind := kinds.get(hit.kind):
        return {
            "id": page.pk,
            "kind": kind.name,
            "title": page.title,
            "url": request.build_absolute_uri(page.url),
            **kind.serialise(page, request),
            "language": page.language,
            "highlight": {"title": str(hit.title), "snippet": str(hit.snippet)},
        }
    return {
        "id": page.pk,
        "kind": kinds.INITIATIVE,
        "ref": page.source_ref or None,
        "title": page.title,
        "url": request.build_absolute_uri(page.url),
        "summary": page.summary,
        "hall": hit.hall.kind if hit.hall else None,
        "province": {"code": page.province.gso_code, "label": page.province.label},
        "goals": [{"code": goal.code, "label": goal.label} for goal in page.goals.all()],
        "stage": {"code": page.stage.code, "label": page.stage.label},
        "language": page.language,
        "highlight": {"title": str(hit.title), "snippet": str(hit.snippet)},
    }


def serialise(results: SearchResults, request: HttpRequest) -> dict:
    # The results come loaded for the search page's cards, which do not show an initiative's goals.
    prefetch_related_objects([hit.page for hit in results.hits if hit.kind == kinds.INITIATIVE], "goals")
    return {
        "count": results.count,
        "page": results.number,
        "num_pages": results.num_pages,
        "results": [serialise_hit(hit, request) for hit in results.hits],
        "facets": {
            facet.name: [
                {"value": option.value, "label": option.label, "count": option.count}
                for option in facet.options
            ]
            for facet in results.facets
        },
    }


def requested_locale(request: HttpRequest) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    default = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    locale = cleaned_query(request.GET).get("locale", "") or default
    if locale not in codes:
        raise InvalidSearch({"locale": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(codes)}]})
    return locale


@require_GET
def solutions(request: HttpRequest) -> JsonResponse:
    try:
        locale = requested_locale(request)
        with translation.override(locale):
            search = parse_search(request.GET, locale=locale, strict=True)
            results = get_search_backend().search(search)
            if search.page > results.num_pages:
                message = _("There is no page %(page)d: the last is %(last)d.")
                raise InvalidSearch({"page": [message % {"page": search.page, "last": results.num_pages}]})
            return JsonResponse(serialise(results, request), json_dumps_params={"ensure_ascii": False})
    except InvalidSearch as invalid:
        return JsonResponse(
            {"message": _("Some parameters are not valid."), "errors": invalid.errors},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    except SearchUnavailable:
        logger.exception("The solutions bank's search backend is unavailable")
        message = _("Search is unavailable for the moment. Please try again later.")
        return JsonResponse({"message": message}, status=503)

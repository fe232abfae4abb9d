"""What every answer under /api/ follows, whichever view gives it (Wagtail's endpoints, the solutions
search, the schema): a rate limit for anonymous clients, ETags with conditional requests, a cache lifetime,
and errors as JSON with a message in the request's language."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import AnonRateThrottle

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


class AnonymousApiThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (per client address, counted in the cache) at `settings.API_ANON_RATE`."""

    scope = "api_anonymous"

    def get_rate(self) -> str:
        return settings.API_ANON_RATE


def json_error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"message": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def too_many_requests(wait: float | None) -> JsonResponse:
    seconds = max(1, math.ceil(wait or 1))
    message = ngettext(
        "Too many requests. Try again in %(seconds)d second.",
        "Too many requests. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    response = json_error(429, message, retry_after=seconds)
    response["Retry-After"] = str(seconds)
    return response


def is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith(
        ("application/json", "application/vnd.oai.openapi+json")
    )


class ApiConventionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        throttle = AnonymousApiThrottle()
        if request.method != "OPTIONS" and not throttle.allow_request(request, None):
            return too_many_requests(throttle.wait())
        response = self.get_response(request)
        if response.status_code == 404 and not is_json(response):
            return json_error(404, _("Nothing was found here."))
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
            if not response.has_header("ETag"):
                set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

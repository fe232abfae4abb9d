"""Serves anonymous visitors' pages from the page cache and keeps the ones that anyone may be shown.

Last in settings.MIDDLEWARE: the session, the user, the language and the messages are known when it looks,
and every middleware before it (security headers, Content-Security-Policy, the language cookie) still runs
on a page served from the cache. So a cookie set by one of them does not stop a page being kept; a cookie
set by the page itself (or the CSRF middleware's, or the messages') does.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path

from .store import LONGEST_QUERY, Lookup, cache_seconds, look_up, response_from, store

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
#: A page that varies on anything else is not kept: its key would not tell the variants apart.
UNDERSTOOD_VARY = {"cookie", "accept-language", "accept-encoding"}
PERSONAL_CACHE_CONTROL = {"private", "no-store", "no-cache"}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = cache_seconds()
        language = get_language_from_path(request.path_info)
        if seconds <= 0 or not language or not may_be_served_from_cache(request):
            return self.get_response(request)
        lookup = safely(look_up, request, language)
        entry = lookup.valid_entry() if lookup is not None else None
        if entry is not None:
            response = response_from(entry)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if lookup is not None and request.method == "GET" and may_be_kept(request, response):
            safely(store, request, lookup, response, seconds)
            response[HEADER] = "miss"
        return response


def safely(action, *args) -> Lookup | None:
    """The site answers without its cache when the cache does not answer."""
    try:
        return action(*args)
    except Exception:
        logger.warning("The page cache did not answer.", exc_info=True)
        return None


def may_be_served_from_cache(request: HttpRequest) -> bool:
    """A visitor who is signed in, holds anything in a session (a password typed for a restricted page,
    a sign-up under way) or has a message waiting sees the page made for them."""
    return (
        request.method in {"GET", "HEAD"}
        and len(request.META.get("QUERY_STRING", "")) <= LONGEST_QUERY
        # Wagtail renders a preview through the middlewares with a made-up request for the page's address.
        and not getattr(request, "is_dummy", False)
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and not request.session.keys()
        and not len(messages.get_messages(request))
    )


def may_be_kept(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Only a page that holds nothing of the visitor's: no cookie of its own, no CSRF token (a form that
    posts), no message shown or added, nothing put in the session, and not marked private by its view."""
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if len(messages.get_messages(request)) or request.session.modified or request.session.keys():
        return False
    if request.user.is_authenticated:
        return False
    cache_control = {part.split("=")[0].strip().lower() for part in header_values(response, "Cache-Control")}
    vary = {part.lower() for part in header_values(response, "Vary")}
    return not cache_control & PERSONAL_CACHE_CONTROL and vary <= UNDERSTOOD_VARY


def header_values(response: HttpResponseBase, name: str) -> list[str]:
    return [part.strip() for part in cc_delim_re.split(response.get(name, "")) if part.strip()]

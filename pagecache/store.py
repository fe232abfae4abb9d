"""The anonymous page cache: whole public pages kept in a Django cache, purged precisely by versions.

What is kept: the answer to an anonymous GET of a page under a language prefix (/vi/…, /en/…), one entry
per host, path, language and query string (its parameters in sorted order, so `?a=1&b=2` and `?b=2&a=1`
share one). `middleware.AnonymousPageCacheMiddleware` decides what may be kept and serves it.

How it is purged. Every entry records, as it is stored, three versions read before its page was
rendered:

- its **path's** version: changed when the page at that address (or a translation or alias of it, or a
  child) is published, unpublished, moved or deleted;
- the **listings'** version, unless the page shows only its own content (`OWN_CONTENT_PAGE_TYPES`: an
  initiative, a problem, a standard page, the FAQ): changed on every one of those events, since a new or
  removed page may appear in the home page, the halls, the calls, the statistics, the solutions bank's
  results, the problem bank…;
- the **site's** version: changed when a page that every page shows (a page in the menus, the home page, a
  hall or index) changes or moves, or when a page with children moves (all their addresses change).

An entry is served only while the three versions it recorded are still the current ones; the three current
versions and the entry come in one `get_many`, one round trip to the cache. Purging is setting a version to a
new random value: one `set` per path, whatever the number of query strings kept for it, and no list of
keys to keep up to date (a list shared by all processes would lose entries to concurrent writers). A
random value rather than a counter: a counter evicted from the cache would start again and could match an
old entry again; a version that is missing matches only entries stored while it was missing, and a purge
always writes a version that no entry has. Old entries are not deleted, they expire (`PAGE_CACHE_SECONDS`).

Reading the versions before rendering matters: a page published while another request renders the hall
leaves that request's entry with the old listings' version, never served.

Not used: Django's cache middleware (keys vary by every cookie, so a visitor with a language cookie would
never share an entry, and nothing can be purged), and wagtail-cache 3.0, which caches a response carrying
a CSRF token or messages to a request that had cookies, keeps the keys of every address in one value
that concurrent writers overwrite, and purges only the URLs it is given (or everything).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

#: Pages that show their own content only: publishing another page leaves them as they are. Every other
#: page, and every view that is not a Wagtail page (the solutions bank), counts as a listing. An
#: initiative's "similar initiatives" and a problem's linked initiatives are the exception the time to
#: live bounds: they may name a page published or removed meanwhile for up to PAGE_CACHE_SECONDS.
OWN_CONTENT_PAGE_TYPES = frozenset(
    {"initiatives.initiativepage", "problems.problempage", "home.standardpage", "home.faqpage"}
)
#: Longer query strings are not cached: they are not links the site makes, and each would be an entry.
LONGEST_QUERY = 1000
#: Versions outlive the entries they validate; one that expires only turns entries into misses.
VERSION_SECONDS = 24 * 60 * 60

LISTINGS_VERSION_KEY = "pagecache:version:listings"
SITE_VERSION_KEY = "pagecache:version:site"


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def path_version_key(path: str) -> str:
    return "pagecache:version:path:" + hashlib.sha256(path.encode()).hexdigest()


def normalised_query(request: HttpRequest) -> str:
    return urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)))


def entry_key(request: HttpRequest, language: str) -> str:
    address = "\n".join([request.scheme, request.get_host(), request.path, normalised_query(request)])
    return f"pagecache:page:{language}:" + hashlib.sha256(address.encode()).hexdigest()


@dataclass(frozen=True)
class Lookup:
    """What the cache held for a request, read in one round trip before the page is rendered."""

    key: str
    path_version: str
    listings_version: str
    site_version: str
    entry: dict | None

    def valid_entry(self) -> dict | None:
        entry = self.entry
        if entry is None or (entry["path"], entry["site"]) != (self.path_version, self.site_version):
            return None
        if not entry["own_content"] and entry["listings"] != self.listings_version:
            return None
        return entry


def look_up(request: HttpRequest, language: str) -> Lookup:
    key, path_key = entry_key(request, language), path_version_key(request.path)
    found = page_cache().get_many([key, path_key, LISTINGS_VERSION_KEY, SITE_VERSION_KEY])
    # A missing version reads as "": it matches the entries stored while it was missing, never a purged one.
    return Lookup(
        key=key,
        path_version=found.get(path_key, ""),
        listings_version=found.get(LISTINGS_VERSION_KEY, ""),
        site_version=found.get(SITE_VERSION_KEY, ""),
        entry=found.get(key),
    )


def remember_served_page(request: HttpRequest, page) -> None:
    request.page_cache_page_type = page.specific_class._meta.label_lower


def store(request: HttpRequest, lookup: Lookup, response: HttpResponse, seconds: int) -> None:
    entry = {
        "path": lookup.path_version,
        "site": lookup.site_version,
        "listings": lookup.listings_version,
        "own_content": getattr(request, "page_cache_page_type", None) in OWN_CONTENT_PAGE_TYPES,
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
    }
    page_cache().set(lookup.key, entry, timeout=seconds)


def response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response


def new_version() -> str:
    return secrets.token_hex(8)


def purge_paths(paths: set[str]) -> None:
    """Entries of these addresses (whatever their query strings) are no longer served."""
    if paths:
        versions = {path_version_key(path): new_version() for path in paths}
        page_cache().set_many(versions, timeout=VERSION_SECONDS)


def purge_listings() -> None:
    page_cache().set(LISTINGS_VERSION_KEY, new_version(), timeout=VERSION_SECONDS)


def purge_site() -> None:
    page_cache().set(SITE_VERSION_KEY, new_version(), timeout=VERSION_SECONDS)

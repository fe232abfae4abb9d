"""Query-string values, cleaned and checked once for every listing, page and API of the site.

Anything may arrive in a query string: NUL and other control characters (PostgreSQL refuses NUL
in text), the replacement of a lone surrogate, right-to-left marks, digits of other scripts that
`str.isdigit()` accepts and `int()` refuses ("²") or reads ("٣"), values of any length, a name
given many times. Views read their parameters through `cleaned_query`, and whole numbers through
`whole_number`, so that what reaches a query or `int()` is text the database can hold; views that
are not ours get their query string cleaned by `with_cleaned_query` (see `expo.urls`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.text import normalise_text

# Longer than any code, number or address the site takes; long enough to tell the visitor what they sent.
MAX_VALUE_LENGTH = 1000
# The parameter every search of the site reads, ours and the admin's (Wagtail's `search_kwarg`), and
# its length: Wagtail's search nests one expression per word, and beyond about 130 words it fails.
SEARCH_PARAMETER = "q"
MAX_SEARCH_LENGTH = 200
# The largest PostgreSQL `integer`: no page, size or year the site counts comes near it.
LARGEST_WHOLE_NUMBER = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+")
# How much of a `page` value that names no page a listing repeats to the visitor.
PAGE_NOTICE_VALUE_LENGTH = 20
# What `normalise_text` leaves and no text needs: C1 controls, and lone surrogates (which cannot be
# encoded for the database; Django's own decoding turns them into U+FFFD, other callers may not).
_NOT_TEXT = re.compile(r"[\x80-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class UnknownValue:
    """A query-string value that names nothing: a listing ignores it and says so (`unknown_filters.html`)."""

    label: str  # what the parameter filters or sorts by, as the page names it
    value: str


def clean_text(value: str, max_length: int = MAX_VALUE_LENGTH) -> str:
    """`value` without control characters but tab and line feed, without lone surrogates, NFC, stripped,
    and at most `max_length` characters long."""
    return normalise_text(_NOT_TEXT.sub("", value))[:max_length].strip()


def cleaned_query(params: QueryDict) -> QueryDict:
    """A copy of `params` with every name and value cleaned by `clean_text`, a search cut to
    `MAX_SEARCH_LENGTH`; a value repeated is kept once."""
    values_by_name: dict[str, dict[str, None]] = {}
    for raw_name, raw_values in params.lists():
        name = clean_text(raw_name)
        max_length = MAX_SEARCH_LENGTH if name == SEARCH_PARAMETER else MAX_VALUE_LENGTH
        values = (clean_text(value, max_length) for value in raw_values)
        # Two names may become one once cleaned ("page" and "page\x00"): their values are merged.
        values_by_name.setdefault(name, {}).update(dict.fromkeys(values))
    cleaned = QueryDict(mutable=True)
    for name, values in values_by_name.items():
        cleaned.setlist(name, list(values))
    cleaned._mutable = False  # read-only, as the request's own query string is
    return cleaned


def whole_number(value: str | None, *, minimum: int = 0, maximum: int = LARGEST_WHOLE_NUMBER) -> int | None:
    """`value` as an integer when it is ASCII digits only and between `minimum` and `maximum`; else None."""
    if not value or not _ASCII_DIGITS.fullmatch(value):
        return None
    # Compared as text first: `int()` of thousands of digits is slow, and refused beyond 4,300 of them,
    # leading zeros included.
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    number = int(digits)
    return number if minimum <= number <= maximum else None


def with_cleaned_query(view):
    """`view`, given the request's query string cleaned by `cleaned_query`: for views that are not ours,
    such as Wagtail's admin, which read query values (?locale=, ?q=, filters) straight into queries."""

    @functools.wraps(view)
    def view_with_cleaned_query(request, *args, **kwargs):
        request.GET = cleaned_query(request.GET)
        return view(request, *args, **kwargs)

    return view_with_cleaned_query


def clear_filters_url(listing_url: str, *, query: str = "", sort: str = "") -> str:
    """The listing's address without its filters (and on its first page), the search and the order kept;
    `sort` is empty for the listing's default order."""
    params = [(SEARCH_PARAMETER, query)] if query else []
    if sort:
        params.append(("sort", sort))
    return f"{listing_url}?{urlencode(params)}" if params else listing_url


def page_notice(requested: str | None, shown: int, last: int) -> str:
    """What a listing tells the visitor whose `page` parameter (`requested`, as sent) names none of its
    pages 1 to `last`: which page it shows instead (`shown`). Empty when it shows the page asked for."""
    requested = clean_text(requested or "")
    if not requested or whole_number(requested, minimum=1) == shown:
        return ""
    values = {"value": Truncator(requested).chars(PAGE_NOTICE_VALUE_LENGTH), "shown": shown}
    if not _ASCII_DIGITS.fullmatch(requested) or not requested.strip("0"):
        return _("“%(value)s” is not a page number; showing page %(shown)d.") % values
    if shown == last:
        return _("Page %(value)s does not exist; showing the last page, page %(shown)d.") % values
    return _("Page %(value)s does not exist; showing page %(shown)d.") % values

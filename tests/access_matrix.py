"""The words and the reading of an access matrix: what each role gets at each address, as the matrices of
the selection and the contests write it ("page", a download, "404", "→ <url name>" for a redirect)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve, reverse

PAGE = "page"
PDF = "PDF download"
CSV = "CSV download"
CLIP = "clip download"
PICTURE = "picture download"
JSON = "JSON"
FORBIDDEN = "403"
NOT_FOUND = "404"
LOG_IN = "→ account_login"
ADMIN_LOG_IN = "→ wagtailadmin_login"
ADMIN_HOME = "→ wagtailadmin_home"
ANONYMOUS = "anonymous"


def outcome(client: Client, response, url: str) -> str:
    """What the user got, in the words of the matrices."""
    if response.status_code == 200:
        content_type = response.get("Content-Type", "")
        # Reading a download to its end closes its file (the test client wraps it to).
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if content_type.startswith("text/csv"):
            assert body.startswith(b"\xef\xbb\xbf"), url
            return CSV
        if content_type.startswith("application/json"):
            return JSON
        if response.get("Content-Disposition", "").startswith("attachment"):
            # A private file: kept by no shared cache.
            assert "no-store" in response["Cache-Control"], url
            if body.startswith(b"%PDF-"):
                return PDF
            if content_type.startswith("video/") and body[4:8] == b"ftyp":
                return CLIP
            if content_type.startswith("image/") and body.startswith(b"\x89PNG"):
                return PICTURE
            return f"download of {content_type}"
        return PAGE
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        # Django's LocaleMiddleware answers an admin address's 404 with a redirect to the same address
        # under the default language's prefix, where it is not found either.
        if target == f"/vi{url}":
            return outcome(client, client.get(target), target)
        try:
            return f"→ {resolve(target).view_name}"
        except Resolver404:
            return f"→ {target}"
    return str(response.status_code)


@dataclass(frozen=True)
class Roles:
    """A matrix's roles, and the rows most addresses share."""

    names: tuple[str, ...]
    # Signed in, but without access to Wagtail's admin: sent to its log-in like the anonymous.
    without_admin_access: tuple[str, ...]

    def everyone(self, result: str) -> dict[str, str]:
        return dict.fromkeys(self.names, result)

    def front(self, signed_in: str, exceptions: dict[str, str] | None = None) -> dict[str, str]:
        """A front-end address: the anonymous are sent to log in."""
        return {**self.everyone(signed_in), ANONYMOUS: LOG_IN, **(exceptions or {})}

    def admin(self, signed_in: str, exceptions: dict[str, str] | None = None) -> dict[str, str]:
        """An admin address: the anonymous and those without admin access go to Wagtail's log-in; every
        other role gets `signed_in`, but for the `exceptions`."""
        return {
            **self.everyone(signed_in),
            **dict.fromkeys((ANONYMOUS, *self.without_admin_access), ADMIN_LOG_IN),
            **(exceptions or {}),
        }


@dataclass(frozen=True)
class Address:
    label: str
    url: Callable[[Any], str]
    outcomes: dict[str, str]


DONE = "done"


@dataclass(frozen=True)
class Action:
    """An action of a matrix: the allowed roles do it; for every other role the POST changes nothing."""

    label: str
    url: Callable[[Any], str]
    data: Callable[[Any], dict]
    # Whether the action took effect, read again from the database (the outbox, the stored files).
    done: Callable[[Any], bool]
    outcomes: dict[str, str]
    # Puts the world where the action can be done: it would otherwise be refused to everyone, or done.
    prepare: Callable[[Any], None] = lambda world: None
    # Whether everything the action would change is as it was; by default, that it is not done.
    untouched: Callable[[Any], bool] | None = None

    def left_untouched(self, world) -> bool:
        return self.untouched(world) if self.untouched else not self.done(world)


def named(name: str, *args: Callable[[Any], object]) -> Callable[[Any], str]:
    """The address of a URL name, its arguments read from the matrix's world."""
    return lambda world: reverse(name, args=[arg(world) for arg in args])

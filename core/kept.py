"""Values worked out from the database that change far less often than they are read (the menu and the
footer of every page, the facets' terms), kept in the cache until something they are made of changes.

What is kept is named by a generation number that signal handlers raise on any such change (a page
saved, moved or deleted, a view restriction, a site, a term: `initiatives.signal_handlers`; the site's
settings, a partner, an image: `home.signal_handlers`; the apps whose fragments of a page are kept, their
own models: `jury.signal_handlers`, `problems.signal_handlers`; the search index's upkeep: `search.tasks`):
the next read works it out again, and the old entries expire unread. One number for all: changes are rare,
and a page saved costs each kept value one working out. A request reads the number once
(`request_generation`), not once for each of the dozen values a page reads; what another request changes
meanwhile shows from the next request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import got_request_exception, request_finished, request_started
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

from .i18n import current_language

GENERATION_KEY = "expo-kept:generation"

Kept = TypeVar("Kept")

# The generation read by the request being served; NOT_READ before its first read; None outside requests
# (tasks, commands), where every read asks the cache.
NOT_READ = 0
request_generation: ContextVar[int | None] = ContextVar("request_generation", default=None)


def generation() -> int:
    remembered = request_generation.get()
    if remembered:
        return remembered
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        current = cache.get(GENERATION_KEY, 1)
    if remembered is not None:
        request_generation.set(current)
    return current


def forget_kept() -> None:
    """What is kept may be out of date: the next read works it out again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # nothing kept yet, or the cache lost the number: a new one names nothing kept
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)
    if request_generation.get() is not None:  # this request's own change shows in what it reads next
        request_generation.set(NOT_READ)


def read_once_per_request(**kwargs) -> None:
    request_generation.set(NOT_READ)


def read_each_time(**kwargs) -> None:
    request_generation.set(None)


# Connected here, as Django connects its own per-request resets: whoever keeps values gets them. A request
# that raised may never be finished (the test client re-raises): reading each time is the safe side.
request_started.connect(read_once_per_request, dispatch_uid="core.kept.request_started")
request_finished.connect(read_each_time, dispatch_uid="core.kept.request_finished")
got_request_exception.connect(read_each_time, dispatch_uid="core.kept.got_request_exception")


def kept(name: str, work_out: Callable[[], Kept], *parts: object) -> Kept:
    """`work_out()`, from the cache when nothing changed since it was kept; `parts` (a site, a language)
    tell apart the values kept under one name."""
    if settings.KEPT_SECONDS <= 0:  # nothing kept: every read works it out (benchmark_pages's "cold" run)
        return work_out()
    key = ":".join(["expo-kept", str(generation()), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = work_out()
        cache.set(key, value, settings.KEPT_SECONDS)
    return value


def forget_kept_when_changed(models: tuple[type, ...], name: str) -> None:
    """Forget what is kept whenever an instance of `models` (or of a subclass) is saved or deleted;
    `name` tells apart the apps that connect this."""

    def changed(sender, instance, **kwargs) -> None:
        if isinstance(instance, models):
            forget_kept()

    post_save.connect(changed, dispatch_uid=f"{name}.kept.saved", weak=False)
    post_delete.connect(changed, dispatch_uid=f"{name}.kept.deleted", weak=False)


def kept_for_page(name: str) -> Callable:
    """For a hook's fragment of a page that is the same for every reader (no user, no form in it): kept per
    page, site and language. Its app forgets what is kept when the fragment's own models change
    (`forget_kept_when_changed`); pages changing already do."""

    def decorate(render: Callable[[object, object], str]) -> Callable[[object, object], str]:
        @wraps(render)
        def fragment(request, page) -> str:
            site = Site.find_for_request(request) if request is not None else None
            return kept(
                name, lambda: render(request, page), page.pk, getattr(site, "pk", ""), current_language()
            )

        return fragment

    return decorate

"""Values worked out from the database that change far less often than they are read (the menu and the
footer of every page, the facets' terms), kept in the cache until something they are made of changes.

What is kept is named by a generation number that signal handlers raise on any such change (a page
saved, moved or deleted, a view restriction, a site, a term: `initiatives.signal_handlers`; the site's
settings, a partner, an image: `home.signal_handlers`): the next read works it out again, and the old
entries expire unread. One number for all: changes are rare, and a page saved costs each kept value one
working out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

KEPT_SECONDS = 6 * 60 * 60
GENERATION_KEY = "expo-kept:generation"

Kept = TypeVar("Kept")


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        current = cache.get(GENERATION_KEY, 1)
    return current


def forget_kept() -> None:
    """What is kept may be out of date: the next read works it out again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # nothing kept yet, or the cache lost the number: a new one names nothing kept
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def kept(name: str, work_out: Callable[[], Kept], *parts: object) -> Kept:
    """`work_out()`, from the cache when nothing changed since it was kept; `parts` (a site, a language)
    tell apart the values kept under one name."""
    key = ":".join(["expo-kept", str(generation()), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = work_out()
        cache.set(key, value, KEPT_SECONDS)
    return value


def forget_kept_when_changed(models: tuple[type, ...], name: str) -> None:
    """Forget what is kept whenever an instance of `models` (or of a subclass) is saved or deleted;
    `name` tells apart the apps that connect this."""

    def changed(sender, instance, **kwargs) -> None:
        if isinstance(instance, models):
            forget_kept()

    post_save.connect(changed, dispatch_uid=f"{name}.kept.saved", weak=False)
    post_delete.connect(changed, dispatch_uid=f"{name}.kept.deleted", weak=False)

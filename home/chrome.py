"""What every public page shows around its content, the same for every page of a site in one language
(the menu's pages, the footer's pages and partners), worked out once and kept in the cache.

It cost about 10 ms of each page (five queries and the models they make). What is kept is named by a
generation number that `home.signal_handlers` raises whenever it may change (a page saved, published,
unpublished, moved or deleted, a view restriction, the site's settings, a partner, an image, a site):
the next page works it out again, and the old entries expire unread. What depends on the page itself
(which menu item holds it) is worked out on each page from what is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

KEPT_SECONDS = 6 * 60 * 60
GENERATION_KEY = "expo-chrome:generation"

Kept = TypeVar("Kept")


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        current = cache.get(GENERATION_KEY, 1)
    return current


def forget_chrome() -> None:
    """What is kept is out of date: the next page works it out again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # nothing kept yet, or the cache lost the number: a new one names nothing kept
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def kept(name: str, site_id: int, language: str, work_out: Callable[[], Kept]) -> Kept:
    """`work_out()` for this site and language, from the cache when the chrome has not changed since."""
    key = f"expo-chrome:{generation()}:{name}:{site_id}:{language}"
    value = cache.get(key)
    if value is None:
        value = work_out()
        cache.set(key, value, KEPT_SECONDS)
    return value

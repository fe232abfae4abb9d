"""The visitor counter: views are added up in the cache as they come, and written to the database in bulk.

A view is counted when a browser fetches the beacon image that every public page carries (see
`templatetags.visits_tags`): the image is never cached, so views are counted even when the page's
HTML comes from a cache, and crawlers, which rarely load images, are told apart by their user
agent as well. Counting a view only adds to counters in the cache (`VISITS_CACHE`); `flush` moves
them to `DailyVisits` and `DailyPageViews`, from a task started at most once a minute or from
`manage.py flush_visits`. No cookie is set and no address is kept: a visitor is recognised within
one day by a hash of address and user agent with a random salt drawn for that day, which lives
only in the cache and expires with it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from wagtail.models import Page

from .models import DailyPageViews, DailyVisits

#: How long counters wait in the cache for a flush: a flush looks back as many days.
KEPT_DAYS = 3
FLUSH_INTERVAL_SECONDS = 60

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|archiv|preview|monitor|check|scan|headless|phantom|lighthouse|"
    r"curl|wget|httpie|python|java/|go-http|okhttp|axios|node-fetch|libwww|perl|ruby|php|facebookexternalhit|"
    r"whatsapp|telegram|discord|embedly|vkshare|pinterest",
    re.IGNORECASE,
)


def cache():
    return caches[getattr(settings, "VISITS_CACHE", "default")]


def is_bot(user_agent: str) -> bool:
    """Robots by their user agent; a request without one is not a browser either."""
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def views_key(day: date, page_id: int | None = None) -> str:
    return f"visits:{day.isoformat()}:views" + (f":{page_id}" if page_id else "")


def visitors_key(day: date) -> str:
    return f"visits:{day.isoformat()}:visitors"


def add(key: str, amount: int = 1) -> None:
    store = cache()
    store.add(key, 0, timeout=KEPT_DAYS * 86400)
    try:
        store.incr(key, amount)
    except ValueError:  # expired between the two calls
        store.add(key, amount, timeout=KEPT_DAYS * 86400)


def daily_salt(day: date) -> str:
    store = cache()
    key = f"visits:{day.isoformat()}:salt"
    store.add(key, secrets.token_hex(16), timeout=2 * 86400)
    return store.get(key) or ""


def visitor_hash(day: date, address: str, user_agent: str) -> str:
    return hashlib.sha256(f"{daily_salt(day)}|{address}|{user_agent}".encode()).hexdigest()


def count_view(page_id: int | None, address: str, user_agent: str) -> bool:
    """Counts one view by a browser, in the cache only; False for a robot, which is not counted."""
    if is_bot(user_agent):
        return False
    today = timezone.localdate()
    add(views_key(today))
    if page_id:
        add(views_key(today, page_id))
    seen_key = f"visits:{today.isoformat()}:seen:{visitor_hash(today, address, user_agent)}"
    if cache().add(seen_key, 1, timeout=86400 + 3600):
        add(visitors_key(today))
    return True


def flush_due() -> bool:
    """True at most once a minute (per shared cache): the moment to write the counters to the database."""
    return cache().add("visits:flush-due", 1, timeout=FLUSH_INTERVAL_SECONDS)


def take(keys: list[str]) -> dict[str, int]:
    """The counters' values, subtracted from them: views counted meanwhile stay for the next flush."""
    store = cache()
    values = {key: value for key, value in store.get_many(keys).items() if value}
    for key, value in values.items():
        store.decr(key, value)
    return values


def flush(today: date | None = None) -> int:
    """Writes the counted views of the last `KEPT_DAYS` days to the database; returns how many."""
    today = today or timezone.localdate()
    page_ids = list(Page.objects.live().public().values_list("pk", flat=True))
    flushed = 0
    for day in (today - timedelta(days=back) for back in range(KEPT_DAYS)):
        totals = take([views_key(day), visitors_key(day)])
        page_keys = {views_key(day, page_id): page_id for page_id in page_ids}
        page_views = {page_keys[key]: value for key, value in take(list(page_keys)).items()}
        if not totals and not page_views:
            continue
        with transaction.atomic():
            write_day(day, totals.get(views_key(day), 0), totals.get(visitors_key(day), 0), page_views)
        flushed += totals.get(views_key(day), 0)
    store_totals(today)
    return flushed


def write_day(day: date, views: int, visitors: int, page_views: dict[int, int]) -> None:
    """Adds to the day's rows, made first if missing: increments in SQL, so that two processes flushing
    their own buffers at once both count."""
    DailyVisits.objects.bulk_create([DailyVisits(day=day)], ignore_conflicts=True)
    DailyVisits.objects.filter(day=day).update(views=F("views") + views, visitors=F("visitors") + visitors)
    DailyPageViews.objects.bulk_create(
        [DailyPageViews(day=day, page_id=page_id, views=0) for page_id in page_views], ignore_conflicts=True
    )
    for page_id, count in page_views.items():
        DailyPageViews.objects.filter(day=day, page_id=page_id).update(views=F("views") + count)


STORED_TOTALS_KEY = "visits:stored-totals"


def store_totals(today: date) -> None:
    """Keeps the database's totals in the cache for the footer, which then reads no table."""
    rows = DailyVisits.objects.aggregate(total=Sum("views"), today=Sum("views", filter=Q(day=today)))
    totals = {"day": today.isoformat(), "total": rows["total"] or 0, "today": rows["today"] or 0}
    cache().set(STORED_TOTALS_KEY, totals, timeout=None)


def visitor_counts() -> dict[str, int]:
    """Views today and since the counter began: the database's totals as the last flush left them in
    the cache (an emptied cache starts a flush at the next view), and the views waiting in the cache."""
    today = timezone.localdate()
    store = cache()
    stored = store.get(STORED_TOTALS_KEY) or {"day": "", "total": 0, "today": 0}
    waiting = store.get_many([views_key(today - timedelta(days=back)) for back in range(KEPT_DAYS)])
    return {
        "today": (stored["today"] if stored["day"] == today.isoformat() else 0)
        + (waiting.get(views_key(today)) or 0),
        "total": stored["total"] + sum(value or 0 for value in waiting.values()),
    }

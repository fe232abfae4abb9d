"""The caches on a real Redis server (REDIS_URL in production): the page cache, and the visitor counter
shared by several server processes.

They run against EXPO_TEST_REDIS_URL (default redis://127.0.0.1:6379/15), under a key prefix of their own
that they delete afterwards; without a server they are skipped, unless EXPO_REDIS_TESTS=required (CI).
"""

import os
import uuid
from datetime import date

import pytest
import redis
from django.core.cache import caches

from expo.settings.base import redis_cache
from pagecache.middleware import HEADER
from tests.builders import make_initiative
from visits import counter
from visits.models import DailyVisits

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("EXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_server() -> redis.Redis:
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("EXPO_REDIS_TESTS") == "required":
            raise
        pytest.skip(f"no Redis server at {REDIS_URL}")
    return server


@pytest.fixture
def on_redis(settings):
    """The default and visits caches on Redis, as production sets them with REDIS_URL."""
    server = redis_server()
    prefix = f"expo-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": redis_cache({"REDIS_URL": REDIS_URL}, prefix),
        "visits": redis_cache({"REDIS_URL": REDIS_URL}, prefix + "-visits"),
    }
    settings.VISITS_CACHE = "visits"
    settings.PAGE_CACHE_SECONDS = 300
    yield server, prefix
    keys = list(server.scan_iter(match=f"{prefix}*"))
    if keys:
        server.delete(*keys)
    server.close()


def test_pages_are_kept_in_redis_and_purged_there(client, site_tree, on_redis, django_assert_num_queries):
    server, prefix = on_redis
    assert client.get(site_tree.expo.url)[HEADER] == "miss"
    assert list(server.scan_iter(match=f"{prefix}:*:pagecache:page:vi:*"))
    with django_assert_num_queries(0):
        assert client.get(site_tree.expo.url)[HEADER] == "hit"

    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")

    hall = client.get(site_tree.expo.url)
    assert hall[HEADER] == "miss"
    assert initiative.url in hall.content.decode()


def test_a_visitor_is_counted_once_across_server_processes(site_tree, on_redis, monkeypatch):
    """Each process has its own connection to Redis (two cache objects here); the counters are Redis's,
    incremented atomically, so the second process sees the first one's visitor."""
    first_process, second_process = caches.create_connection("visits"), caches.create_connection("visits")
    today = date(2026, 12, 4)
    monkeypatch.setattr(counter.timezone, "localdate", lambda: today)
    browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"

    monkeypatch.setattr(counter, "cache", lambda: first_process)
    counter.count_view(site_tree.expo.pk, "203.0.113.7", browser)
    monkeypatch.setattr(counter, "cache", lambda: second_process)
    counter.count_view(site_tree.expo.pk, "203.0.113.7", browser)
    counter.count_view(site_tree.home.pk, "198.51.100.2", browser)

    assert first_process.get(counter.visitors_key(today)) == 2
    assert first_process.get(counter.views_key(today)) == 3
    monkeypatch.setattr(counter, "cache", lambda: first_process)
    assert counter.flush(today) == 3
    day = DailyVisits.objects.get(day=today)
    assert (day.views, day.visitors) == (3, 2)
    assert counter.flush(today) == 0  # what was written is taken out of Redis

"""`core.kept`: a value is worked out once until the generation changes, which a request reads once."""

import pytest
from django.core.cache import cache
from django.core.signals import got_request_exception, request_finished, request_started

from core import kept as kept_module
from core.kept import GENERATION_KEY, forget_kept, generation, kept

# Django closes old database connections when a request starts and finishes.
pytestmark = pytest.mark.django_db


class CountingCache:
    """The cache, counting the reads of the generation."""

    def __init__(self):
        self.generation_reads = 0

    def get(self, key, *args, **kwargs):
        if key == GENERATION_KEY:
            self.generation_reads += 1
        return cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


@pytest.fixture
def counting(monkeypatch):
    generation()  # a generation to read: the very first read also starts one
    counting = CountingCache()
    monkeypatch.setattr(kept_module, "cache", counting)
    yield counting
    request_finished.send(sender=None)


class Worker:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


def test_a_request_reads_the_generation_once_whatever_it_keeps(counting):
    request_started.send(sender=None)
    for name in ("menu", "footer", "terms"):
        kept(name, Worker())
    assert counting.generation_reads == 1
    request_finished.send(sender=None)
    kept("menu", Worker())
    kept("footer", Worker())
    assert counting.generation_reads == 3  # outside a request (a task, a command): each read asks


def test_a_change_between_requests_shows_in_the_next_one(counting):
    work_out = Worker()
    request_started.send(sender=None)
    assert kept("menu", work_out) == kept("menu", work_out) == "value 1"
    request_finished.send(sender=None)
    forget_kept()  # another process saved a page
    request_started.send(sender=None)
    assert kept("menu", work_out) == "value 2"


def test_a_request_s_own_change_shows_in_what_it_reads_next(counting):
    work_out = Worker()
    request_started.send(sender=None)
    assert kept("menu", work_out) == "value 1"
    forget_kept()
    assert kept("menu", work_out) == "value 2"
    assert kept("menu", work_out) == "value 2"


def test_after_a_request_that_raised_each_read_asks_again(counting):
    request_started.send(sender=None)
    kept("menu", Worker())
    got_request_exception.send(sender=None, request=None)  # the test client then never finishes it
    cache.incr(GENERATION_KEY)  # another process saved a page
    work_out = Worker()
    assert kept("menu", work_out) == "value 1" and work_out.calls == 1


def test_nothing_kept_yet_and_a_cache_that_lost_the_number_start_a_generation(counting):
    work_out = Worker()
    assert kept("menu", work_out) == "value 1"
    cache.delete(GENERATION_KEY)
    forget_kept()
    assert kept("menu", work_out) == "value 2"


def test_with_kept_seconds_0_every_read_works_it_out(settings, counting):
    settings.KEPT_SECONDS = 0
    work_out = Worker()
    assert kept("menu", work_out) == "value 1"
    assert kept("menu", work_out) == "value 2"

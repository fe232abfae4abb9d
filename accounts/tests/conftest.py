import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters in the cache (locmem in tests): each test starts from zero."""
    cache.clear()
    yield
    cache.clear()

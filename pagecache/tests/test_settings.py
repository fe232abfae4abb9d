"""Which caches each environment uses: Redis where REDIS_URL is set, else the database (production) or
each process's memory."""

from tests.test_settings_and_urls import load_production


def production(monkeypatch, **environment):
    for name in ("REDIS_URL", "WAGTAILADMIN_BASE_URL", "PAGE_CACHE_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_production(monkeypatch, SECRET_KEY="k" * 50, ALLOWED_HOSTS="expo.example.gov.vn")


def test_production_without_redis_keeps_the_database_cache(monkeypatch):
    settings = production(monkeypatch)
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["visits"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.PAGE_CACHE_SECONDS == 300
    assert settings.CACHES[settings.PAGE_CACHE_ALIAS]["LOCATION"] == "expo_page_cache"


def test_production_with_redis_shares_every_cache_there(monkeypatch):
    settings = production(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/2", PAGE_CACHE_SECONDS="60")
    redis = "django.core.cache.backends.redis.RedisCache"
    assert settings.CACHES["default"] == {
        "BACKEND": redis,
        "LOCATION": "redis://127.0.0.1:6379/2",
        "KEY_PREFIX": "expo",
    }
    assert settings.CACHES["visits"]["BACKEND"] == redis
    assert settings.CACHES["visits"]["KEY_PREFIX"] != "expo"
    assert settings.VISITS_CACHE == "visits"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.PAGE_CACHE_SECONDS == 60
    assert settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"] == redis
    assert settings.CACHES[settings.PAGE_CACHE_ALIAS]["KEY_PREFIX"] == "expo-pages"
    assert settings.MIDDLEWARE[-1] == "pagecache.middleware.AnonymousPageCacheMiddleware"

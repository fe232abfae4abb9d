import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests use the database backend; Elasticsearch's tests choose their backend themselves, and its
# live tests run only where ELASTICSEARCH_URL names a server.
SOLUTIONS_SEARCH = solutions_search({})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's in-memory default, so that `--reuse-db` can keep the migrated database
    # between runs (conftest.py has it created afresh when it cannot be used as it is).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db" / "expo.sqlite3")}  # noqa: F405

# A real worker process started by a test (outbox/tests/test_worker_process.py) reads the queue from the test
# database and writes what it sends to files, since the test cannot see another process's memory.
if os.environ.get("EXPO_TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("EXPO_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EXPO_EMAIL_FILE_PATH"]

# Caches: each process's memory whatever the environment says; the page cache is off unless a test turns it
# on, and no CDN is purged (pagecache/tests/ use Redis and the purge where they need them).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
PAGE_CACHE_SECONDS = 0
WAGTAILFRONTENDCACHE = {}

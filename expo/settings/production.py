import ipaddress
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
INSECURE_KEYS = {"", "dev-only-insecure-key", "test-only-insecure-key"}
if SECRET_KEY in INSECURE_KEYS or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in production.")

CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True


# HTTPS and the site's address ---------------------------------------------------------------------------
def env_flag(name: str, default: bool) -> bool:
    """An on/off environment variable; a value that is neither is refused rather than guessed."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be on or off (1/0, true/false, yes/no, on/off), not {value!r}.")


def site_address(configured: str, allowed_hosts: list[str]) -> str:
    """The address every link in an e-mail starts with (core.links): WAGTAILADMIN_BASE_URL, else https:// and
    the first name in ALLOWED_HOSTS if that is a public name. Refused unless it is http(s) on a host that
    ALLOWED_HOSTS accepts."""
    if not configured:
        first = allowed_hosts[0]
        if not is_public_host_name(first):
            raise ImproperlyConfigured(
                f"Set WAGTAILADMIN_BASE_URL (e.g. https://expo.example.org): the first of ALLOWED_HOSTS, "
                f"{first!r}, is not the site's public name."
            )
        configured = f"https://{first}"
    address = urlsplit(configured)
    if address.scheme not in {"http", "https"} or not address.hostname or address.path.strip("/"):
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL must be like https://expo.example.org, not {configured!r}."
        )
    if not validate_host(address.hostname, allowed_hosts):
        raise ImproperlyConfigured(
            f"The host of WAGTAILADMIN_BASE_URL ({address.hostname}) is not in ALLOWED_HOSTS."
        )
    return f"{address.scheme}://{address.netloc}"


def is_public_host_name(host: str) -> bool:
    """A name like expo.example.org: not a pattern (*, .example.org), not localhost, not an IP address."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "." in host and not host.startswith(".") and "*" not in host
    return False


WAGTAILADMIN_BASE_URL = site_address(os.environ.get("WAGTAILADMIN_BASE_URL", ""), ALLOWED_HOSTS)  # noqa: F405
# Plain HTTP is redirected to HTTPS here unless the proxy in front does it (then set it off).
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=True)
# Browsers remember to use HTTPS only, for a year by default; lower it (e.g. 3600) while trying HTTPS out.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading puts the whole domain into browsers' built-in HTTPS-only list, which is hard to undo: off unless
# the domain's owner decides otherwise, so Django's reminder about it (security.W021) is silenced.
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
LANGUAGE_COOKIE_SECURE = True

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = True
# Every e-mail, Wagtail's admin's included, is only queued during the request (outbox); the worker sends it.
OUTBOX_EMAIL_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "outbox.backends.QueueingEmailBackend"

# Rate limits (sign-up, log-in, password reset) count in the cache, which all processes must share.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "expo_cache",
    }
}
# The visitor counter's buffer: not the database cache, whose every increment would be a write. Each
# process counts in its own memory and writes its counts at most once a minute (visits.counter).
CACHES["visits"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "visits"}
VISITS_CACHE = "visits"
# Work after a request (e-mails, search index upkeep, the open data files) waits in the database until the
# worker (scripts/worker.sh) does it, so that no request waits for it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Behind a reverse proxy every visitor would share the proxy's address: say how many proxies to trust.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))

# The application server and its health check ---------------------------------------------------------------
# Load balancers and monitors ask /healthz over plain HTTP on the machine itself (README, "Production").
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Caches (README, "Caches") -----------------------------------------------------------------------------
# With Redis (REDIS_URL, base.py) every process shares the default cache there, and the visitor counter
# counts there too, atomically (INCR), so that a visitor is counted once across processes and one flush
# writes every process's views.
if REDIS_CACHE is not None:  # noqa: F405
    CACHES = {
        "default": REDIS_CACHE,  # noqa: F405
        "visits": redis_cache(os.environ, "expo-visits"),  # noqa: F405
        "pages": redis_cache(os.environ, "expo-pages"),  # noqa: F405
    }
else:
    # Pages in a table of their own: the database cache empties a third of a full table at a time, which
    # must not take the rate limits' counters with it.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "expo_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
PAGE_CACHE_ALIAS = "pages"

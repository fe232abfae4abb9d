"""Settings shared by every environment; dev, test and production refine them."""

import os
from base64 import b64encode
from hashlib import sha256
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "files",
    "accounts",
    "home",
    "halls",
    "initiatives",
    "calls",
    "submissions",
    "search",
    "jury",
    "problems",
    "contests",
    "api",
    "opendata",
    "stats",
    "visits",
    "outbox",
    "health",
    "benchmarks",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    # After wagtail.admin: its ready() connects the workflow e-mails that screening's ready() replaces.
    "screening",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before any middleware that may answer (CommonMiddleware's redirects, the API's 304 and 429).
    "corsheaders.middleware.CorsMiddleware",
    "expo.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "expo.middleware.LocaleMiddleware",
    "home.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the language and the user are known: the rate limit, ETags and JSON errors of /api/.
    "api.conventions.ApiConventionsMiddleware",
]

ROOT_URLCONF = "expo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "expo.wsgi.application"

# SQLite is the zero-setup default; DATABASE_URL (postgres://…) switches engines.
DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60)
}
# Several processes write to SQLite at once (the server's workers, the task worker). A transaction that read
# first fails at once with "database is locked" when it must write while another writes; one that takes the
# write lock as it begins waits for it instead, up to the timeout (seconds).
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "submissions:dashboard"

# Accounts (django-allauth): e-mail login, verification before a first submission.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"  # the adapter sends people to the home page of their language instead
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's own forms, relabelled with our texts (allauth has no Vietnamese catalogue).
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "signup": "accounts.allauth_forms.SignupForm",
    "add_email": "accounts.allauth_forms.AddEmailForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
    "set_password": "accounts.allauth_forms.SetPasswordForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
}
# People may sign in and draft before confirming; submitting needs a confirmed address
# (accounts.decorators.verified_email_required). The link opens a page with a "Confirm" button.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 7
# One address per account: a new address replaces the old one once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# Tell people by e-mail when their password or e-mail address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Triển lãm số / Digital Expo] "
# Password reset does not reveal whether an address has an account; sign-up does say an address is taken
# (unique addresses come first), behind the sign-up rate limit.
ACCOUNT_PREVENT_ENUMERATION = True
# None: a "Keep me signed in on this device" box, unticked (phones and computers are often shared).
ACCOUNT_SESSION_REMEMBER = None
# Password rules are Django's AUTH_PASSWORD_VALIDATORS (8 characters at least, not common, not numeric).
# Rate limits need a cache shared by all processes in production. Offices and mobile networks put many
# people behind one IP address, hence generous limits per IP and strict ones per address ("key").
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed log-ins (accounts.adapter). The "key" of "login_failed" is an address and a client IP address
    # together, so that nobody elsewhere can lock an address's owner out:
    # - 10 a minute from one client, whatever the addresses (guessing many accounts);
    # - 5 in 5 minutes and 20 a day for one address from one client (the owner's typos; a stranger guessing);
    # - 100 a day for one address from all clients together ("login_failed_per_address"): guessing spread
    #   over many clients gets no further (allauth's default allowed 1,440 a day), and locking the owner out
    #   this way takes five clients at least. The message then offers a new password, which lifts the lock.
    "login_failed": "10/m/ip,5/5m/key,20/1d/key",
    "login_failed_per_address": "100/1d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first. Page content languages match the interface languages.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The language last read is remembered for a year (home.middleware.RememberLanguageMiddleware).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES


def machine_translator(environ) -> dict | None:
    """wagtail-localize's machine translation, only where a service is configured: no call otherwise."""
    if environ.get("LIBRETRANSLATE_URL"):
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": environ["LIBRETRANSLATE_URL"],
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
            },
        }
    if environ.get("DEEPL_AUTH_KEY"):
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": environ["DEEPL_AUTH_KEY"]},
        }
    return None


_configured_translator = machine_translator(os.environ)
if _configured_translator is not None:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = _configured_translator
WAGTAIL_I18N_ENABLED = True
# locale/ is the project's catalogue (makemessages writes it); locale_admin/ completes the catalogues of
# Wagtail's admin and of Django where they lack Vietnamese (README, "Languages").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
FORMAT_MODULE_PATH = ["expo.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files (drafts' uploads, endorsement scans, the images and attachments of initiatives not yet
# accepted) stay here, outside MEDIA_ROOT: no URL reaches them except the views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    # Public names under MEDIA_ROOT, names under "private/" under PRIVATE_MEDIA_ROOT (files/storage.py).
    "default": {"BACKEND": "files.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Digital Expo <no-reply@localhost>")

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Outgoing e-mails (outbox.delivery): an e-mail that cannot be sent is tried again after each of these delays
# (minutes), then kept as failed for administrators. Six attempts over about 15 hours.
OUTBOX_RETRY_MINUTES = [1, 5, 30, 120, 720]
# The backend the worker sends queued e-mails with where EMAIL_BACKEND only queues them
# (outbox.backends.QueueingEmailBackend, in production); empty: EMAIL_BACKEND.
OUTBOX_EMAIL_BACKEND = ""

WAGTAIL_SITE_NAME = "Triển lãm số / Digital Expo"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Images and documents keep their files in public or private storage by collection (files/models.py).
WAGTAILIMAGES_IMAGE_MODEL = "files.ExpoImage"
WAGTAILDOCS_DOCUMENT_MODEL = "files.ExpoDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# The largest video clip an entry to a contest may upload.
CONTEST_VIDEO_MAX_MB = int(os.environ.get("CONTEST_VIDEO_MAX_MB", "150"))
# Documents in private collections must go through Wagtail's permission-checking view.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES


def solutions_search(environ) -> dict:
    """The solutions bank's backend: Elasticsearch where `ELASTICSEARCH_URL` is set, else the database."""
    if environ.get("ELASTICSEARCH_URL"):
        return {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": environ["ELASTICSEARCH_URL"],
            "INDEX": environ.get("ELASTICSEARCH_INDEX", "expo-initiatives"),
            "TIMEOUT": float(environ.get("ELASTICSEARCH_TIMEOUT", "5")),
        }
    return {
        "BACKEND": "search.backends.database.DatabaseBackend",
        # On PostgreSQL: the memory for each sort and hash of a search's statement (search.backends.database).
        "WORK_MEM": environ.get("SEARCH_WORK_MEM", "32MB"),
    }


SOLUTIONS_SEARCH = solutions_search(os.environ)


# Security headers -------------------------------------------------------------------------------------
def source_hash(inline_code: str) -> str:
    """A Content-Security-Policy source that allows exactly `inline_code`."""
    return f"'sha256-{b64encode(sha256(inline_code.encode()).digest()).decode()}'"


# Content-Security-Policy (django-csp, through expo.middleware.ContentSecurityPolicyMiddleware). The public
# site runs no inline script (tests/test_security_headers.py scans the templates): only files from its own
# origin. Initiative pages embed videos from YouTube (privacy-enhanced host) and Vimeo.
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The public site's one inline style: the sign-up form's trap for robots (templates/account/signup.html) must
# stay out of sight even where the stylesheet fails to load, or people would fill it in and be taken for
# robots. Its style attribute, exactly this, is allowed by its hash; no other inline style is.
SIGNUP_TRAP_STYLE = (
    "position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden;"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-hashes'", source_hash(SIGNUP_TRAP_STYLE)],
        "img-src": [SELF, "data:"],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The Wagtail admin (under /admin/) gets this policy instead, as found in Chromium: Wagtail 8 writes inline
# scripts into its pages (listing filters, date pickers, inline panels), inline event handlers (the image
# focal point tool) and, from its scripts, <style> elements, so scripts and styles there need
# 'unsafe-inline'; uploads show a preview of each image from a blob: address; the admin frames its own
# page previews, which embed the videos.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "style-src-attr": None,  # style-src applies to style attributes too
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
        "frame-ancestors": [SELF],
    }
}
# Admin avatars come from here, not from gravatar.com: no other site learns who uses the admin (and the
# admin's Content-Security-Policy needs no outside images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No referrer leaves for other sites (the video frames set their own, which YouTube requires).
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# The address of the demo's Wagtail Site (home.demo), by default that of WAGTAILADMIN_BASE_URL: the sitemap,
# canonical links, feeds and link previews build every absolute address on the Site's hostname and port
# (443 means https).
EXPO_SITE_HOSTNAME = os.environ.get("EXPO_SITE_HOSTNAME", "")
EXPO_SITE_PORT = int(os.environ.get("EXPO_SITE_PORT") or 0) or None
# The visitor counter adds up views in this cache and writes them to the database once a minute
# (visits.counter): it must be a cache that does not write to the database itself.
VISITS_CACHE = "default"
# API for developers (api app) -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Reverse proxies in front of the site: the rate limit counts per client address, the last one they
    # add to X-Forwarded-For. None in front (0): the connection's address, whatever the header claims.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digital Expo API",
    "DESCRIPTION": (
        "Read every public page, image and document of the Digital Expo (Triển lãm số) in Vietnamese "
        "and English, and search the solutions bank."
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_the_public_api"],
    "ENUM_NAME_OVERRIDES": {
        "AdministrativeLevelEnum": "initiatives.models.AdministrativeLevel",
        "TextLanguageEnum": "initiatives.models.TextLanguage",
    },
}
# Requests a minute (or /second, /hour, /day) that one anonymous client may make to /api/.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
# How long clients and shared caches may keep an API answer before asking again (with its ETag).
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
# Other sites whose pages may read the API from a browser (CORS), comma-separated origins.
CORS_ALLOWED_ORIGINS = [o for o in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if o]
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# The most items one page of an API listing holds (Wagtail's default is 20).
WAGTAILAPI_LIMIT_MAX = 100
# The API's documentation (/api/docs/, Swagger UI): its scripts and stylesheet come from this site, but
# Swagger UI writes <style> elements and style attributes from its scripts.
API_DOCS_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, "'unsafe-inline'"],
        "style-src-attr": None,
    }
}


# Caches (README, "Caches") -----------------------------------------------------------------------------
# Rate limits (allauth, the API), sessions, page fragments and the anonymous page cache use the default
# cache: Redis where REDIS_URL is set; otherwise each environment's own (locmem here, the database cache in
# production).
def redis_cache(environ, key_prefix: str) -> dict | None:
    """Django's own Redis cache at REDIS_URL (e.g. redis://127.0.0.1:6379/0), or None without one."""
    if not environ.get("REDIS_URL"):
        return None
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": environ["REDIS_URL"],
        "KEY_PREFIX": key_prefix,
    }


REDIS_CACHE = redis_cache(os.environ, "expo")
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_CACHE is not None:
    CACHES = {"default": REDIS_CACHE}
    # Sessions are read from Redis and written through to the database: a session costs no query to read,
    # and Redis evicting or losing it (a restart, memory full of cached pages) signs nobody out. Not with
    # the database cache: that would read two tables instead of one.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The anonymous page cache (pagecache): whole pages for visitors who are not signed in, for this many
# seconds at most (0: off); purged when a page is published, unpublished, moved or deleted.
INSTALLED_APPS += ["pagecache"]
MIDDLEWARE += ["pagecache.middleware.AnonymousPageCacheMiddleware"]  # last: see pagecache/middleware.py
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_ALIAS = "default"
# Values worked out from the database and kept in the default cache until what they are made of changes
# (core.kept: the menu, the facets' terms and counts, an initiative's similar initiatives), for this many
# seconds at most (0: nothing kept).
KEPT_SECONDS = int(os.environ.get("KEPT_SECONDS", str(6 * 60 * 60)))


def frontend_cache(environ) -> dict:
    """A CDN or caching proxy purged on the same events, with the same addresses, as the page cache
    (wagtail.contrib.frontend_cache): a proxy that accepts PURGE requests at FRONTEND_CACHE_PURGE_URL
    (Varnish, nginx), and/or Cloudflare with CLOUDFLARE_API_TOKEN (permission "Cache Purge") and
    CLOUDFLARE_ZONE_ID."""
    backends = {}
    if environ.get("FRONTEND_CACHE_PURGE_URL"):
        backends["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["FRONTEND_CACHE_PURGE_URL"],
        }
    if environ.get("CLOUDFLARE_API_TOKEN") and environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": environ["CLOUDFLARE_ZONE_ID"],
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache(os.environ)
# The purge is given each language's own addresses (/vi/gian-trien-lam-so/, /en/expo-hall/): Wagtail must
# not make up the same path under the other prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []

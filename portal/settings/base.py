"""Settings shared by every environment.

Embedded defaults, real engines when configured: SQLite, an in-process cache
and database search unless DATABASE_URL / REDIS_URL / ELASTICSEARCH_URL say
otherwise, so a fresh clone runs with no set-up.
"""
import importlib.util
import os
from pathlib import Path

import dj_database_url

from portal import languages
from portal.machine_translation import translator_setting_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Public, for development only: production.py refuses to start with it.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]

INSTALLED_APPS = [
    "home",
    "search",
    "services",
    "accounts",
    "community",
    "helpdesk",
    "portal",
    # Before wagtail_localize: its signals and hooks act on what wagtail-localize does.
    "translations",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
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
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # After "accounts", whose templates override allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",  # the staff's second factor (accounts.second_factor)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RememberLanguageMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.api.LocaleMiddleware",  # Django's, but API errors stay JSON and are never redirected
    "portal.page_cache.RouteCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.second_factor.SecondFactorMiddleware",  # after the two above: reads the user and allauth's context
    "services.permissions.TranslationLocaleMiddleware",  # translators change places and events only in their language
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.busy.DatabaseBusyMiddleware",  # a write that met a locked database: "send it again", not a 500
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the default rollback
    # journal serialises them and makes a busy site time out.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    # A write waits this long (seconds) for another writer, such as an import,
    # before "database is locked" (which the forms answer with "try again").
    DATABASES["default"]["OPTIONS"]["timeout"] = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "10"))
    # Transactions take the write lock when they begin. A deferred one (SQLite's
    # default) that reads and then writes fails at once with "database is locked"
    # when another connection wrote meanwhile, ignoring the busy timeout.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if "memory" in str(DATABASES["default"]["NAME"]) else 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "portal")
# Seconds a reader's search waits for Elasticsearch before the embedded engine
# answers (index writes wait longer); repeated failures open the "search" breaker.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "0.5"))

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    # A Redis that is down or hangs costs a request at most these timeouts (seconds)
    # until the "cache" circuit breaker opens; pages are then served uncached
    # (portal.cache_backend).
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Anonymous readers are served whole pages from the cache for this long at
# most; publishing anything invalidates them at once (portal.page_cache).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() != "false"

# Requests per client per minute (portal.ratelimit). Behind a reverse proxy
# that sets X-Forwarded-For, set RATELIMIT_TRUST_X_FORWARDED_FOR=true.
RATELIMIT_TRUST_X_FORWARDED_FOR = os.environ.get("RATELIMIT_TRUST_X_FORWARDED_FOR", "false").lower() == "true"
SEARCH_RATE_PER_MINUTE = int(os.environ.get("SEARCH_RATE_PER_MINUTE", "60"))

# Coordinates for places saved with an address only (services.geocoding):
# OpenStreetMap's Nominatim by default, a self-hosted one in production.
GEOCODER_BACKEND = os.environ.get("GEOCODER_BACKEND", "services.geocoding.NominatimGeocoder")
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "nominatim.openstreetmap.org")
GEOCODER_SCHEME = os.environ.get("GEOCODER_SCHEME", "https")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "gyeonggi-immigrant-portal")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))

# The readers' map (services.maps), loaded only when a reader opens it. OpenStreetMap's
# tiles are for light use: in production, point MAP_TILE_URL at your own tile server
# (its origin is allowed in img-src on the map pages only).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "© OpenStreetMap contributors")
# A place's directions link; {latitude}, {longitude} and {name} (URL-encoded) are filled in.
DIRECTIONS_URL = os.environ.get("DIRECTIONS_URL", "https://www.openstreetmap.org/directions?to={latitude},{longitude}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Members (accounts/, django-allauth): sign up and log in with email and password,
# a public nickname only, the email verified before anything can be posted.
AUTHENTICATION_BACKENDS = [
    "accounts.staff_login.StaffLoginBackend",  # the admin's usernames: Django's ModelBackend, throttled
    "allauth.account.auth_backends.AuthenticationBackend",  # members' emails
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:account"
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.MemberSignupForm", "login": "accounts.forms.MemberLoginForm",
                 "change_password": "accounts.forms.MemberChangePasswordForm"}
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Throttles, in allauth's "amount/period/per" (period s, m, h or d; per "ip" or "key").
# LOGIN_FAILED_RATE: failed logins before a lock for the period, per client (generous:
# many readers share a mobile carrier's or a centre's address) and per account
# (key = the email); even the right password is refused while locked.
# SIGNUP_RATE: accounts created per client. Clients are keyed by a hash of their
# address (accounts.adapter), never the address itself.
LOGIN_FAILED_RATE = os.environ.get("LOGIN_FAILED_RATE", "20/15m/ip,5/15m/key")
SIGNUP_RATE = os.environ.get("SIGNUP_RATE", "5/d/ip")
ACCOUNT_RATE_LIMITS = {"login_failed": LOGIN_FAILED_RATE, "accounts_created": SIGNUP_RATE, "signup": "20/h/ip"}
# Staff (the admin's username + password, and their second-factor codes) are locked by the same
# LOGIN_FAILED_RATE, counted apart from members' (accounts.login_throttle); the login form says for how long.
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.staff_login.StaffLoginForm"
# Mail goes through portal.mail.ResilientEmailBackend: the real backend (EMAIL_BACKEND in
# the environment, SMTP by default) behind a short timeout and the "mail" circuit breaker,
# so a mail server that is down or hangs never fails what the user was doing.
# Development prints mail (dev.py); tests keep it in mail.outbox (test.py).
EMAIL_INNER_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_BACKEND = "portal.mail.ResilientEmailBackend"
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "5"))
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"

# Internationalisation: one table (portal/languages.py) drives all of it.
languages.extend_django_lang_info()
LANGUAGE_CODE = languages.SOURCE_LANGUAGE
LANGUAGES = languages.django_languages()
# The admin names languages "native (English)": Locale.get_display_name() reads these labels,
# so wagtail-localize's locale checkboxes and editor, and Wagtail's locale menus, all do.
WAGTAIL_CONTENT_LANGUAGES = [(language.code, language.staff_name) for language in languages.LANGUAGES]
WAGTAIL_I18N_ENABLED = True
# Every interface language the portal has catalogs for, Urdu (right-to-left) included: where
# Wagtail has no catalog, its strings fall back to English (portal/gettext_fallback.py).
WAGTAILADMIN_PERMITTED_LANGUAGES = WAGTAIL_CONTENT_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Dates, times and numbers per language: ours first (for the languages Django has no formats
# for, and the portal's own WEEKDAY_DATE_FORMAT), then Django's, then Django's English defaults.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet (the readers' map, the admin's pin) is django-leaflet's bundled copy, served as our own
# static/leaflet/ (no CDN). Not an installed app: its admin module needs GDAL, which we do not use.
LEAFLET_STATIC_DIR = Path(importlib.util.find_spec("leaflet").origin).parent / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", LEAFLET_STATIC_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Gyeonggi Immigrant Portal")
# Staff who read help-desk cases or moderate also give a code from an authenticator app
# (accounts.second_factor, on allauth's MFA); the app lists the code under the site's name.
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "png": "webp", "jpeg": "webp", "gif": "webp"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no request to a third party from the admin either
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # nor Gravatar, which would get a hash of each staff member's e-mail
WAGTAILAPI_LIMIT_MAX = 50
# No WAGTAILAPI_BASE_URL: the API's detail_url and html_url name the host each request came in on
# (home/api.py), not one fixed address.

# Sending a page for translation creates a draft in the target language and
# never publishes it (wagtail-localize would publish the source text under the
# target language when the source is live): readers keep the marked fallback
# (home.fallback) until a translator publishes. Converted aliases are taken
# offline by translations.signals.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = translator_setting_from_env(os.environ)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DENY for old browsers; modern ones obey the CSP frame-ancestors 'self'
# instead, which the admin's live preview needs (portal.middleware).
X_FRAME_OPTIONS = "DENY"

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django gives its "django" logger a console handler of its own when DEBUG is on; the records
    # also reach the root's, so runserver printed every warning twice. The root alone prints them.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}

EMERGENCY_LINES = ("119", "112", "1345", "1350", "1366", "1577-1366")

# Help desk (helpdesk/, README "Help desk"). Personal data is encrypted with
# HELPDESK_ENCRYPTION_KEYS (Fernet keys, comma separated: the first encrypts,
# all decrypt) and contacts are matched by an HMAC under HELPDESK_HASH_KEY.
# dev.py and test.py fall back to the public development keys below;
# production.py refuses to start without real ones.
HELPDESK_ENCRYPTION_KEYS = [key.strip() for key in os.environ.get("HELPDESK_ENCRYPTION_KEYS", "").split(",") if key.strip()]
HELPDESK_HASH_KEY = os.environ.get("HELPDESK_HASH_KEY", "")
# sha256("portal-helpdesk-development-key") in URL-safe base64: public, for development data only.
DEVELOPMENT_HELPDESK_ENCRYPTION_KEY = "vAa-E9K8ZdgWyloH4gpH7m4L3GF7P6Ut1IlSQkF3Ndo="
DEVELOPMENT_HELPDESK_HASH_KEY = "portal-helpdesk-development-hash-key-public"
HELPDESK_RETENTION_MONTHS = int(os.environ.get("HELPDESK_RETENTION_MONTHS", "12"))
HELPDESK_ASKS_PER_HOUR = int(os.environ.get("HELPDESK_ASKS_PER_HOUR", "5"))
HELPDESK_CODE_LOOKUPS_PER_HOUR = int(os.environ.get("HELPDESK_CODE_LOOKUPS_PER_HOUR", "20"))
# The public statistics withhold counts from 1 to this − 1 (helpdesk/suppression.py).
HELPDESK_SUPPRESS_BELOW = int(os.environ.get("HELPDESK_SUPPRESS_BELOW", "5"))
# {contact method: dotted path of a helpdesk.channels.AnswerChannel} to replace the defaults.
HELPDESK_ANSWER_CHANNELS = {}

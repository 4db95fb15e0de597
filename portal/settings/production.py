"""Production: secure by default; everything site-specific comes from the environment."""
import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ.get("SECRET_KEY", "")
_see_readme = "; see the README's Help desk section."


def _is_fernet_key(key):
    try:
        Fernet(key)
    except ValueError:  # not URL-safe base64 of 32 bytes
        return False
    return True


def _key_problem(secret_key, encryption_keys, hash_key):
    """Why production must not start with these keys (the message names the variable), or None.

    The development keys in base.py are public: data encrypted or hashed with
    them is readable by anyone, so they are refused like missing keys.
    """
    if secret_key == DEVELOPMENT_SECRET_KEY:  # noqa: F405
        return "SECRET_KEY is the public development key of base.py: set a random string of at least 50 characters."
    if len(secret_key) < 50:
        return "Set SECRET_KEY to a random string of at least 50 characters."
    if not encryption_keys:
        return "Set HELPDESK_ENCRYPTION_KEYS (Fernet keys, comma separated)" + _see_readme
    if DEVELOPMENT_HELPDESK_ENCRYPTION_KEY in encryption_keys:  # noqa: F405
        return "HELPDESK_ENCRYPTION_KEYS contains the public development key: generate keys of your own" + _see_readme
    for number, key in enumerate(encryption_keys, start=1):
        if not _is_fernet_key(key):
            return f"HELPDESK_ENCRYPTION_KEYS: key {number} is not a Fernet key (32 bytes in URL-safe base64)" + _see_readme
    if hash_key == DEVELOPMENT_HELPDESK_HASH_KEY:  # noqa: F405
        return "HELPDESK_HASH_KEY is the public development key: generate one of your own" + _see_readme
    if len(hash_key) < 32:
        return "Set HELPDESK_HASH_KEY to a random string of at least 32 characters" + _see_readme
    return None


# Help-desk personal data is encrypted and its contacts hashed with keys from the environment.
_problem = _key_problem(SECRET_KEY, HELPDESK_ENCRYPTION_KEYS, HELPDESK_HASH_KEY)  # noqa: F405
if _problem:
    raise ImproperlyConfigured(_problem)

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes from the load balancer, over plain HTTP
# The TLS-terminating proxy in front of gunicorn says which scheme the reader used.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# EMAIL_BACKEND from the environment is the real backend, wrapped by portal.mail (base.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Never log request bodies or query strings of readers: they may name them.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

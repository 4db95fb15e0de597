from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
HELPDESK_ENCRYPTION_KEYS = HELPDESK_ENCRYPTION_KEYS or [DEVELOPMENT_HELPDESK_ENCRYPTION_KEY]  # noqa: F405
HELPDESK_HASH_KEY = HELPDESK_HASH_KEY or DEVELOPMENT_HELPDESK_HASH_KEY  # noqa: F405

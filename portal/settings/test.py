import os

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in mail.outbox, behind portal.mail's wrapper as in production. (The test runner
# itself sets EMAIL_BACKEND to locmem; tests of the wrapper set it back.)
EMAIL_INNER_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_BACKEND = "portal.mail.ResilientEmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "tests" / ".media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests never reach a real provider: wagtail-localize's own dummy translator
# (it reverses words) stands in for DeepL, Google and LibreTranslate.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite searches the embedded engine; tests/search/test_elasticsearch_live.py
# reads ELASTICSEARCH_URL from the environment and runs against that cluster.
ELASTICSEARCH_URL = ""
# Fixed, public keys: tests never depend on the environment's help-desk keys.
HELPDESK_ENCRYPTION_KEYS = [DEVELOPMENT_HELPDESK_ENCRYPTION_KEY]  # noqa: F405
HELPDESK_HASH_KEY = DEVELOPMENT_HELPDESK_HASH_KEY  # noqa: F405

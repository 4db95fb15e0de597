"""Production refuses to start with a missing, malformed or public development key, and says which variable.

Each case starts `manage.py check` with the production settings in a process
of its own, as a deployment would.
"""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def _good_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example",
        "HELPDESK_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "HELPDESK_HASH_KEY": secrets.token_urlsafe(32),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright by the test settings only
    return env


def _check(**changes):
    env = _good_environment()
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


# variable -> value -> what the refusal says
REFUSED = [
    ("SECRET_KEY", settings.DEVELOPMENT_SECRET_KEY, "SECRET_KEY is the public development key"),
    ("SECRET_KEY", None, "Set SECRET_KEY"),
    ("HELPDESK_ENCRYPTION_KEYS", None, "Set HELPDESK_ENCRYPTION_KEYS"),
    ("HELPDESK_ENCRYPTION_KEYS", " , ", "Set HELPDESK_ENCRYPTION_KEYS"),
    ("HELPDESK_ENCRYPTION_KEYS", settings.DEVELOPMENT_HELPDESK_ENCRYPTION_KEY,
     "HELPDESK_ENCRYPTION_KEYS contains the public development key"),
    # An old key kept for decryption after a rotation is still a key that was public.
    ("HELPDESK_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},{settings.DEVELOPMENT_HELPDESK_ENCRYPTION_KEY}",
     "HELPDESK_ENCRYPTION_KEYS contains the public development key"),
    ("HELPDESK_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},not-a-fernet-key",
     "HELPDESK_ENCRYPTION_KEYS: key 2 is not a Fernet key"),
    ("HELPDESK_HASH_KEY", None, "Set HELPDESK_HASH_KEY"),
    ("HELPDESK_HASH_KEY", "x" * 31, "Set HELPDESK_HASH_KEY"),
    ("HELPDESK_HASH_KEY", settings.DEVELOPMENT_HELPDESK_HASH_KEY, "HELPDESK_HASH_KEY is the public development key"),
]


@pytest.mark.parametrize("variable, value, message", REFUSED)
def test_production_refuses_to_start_with_a_missing_or_public_key(variable, value, message):
    result = _check(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr, result.stderr[-600:]


def test_production_starts_with_keys_of_its_own():
    result = _check()
    assert result.returncode == 0, result.stderr[-600:]


def test_the_makefiles_deploy_check_uses_a_real_non_development_key():
    makefile = (ROOT / "Makefile").read_text()
    key = re.search(r"HELPDESK_ENCRYPTION_KEYS=(\S+)", makefile).group(1)
    Fernet(key)  # 32 bytes in URL-safe base64, or ValueError
    assert key != settings.DEVELOPMENT_HELPDESK_ENCRYPTION_KEY

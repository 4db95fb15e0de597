"""Personal data at rest: Fernet encryption with rotating keys, and keyed hashes of contacts.

Keys come from the environment (settings.HELPDESK_ENCRYPTION_KEYS, comma
separated, the first encrypts and every one decrypts, so a new key can be put
in front and the old one kept until `manage.py rotate_helpdesk_keys` has
re-encrypted everything). Contact details are also matched across cases
("history") by an HMAC-SHA256 of their normalised form under a separate key
(settings.HELPDESK_HASH_KEY): the database never holds a plaintext contact,
and a leaked hash cannot be reversed without that key.
"""
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(ImproperlyConfigured):
    """A stored value no configured key can open (a key was removed too early)."""


@functools.lru_cache(maxsize=8)
def _fernet_for(keys):
    if not keys:
        raise ImproperlyConfigured(
            "Set HELPDESK_ENCRYPTION_KEYS to one or more Fernet keys (comma separated); "
            "see the README's Help desk section."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "HELPDESK_ENCRYPTION_KEYS must be Fernet keys: 32 bytes in URL-safe base64, "
            "as made by `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )


def fernet():
    """The MultiFernet for the configured keys (re-read when the setting changes, as in tests)."""
    return _fernet_for(tuple(settings.HELPDESK_ENCRYPTION_KEYS))


def encrypt(text):
    """A Fernet token (str) for text; the empty string stays empty so "erased" is visible as such."""
    if text in (None, ""):
        return text
    return fernet().encrypt(str(text).encode()).decode()


def decrypt(token):
    if token in (None, ""):
        return token
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "A help-desk value cannot be decrypted with any key in HELPDESK_ENCRYPTION_KEYS "
            "(was the key that encrypted it removed?)."
        )


def rotate(token):
    """The token re-encrypted under the first key (MultiFernet.rotate)."""
    if token in (None, ""):
        return token
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code always sees the plaintext.

    Tokens are random, so the database cannot compare or search them: every
    lookup but isnull is refused rather than silently never matching.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        return encrypt(super().get_prep_value(value))

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


# --- Contact hashes for the history of a resident -------------------------

def normalise_phone(text):
    """Digits only, Korean numbers in their domestic form: +82 10-1234-5678 and 010 1234 5678 are one number."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("00"):  # international call prefix
        digits = digits[2:]
    if digits.startswith("82"):
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    return digits


def normalise_contact(method, value, messenger=""):
    """The canonical text hashed for `method` (phone, email, messenger); "" when there is nothing to match."""
    value = (value or "").strip()
    if not value:
        return ""
    if method == "phone":
        digits = normalise_phone(value)
        return f"phone:{digits}" if digits else ""
    if method == "email":
        return f"email:{value.lower()}"
    if method == "messenger":
        return f"messenger:{(messenger or '').lower()}:{value.lower()}"
    return ""


def contact_hash(method, value, messenger=""):
    """HMAC-SHA256 (hex) of the normalised contact under HELPDESK_HASH_KEY, or "" when there is no contact."""
    normalised = normalise_contact(method, value, messenger)
    if not normalised:
        return ""
    return keyed_hash(normalised)


def keyed_hash(text):
    key = settings.HELPDESK_HASH_KEY
    if not key:
        raise ImproperlyConfigured("Set HELPDESK_HASH_KEY to a long random string; see the README's Help desk section.")
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def check_keys():
    """Messages describing what is wrong with the configured keys (empty when they work)."""
    problems = []
    try:
        fernet()
    except ImproperlyConfigured as error:
        problems.append(str(error))
    if len(settings.HELPDESK_HASH_KEY or "") < 32:
        problems.append("Set HELPDESK_HASH_KEY to a random string of at least 32 characters.")
    return problems

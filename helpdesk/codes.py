"""Private case codes: what a resident keeps instead of an account.

A code is four groups of four characters from an alphabet without look-alikes
(no 0/O, 1/I/L, 5/S, 2/Z, 8/B), about 74 bits of randomness. It is split
like a password-reset token: the first two groups are the case's reference
(Case.code, indexed, shown to counsellors), the last two are the secret
part, stored only as a keyed hash and compared in constant time. The
database therefore never holds a code that opens a case page, and looking a
case up by its reference does not leak the secret through timing.
"""
import hmac
import secrets

from helpdesk import crypto

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
GROUPS = 4
GROUP_LENGTH = 4
REFERENCE_GROUPS = 2
LENGTH = GROUPS * GROUP_LENGTH

def new_code():
    """A fresh code, formatted "XXXX-XXXX-XXXX-XXXX"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw):
    return "-".join(raw[i:i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def normalise(typed):
    """The 16 code characters of what a reader typed (spaces, dashes, case ignored), or "" when it cannot be a code."""
    raw = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return ""
    return raw


def reference(code):
    """The public part of a code: its first two groups, "XXXX-XXXX" (Case.code)."""
    raw = normalise(code)
    return format_code(raw[: REFERENCE_GROUPS * GROUP_LENGTH]) if raw else ""


def secret_hash(code):
    """The keyed hash stored for a code (Case.code_hash)."""
    return crypto.keyed_hash("case-code:" + normalise(code))


_DUMMY_HASH = "0" * 64


def matches(code, stored_hash):
    """Whether `code` is the one whose hash is stored, compared in constant time."""
    expected = secret_hash(code)
    return hmac.compare_digest(expected, stored_hash or _DUMMY_HASH) and bool(stored_hash)

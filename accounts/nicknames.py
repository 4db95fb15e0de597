"""Public nicknames: what is allowed, and when two nicknames are the same.

A nickname is the only thing other readers see of a member, so it must not
carry what identifies them (an email address, a phone number, a link) and
must not impersonate another member by differing only in case or width.
Letters of every script are allowed, with their combining marks (Thai,
Khmer, Devanagari and Sinhala vowels are marks, not letters).
"""
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 3
MAX_LENGTH = 30
# Seven digits or more read as a phone number in Korea and most countries.
PHONE_DIGITS = 7
ALLOWED_PUNCTUATION = {" ", "-", "_"}
RESERVED = {"admin", "administrator", "moderator", "staff", "관리자", "운영자", "anonymous", "deleted member"}
# "://", "www." or a name ending in a common top-level domain.
URL_PATTERN = re.compile(r"://|\bwww\.|\w\.(com|net|org|kr|io|me|co|info|biz|xyz|app|link|ly|to)\b", re.IGNORECASE)


def normalise(value):
    """The nickname as stored: NFKC (full-width letters become ordinary ones), single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def comparison_key(value):
    """Two nicknames with the same key are the same nickname (case and width ignored, in any script)."""
    return normalise(value).casefold()


def _digits(value):
    return sum(1 for character in value if unicodedata.category(character) == "Nd")


def validate_nickname(value):
    """Raise ValidationError with a message that says what to change; return the normalised nickname."""
    nickname = normalise(value)
    if len(nickname) < MIN_LENGTH or len(nickname) > MAX_LENGTH:
        raise ValidationError(
            _("A nickname has %(min)d to %(max)d characters."),
            code="length", params={"min": MIN_LENGTH, "max": MAX_LENGTH},
        )
    if "@" in nickname or "＠" in value:
        raise ValidationError(_("A nickname must not look like an email address."), code="email")
    if URL_PATTERN.search(nickname):
        raise ValidationError(_("A nickname must not look like a web address."), code="url")
    if _digits(nickname) >= PHONE_DIGITS:
        raise ValidationError(_("A nickname must not look like a phone number."), code="phone")
    for character in nickname:
        if character in ALLOWED_PUNCTUATION:
            continue
        if unicodedata.category(character)[0] not in ("L", "M", "N"):
            raise ValidationError(
                _("A nickname may only contain letters, digits, spaces, - and _ (not “%(character)s”)."),
                code="characters", params={"character": character},
            )
    if not any(unicodedata.category(character).startswith("L") for character in nickname):
        raise ValidationError(_("A nickname needs at least one letter."), code="no_letter")
    if comparison_key(nickname) in RESERVED:
        raise ValidationError(_("This nickname is reserved. Please choose another."), code="reserved")
    return nickname


def is_taken(nickname, exclude_member=None):
    """True when another member already has this nickname, ignoring case and width."""
    from accounts.models import Member

    members = Member.objects.filter(nickname_key=comparison_key(nickname))
    if exclude_member is not None:
        members = members.exclude(pk=exclude_member.pk)
    return members.exists()

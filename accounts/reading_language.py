"""The language the portal writes to a member in (Member.language).

A member gets mail in the language they read the portal in: the interface
language they signed up in, then the one they last signed in with, unless
they chose another on their account page. Members from before the language
was kept have none; mails to them try what else is known (hints) and then
English, which more readers of the portal's languages read than Korean.
"""
from django.utils import translation

from portal import languages

# When nothing is known about a member: English, never the portal's source language.
MAIL_FALLBACK = "en"


def interface_language():
    """The portal language of the current request (its URL prefix), or "" outside one."""
    code = translation.get_language() or ""
    return code if languages.get(code) else ""


def remember(member, code):
    """Keep `code` as the member's language; does nothing for an unknown code or when it is already kept."""
    if member is None or not languages.get(code) or member.language == code:
        return
    member.language = code
    member.save(update_fields=["language"])


def mail_language(member, *hints):
    """The language to write to `member` in: theirs, else the first portal language among `hints`, else English."""
    for code in (getattr(member, "language", ""), *hints):
        if code and languages.get(code):
            return code
    return MAIL_FALLBACK

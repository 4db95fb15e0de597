"""Board views, thin: parse the request, call one domain function, render.

reading.py: the boards, board pages, thread pages and translations (anyone).
writing.py: new thread, reply, edit, delete, report, subscriptions (members).
"""
from django.conf import settings
from django.utils import translation

from community import conf
from portal import ratelimit


def current_member(request):
    """The logged-in reader's Member, or None (anonymous, or a staff account without a nickname)."""
    if not request.user.is_authenticated:
        return None
    return getattr(request.user, "member", None)


def interface_language():
    return translation.get_language() or settings.LANGUAGE_CODE


POSTING_SCOPE = "community-post"


def posting_too_fast(request):
    """Per client address (hashed), whatever the account: a second line behind the per-member rules.

    Only checks: count_posting() counts what was saved, so a refused or failed post costs nothing.
    """
    return ratelimit.over_limit(request, POSTING_SCOPE, conf.get("COMMUNITY_POSTS_PER_CLIENT_PER_MINUTE"), 60)


def count_posting(request):
    ratelimit.record(request, POSTING_SCOPE, 60)

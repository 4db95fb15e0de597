"""Who may post what, and how often: plain functions, one rule each.

The numbers are settings (community.conf). A Verdict is truthy when the
action is allowed; otherwise its reason is the message for the member, in
their language.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import conf, markup
from community.constants import Status

THREAD = "thread"
REPLY = "reply"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOWED = Verdict(True)


def refused(reason):
    return Verdict(False, str(reason))


def has_verified_email(user):
    """True when the user confirmed an email address (allauth); without allauth, sign-up is not ours to check."""
    if not apps.is_installed("allauth.account"):
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def can_post(member, now=None):
    """Whether this member may write on the board at all (threads, replies, edits, reports).

    A member needs a confirmed email address and must not be suspended.
    """
    if member is None:
        return refused(_("Choose a public nickname before you post."))
    now = now or timezone.now()
    if member.is_suspended(now):
        if member.suspended_until.year >= 9999:  # until further notice (community.sanctions.INDEFINITELY)
            return refused(_("Your account is suspended. You can still read the board."))
        return refused(_("Your account is suspended until %(date)s. You can still read the board.") % {
            "date": formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")})
    if not has_verified_email(member.user):
        return refused(_(
            "Confirm your email address before you post: open the link in the email we sent you. "
            "Your address is never shown to anyone."))
    return ALLOWED


@dataclass(frozen=True)
class Standing:
    """What the limits depend on: earned trust and the age of the account."""

    approved_posts: int  # counted up to the largest threshold only
    trusted: bool
    first_day: bool


def standing(member, now=None):
    now = now or timezone.now()
    threshold = max(conf.get("COMMUNITY_APPROVAL_FIRST_POSTS"), conf.get("COMMUNITY_TRUSTED_APPROVED_POSTS"))
    # Bounded: a member with thousands of posts costs what one with ten does.
    approved = len(member.posts.filter(status=Status.APPROVED).values_list("pk", flat=True)[:threshold])
    age = now - member.created_at
    trusted = (
        approved >= conf.get("COMMUNITY_TRUSTED_APPROVED_POSTS")
        and age >= timedelta(days=conf.get("COMMUNITY_TRUSTED_ACCOUNT_DAYS"))
    )
    first_day = age < timedelta(days=conf.get("COMMUNITY_NEW_MEMBER_DAYS"))
    return Standing(approved_posts=approved, trusted=trusted, first_day=first_day)


def needs_approval(member_standing):
    """A new member's first posts wait for a moderator."""
    return member_standing.approved_posts < conf.get("COMMUNITY_APPROVAL_FIRST_POSTS")


def initial_status(member_standing):
    return Status.PENDING if needs_approval(member_standing) else Status.APPROVED


def check_links(member_standing, text):
    limit = conf.get("COMMUNITY_TRUSTED_MAX_LINKS" if member_standing.trusted else "COMMUNITY_MAX_LINKS")
    found = len(markup.links_in(text))
    if limit and found > limit:
        return refused(ngettext(
            "A post can have at most %(limit)d link for now (this one has %(found)d). Remove some links and post again.",
            "A post can have at most %(limit)d links for now (this one has %(found)d). Remove some links and post again.",
            limit) % {"limit": limit, "found": found})
    return ALLOWED


def check_pace(member, member_standing, kind, now=None):
    """The pause between posts and the caps per 24 hours (lower on the first day)."""
    now = now or timezone.now()
    recent = member.posts.filter(created_at__gte=now - timedelta(days=1)).aggregate(
        threads=Count("pk", filter=Q(position=0)), replies=Count("pk", filter=Q(position__gt=0)),
        latest=Max("created_at"))
    pause = conf.get("COMMUNITY_TRUSTED_SECONDS_BETWEEN_POSTS" if member_standing.trusted else "COMMUNITY_SECONDS_BETWEEN_POSTS")
    if recent["latest"] and pause:
        wait = pause - int((now - recent["latest"]).total_seconds())
        if wait > 0:
            return refused(ngettext(
                "Please wait %(seconds)d second before posting again.",
                "Please wait %(seconds)d seconds before posting again.", wait) % {"seconds": wait})
    if kind == THREAD:
        done = recent["threads"]
        if member_standing.first_day and done >= conf.get("COMMUNITY_FIRST_DAY_THREADS"):
            limit = conf.get("COMMUNITY_FIRST_DAY_THREADS")
            return refused(ngettext(
                "New members can start %(limit)d thread on their first day. Please come back tomorrow.",
                "New members can start %(limit)d threads on their first day. Please come back tomorrow.",
                limit) % {"limit": limit})
        if done >= conf.get("COMMUNITY_THREADS_PER_DAY"):
            return refused(_("You have started the most threads allowed in 24 hours. Please try again later."))
    else:
        done = recent["replies"]
        if member_standing.first_day and done >= conf.get("COMMUNITY_FIRST_DAY_REPLIES"):
            limit = conf.get("COMMUNITY_FIRST_DAY_REPLIES")
            return refused(ngettext(
                "New members can write %(limit)d reply on their first day. Please come back tomorrow.",
                "New members can write %(limit)d replies on their first day. Please come back tomorrow.",
                limit) % {"limit": limit})
        if done >= conf.get("COMMUNITY_REPLIES_PER_DAY"):
            return refused(_("You have written the most replies allowed in 24 hours. Please try again later."))
    return ALLOWED


def check_new_post(member, kind, text, now=None):
    """Every rule for a new thread or reply, in the order a member can act on them. Returns (Verdict, Standing)."""
    now = now or timezone.now()
    verdict = can_post(member, now)
    if not verdict:
        return verdict, None
    member_standing = standing(member, now)
    for verdict in (check_pace(member, member_standing, kind, now), check_links(member_standing, text)):
        if not verdict:
            return verdict, member_standing
    return ALLOWED, member_standing


def check_edit(member, post, text, now=None):
    """An edit is writing too: the member must be the author, allowed to post, within the link limit."""
    if member is None or post.author_id != member.pk:
        return refused(_("You can only change your own posts.")), None
    verdict = can_post(member, now)
    if not verdict:
        return verdict, None
    member_standing = standing(member, now)
    return check_links(member_standing, text), member_standing

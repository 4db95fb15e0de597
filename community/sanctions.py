"""Warnings and suspensions: what moderators do to a member rather than to a post.

Each function changes the Member (accounts.models.Member: warnings,
suspended_until), writes its line in the audit log through
community.moderation.log, closes the open reports of the post it was
decided from, and, when the moderator asks, mails the member in their
language after the transaction commits (a mail server that is down never
undoes a decision). The board's rules read Member.is_suspended()
(community.rules.can_post): a suspended member can read, not write.
"""
from datetime import datetime, timedelta, timezone as dt_timezone

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from accounts import reading_language
from accounts.models import Member
from community import moderation
from community.constants import ActionKind
from community.models import ThreadSubscription
from portal import languages

# "Until further notice": a date no suspension reaches, so Member.is_suspended()
# needs no special case; shown as "indefinitely" wherever a date would be.
INDEFINITELY = datetime(9999, 12, 31, tzinfo=dt_timezone.utc)
MAX_DAYS = 3650


class SanctionError(ValueError):
    """The sanction cannot be applied as asked; the message says why."""


def is_indefinite(until):
    return until is not None and until >= INDEFINITELY


def describe_suspension(member, now=None):
    """"until <date>", "until further notice", or "" when the member is not suspended (for moderators' pages)."""
    if member is None or not member.is_suspended(now):
        return ""
    if is_indefinite(member.suspended_until):
        return _("until further notice")
    until = formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")
    return _("until %(date)s") % {"date": until}


def suspension_end(days, now):
    """When a suspension of `days` days (None: indefinitely) that starts now ends."""
    if days is None:
        return INDEFINITELY
    if not 1 <= days <= MAX_DAYS:
        raise SanctionError(_("A suspension lasts from 1 to %(max)d days, or indefinitely.") % {"max": MAX_DAYS})
    return now + timedelta(days=days)


def _decided(action, post, moderator, now, notify, reason, until=None):
    """What every sanction does after changing the member: close the post's reports, mail the member."""
    if post is not None:
        moderation.resolve_reports(post, moderator, now)
    if notify:
        member_id, kind, language = action.member_id, action.action, member_language(action.member, post)
        until_text = until.isoformat() if until else ""
        transaction.on_commit(lambda: send_sanction_mail.enqueue(member_id, kind, reason, language, until_text))
    return action


def warn(member, moderator, reason, *, post=None, notify=True, now=None):
    """Count a warning against the member (shown to moderators next to their posts)."""
    now = now or timezone.now()
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(warnings=F("warnings") + 1)
        member.refresh_from_db(fields=["warnings"])
        action = moderation.log(ActionKind.WARN, moderator=moderator, post=post, member=member, reason=reason, now=now)
        return _decided(action, post, moderator, now, notify, reason)


def suspend(member, moderator, reason, *, days=None, post=None, notify=True, now=None):
    """Stop the member from posting for `days` days, or indefinitely (days None). Replaces any earlier end."""
    now = now or timezone.now()
    until = suspension_end(days, now)
    period = (_("Suspended indefinitely.") if days is None else ngettext(
        "Suspended for %(days)d day, until %(date)s.", "Suspended for %(days)d days, until %(date)s.", days) % {
        "days": days, "date": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")})
    with transaction.atomic():
        member.suspended_until = until
        member.save(update_fields=["suspended_until"])
        action = moderation.log(ActionKind.SUSPEND, moderator=moderator, post=post, member=member,
                                reason=f"{period}\n{reason}".strip(), now=now)
        return _decided(action, post, moderator, now, notify, reason, until)


def unsuspend(member, moderator, reason="", *, notify=True, now=None):
    """Let a suspended member post again at once."""
    now = now or timezone.now()
    if not member.is_suspended(now):
        raise SanctionError(_("This member is not suspended."))
    with transaction.atomic():
        member.suspended_until = None
        member.save(update_fields=["suspended_until"])
        action = moderation.log(ActionKind.UNSUSPEND, moderator=moderator, member=member, reason=reason, now=now)
        return _decided(action, None, moderator, now, notify, reason)


def member_language(member, post=None):
    """The language to write to a member in.

    The member's own language (Member.language: chosen, or the interface they
    signed up or last signed in with) comes first. For members who have none,
    the interface language they last subscribed to a thread in, then the
    language of the post the decision is about, then of their latest post;
    failing everything, English (accounts.reading_language), never the
    portal's Korean that they may not read.
    """
    if member is None:
        return reading_language.MAIL_FALLBACK
    if member.language and languages.get(member.language):
        return member.language
    subscribed = (ThreadSubscription.objects.filter(member=member).order_by("-created_at")
                  .values_list("language", flat=True).first())
    written = post.language if post is not None else (
        member.posts.order_by("-created_at").values_list("language", flat=True).first())
    return reading_language.mail_language(member, subscribed, written)


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def sanction_message(member, kind, reason, language, until=None):
    """(subject, body) of the mail telling a member about a moderator's decision, in `language`."""
    with translation.override(language):
        board = _absolute(reverse("community_index"))
        lines = [_("Hello %(nickname)s,") % {"nickname": member.nickname}]
        if kind == ActionKind.WARN:
            subject = _("A warning from the community board's moderators")
            lines.append(_("A moderator of the community board has warned you about what you wrote. "
                           "Please keep to the board's rules: members who break them again can be suspended."))
        elif kind == ActionKind.SUSPEND:
            subject = _("Your community board account is suspended")
            lines.append(_("A moderator has suspended your account until further notice.") if is_indefinite(until) else
                         _("A moderator has suspended your account until %(date)s.") % {
                             "date": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")})
            lines.append(_("You can still read the board and download or delete your data, but you cannot post, "
                           "edit or report until then."))
        else:
            subject = _("You can post on the community board again")
            lines.append(_("A moderator has lifted the suspension of your account. You can post again."))
        if reason:
            lines.append(_("The moderator's reason: %(reason)s") % {"reason": reason})
        lines.append(_("The community board:") + "\n" + board)  # the link alone on its line
        lines.append(_("This email was sent because of a moderator's decision about your account. "
                       "Do not reply to it."))
    return subject, "\n\n".join(lines)


@task()
def send_sanction_mail(member_id, kind, reason, language, until=""):
    """Mail one member about a decision; returns how many mails were sent (0 when there is no address)."""
    member = Member.objects.filter(pk=member_id).select_related("user").first()
    if member is None or not member.user.email or not member.user.is_active:
        return 0
    subject, body = sanction_message(member, kind, reason, language, datetime.fromisoformat(until) if until else None)
    return mail.EmailMessage(subject=subject, body=body, to=[member.user.email]).send()

"""Reports from readers, the automatic hide, and the moderators' basic decisions.

The admin side (queue, warn, suspend) builds on these functions; each one
writes its line in the audit log (ModerationAction).
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import conf, lifecycle
from community.constants import ActionKind, Status
from community.models import ModerationAction, Post, Report


class ReportRefused(Exception):
    """The member cannot report this post; the message says why."""


def log(action, *, moderator=None, post=None, thread=None, member=None, reason="", now=None):
    """One line of the audit log. moderator None: the board itself did it."""
    if post is not None and thread is None:
        thread = post.thread
    return ModerationAction.objects.create(
        action=action, moderator=moderator, post=post, thread=thread, member=member, reason=reason,
        created_at=now or timezone.now(),
    )


def _recount_open_reports(post):
    post.report_count = post.reports.filter(resolved=False).count()
    Post.objects.filter(pk=post.pk).update(report_count=post.report_count)


def resolve_reports(post, moderator, now=None):
    """Close the open reports of a post (a moderator decided); new reports count from zero again."""
    now = now or timezone.now()
    post.reports.filter(resolved=False).update(resolved=True, resolved_at=now, resolved_by=moderator)
    _recount_open_reports(post)


def report(member, post, reason, details="", now=None):
    """Record a member's report; hide the post when enough members reported it. Returns (Report, created)."""
    now = now or timezone.now()
    if post.status != Status.APPROVED:
        raise ReportRefused(_("This post is not public any more; moderators already have it."))
    if post.author_id is not None and post.author_id == member.pk:
        raise ReportRefused(_("You cannot report your own post. You can change or delete it instead."))
    try:
        with transaction.atomic():
            created = Report.objects.create(post=post, reporter=member, reason=reason, details=details, created_at=now)
    except IntegrityError:  # reported before (or the same form sent twice)
        return Report.objects.get(post=post, reporter=member), False
    _recount_open_reports(post)
    if post.report_count >= conf.get("COMMUNITY_REPORTS_TO_HIDE") and lifecycle.set_status(post, Status.HIDDEN, now):
        log(ActionKind.AUTO_HIDE, post=post, member=post.author, now=now, reason=ngettext(
            "%(count)d member reported this post.", "%(count)d members reported this post.",
            post.report_count) % {"count": post.report_count})
    return created, True


def approve(post, moderator, reason="", now=None):
    """Publish a pending post, or bring back a hidden one; its open reports are closed.
    A deleted post stays deleted (ValueError): its author chose that, or a moderator did."""
    if post.status == Status.DELETED:
        raise ValueError("a deleted post cannot be approved")
    previous = post.status
    lifecycle.set_status(post, Status.APPROVED, now)
    resolve_reports(post, moderator, now)
    action = ActionKind.APPROVE if previous == Status.PENDING else ActionKind.RESTORE
    return log(action, moderator=moderator, post=post, member=post.author, reason=reason, now=now)


def hide(post, moderator, reason="", now=None):
    """Take a post off the board until a moderator decides otherwise (its author still sees it)."""
    if post.status == Status.DELETED:
        raise ValueError("a deleted post cannot be hidden")
    lifecycle.set_status(post, Status.HIDDEN, now)
    resolve_reports(post, moderator, now)
    return log(ActionKind.HIDE, moderator=moderator, post=post, member=post.author, reason=reason, now=now)


def delete(post, moderator, reason="", now=None):
    """Delete a post (purged with the author's deletions after the grace period)."""
    lifecycle.set_status(post, Status.DELETED, now)
    resolve_reports(post, moderator, now)
    return log(ActionKind.DELETE, moderator=moderator, post=post, member=post.author, reason=reason, now=now)

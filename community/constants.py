"""Fixed vocabularies of the board: post states, report reasons, moderator actions.

Kept here, not as string literals in views, so the moderation side (admin
queue, audit log) and the board share one list.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a post (and a thread: its opening post's state) stands.

    PENDING: waiting for a moderator (a new member's first posts).
    APPROVED: public.
    HIDDEN: taken down by reports or a moderator, until a moderator decides.
    DELETED: removed by its author or a moderator; purged after the grace period.
    """

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Published")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    SCAM = "scam", _("Scam, fraud or a dangerous offer (fake jobs, loans, visas)")
    ABUSE = "abuse", _("Insults, harassment or hate")
    PERSONAL_DATA = "personal-data", _("Shows someone's personal information")
    ILLEGAL = "illegal", _("Illegal content")
    WRONG_INFORMATION = "wrong-information", _("Wrong or dangerous information")
    OTHER = "other", _("Something else")


class ActionKind(models.TextChoices):
    """What a ModerationAction records. AUTO_HIDE is the board's own, with no moderator."""

    APPROVE = "approve", _("Approved a post")
    HIDE = "hide", _("Hid a post")
    RESTORE = "restore", _("Restored a post")
    DELETE = "delete", _("Deleted a post")
    AUTO_HIDE = "auto-hide", _("Hidden automatically after reports")
    DISMISS_REPORTS = "dismiss-reports", _("Dismissed reports")
    WARN = "warn", _("Warned a member")
    SUSPEND = "suspend", _("Suspended a member")
    UNSUSPEND = "unsuspend", _("Lifted a suspension")
    EDIT_THREAD = "edit-thread", _("Changed a thread (title, topic or region)")


# Post states a reader other than the author never sees.
NOT_PUBLIC = (Status.PENDING, Status.HIDDEN, Status.DELETED)

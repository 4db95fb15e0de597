"""Reports from readers and the audit log of moderation.

The moderation side (admin queue, actions) reads and writes these; the board
writes Reports and the ModerationAction of an automatic hide.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.constants import ActionKind, ReportReason


class Report(models.Model):
    """One member's report of one post. Open (unresolved) reports count towards hiding it."""

    post = models.ForeignKey("community.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    # SET_NULL: the report stays for moderators when its author leaves.
    reporter = models.ForeignKey(
        "accounts.Member", verbose_name=_("reporter"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="community_one_report_per_member")]
        indexes = [models.Index(fields=["resolved", "created_at"], name="community_open_reports")]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.post_id})"


class ModerationAction(models.Model):
    """The audit log: who did what to which post, thread or member, and why.

    moderator is None for what the board does by itself (AUTO_HIDE). The
    targets are SET_NULL so the log outlives a purge; `reference` keeps the
    ids ("post:12 thread:3") for that case, and nothing personal.
    """

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    post = models.ForeignKey(
        "community.Post", verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    thread = models.ForeignKey(
        "community.Thread", verbose_name=_("thread"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        "accounts.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(max_length=100, blank=True, editable=False)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} {self.reference}"

    def save(self, *args, **kwargs):
        if not self.reference:
            parts = [("post", self.post_id), ("thread", self.thread_id), ("member", self.member_id)]
            self.reference = " ".join(f"{name}:{pk}" for name, pk in parts if pk)
        super().save(*args, **kwargs)

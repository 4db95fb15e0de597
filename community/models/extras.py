"""Per-thread mail subscriptions and the machine-translation cache."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.board import LANGUAGE_CHOICES


class ThreadSubscription(models.Model):
    """A member wants mail about new replies in a thread (opt-in).

    The unsubscribe link carries a signed id of this row
    (community.notifications), so it works without logging in and dies with it.
    """

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="subscriptions")
    thread = models.ForeignKey("community.Thread", on_delete=models.CASCADE, related_name="subscriptions")
    # The interface language the member used when subscribing: the mail's language.
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thread subscription")
        verbose_name_plural = _("thread subscriptions")
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="community_one_subscription")]


class MachineTranslation(models.Model):
    """A post machine-translated into one language, kept until the post is edited."""

    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="machine_translations")
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)  # the target
    title = models.CharField(max_length=400, blank=True)  # the thread title, for opening posts
    text = models.TextField()  # translated plain text, light formatting kept
    body_html = models.TextField()  # community.markup.render(text): sanitised like any post
    provider = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")
        constraints = [models.UniqueConstraint(fields=["post", "language"], name="community_one_translation")]

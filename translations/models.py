"""What changed in a source page's translatable text, publication by publication.

wagtail-localize keeps only the current source; translators need the text
they translated from beside the new one, so each publication that changes a
segment leaves a record here.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceChange(models.Model):
    translation_key = models.UUIDField(db_index=True)
    changed_at = models.DateTimeField()
    # A minor change (a typo fix) carries translations over: they stay up to date.
    minor = models.BooleanField(_("minor change"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("source change")

    def __str__(self):
        return f"{self.translation_key} {self.changed_at:%Y-%m-%d %H:%M}"


class SegmentChange(models.Model):
    change = models.ForeignKey(SourceChange, on_delete=models.CASCADE, related_name="segments")
    context_path = models.TextField()
    order = models.PositiveIntegerField(default=0)
    before = models.TextField(blank=True)  # empty: the segment is new
    after = models.TextField(blank=True)  # empty: the segment was removed

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("changed segment")

    def __str__(self):
        return self.context_path

"""The embedded engine's index, and the synonyms editors manage.

The index is derived data: `manage.py search_index rebuild` can always make it
again from the content. Terms come from search.analysis, so the same ranking
runs on SQLite and PostgreSQL (see docs/decisions/0005-embedded-search.md).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import languages


class IndexEntry(models.Model):
    type = models.CharField(max_length=16)
    object_id = models.CharField(max_length=64)
    locale = models.CharField(max_length=16)
    key = models.CharField(max_length=255)
    title = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=2048)
    topic = models.CharField(max_length=32, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    length = models.FloatField()  # weighted number of terms, for BM25

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "object_id", "locale"], name="unique_index_entry")]
        indexes = [models.Index(fields=["locale", "type"])]


class Posting(models.Model):
    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="postings")
    # Copied from the entry, so that one index range answers a query term
    # without reading the entries (search/engines/database.py).
    locale = models.CharField(max_length=16)
    type = models.CharField(max_length=16)
    length = models.FloatField()
    term = models.CharField(max_length=64)
    frequency = models.FloatField()  # weighted: title terms count scoring.TITLE_WEIGHT times

    class Meta:
        indexes = [models.Index(fields=["locale", "term", "type", "entry", "frequency", "length"], name="posting_lookup")]


class SynonymGroup(models.Model):
    """Words that mean the same to readers of one language: 알바 = 아르바이트."""

    locale = models.CharField(_("language"), max_length=16, choices=languages.django_languages())
    terms = models.TextField(
        _("terms"),
        help_text=_("Words or phrases that mean the same, separated by commas. A search for one also finds the others."),
    )

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ["locale", "terms"]

    def __str__(self):
        return f"{self.get_locale_display()}: {self.terms}"

    def term_list(self):
        return [term.strip() for term in self.terms.replace("，", ",").replace("、", ",").split(",") if term.strip()]

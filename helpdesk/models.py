"""Help-desk cases, their history, answers, notes, referrals and audit log.

The non-personal facts (language, region, topic, channel, resident type,
status, dates, referred) are what the statistics read and survive the purge.
Personal data (contact, name, question, answers, notes) is encrypted at rest
(helpdesk.crypto) and erased a while after closing (helpdesk.purge).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.constants import AuditAction, CaseEventKind, Channel, ResidentType, Status
from helpdesk.crypto import EncryptedTextField
from helpdesk.expressions import AnswerSeconds
from portal import topics


# The categories the dashboard counts cases by and filters on (model field names).
STATISTICS_CATEGORIES = ("language", "region", "topic", "channel", "resident_type")
# Case.answer_seconds follows these two.
ANSWER_TIMES = {"created_at", "first_answered_at"}
# The indexes the statistics read (Case.Meta.indexes); on SQLite they name them in their queries.
STATS_RANGE_INDEX = "helpdesk_case_stats_range"
STATS_CATEGORY_INDEX = "helpdesk_case_stats_category"
STATS_REGION_INDEX = "helpdesk_case_stats_region"
STATS_ANSWER_INDEX = "helpdesk_case_stats_answer"
STATS_INTERPRETATION_INDEX = "helpdesk_case_stats_interpret"  # index names: 30 characters at most


def seconds_to_answer(created_at, first_answered_at):
    """Seconds from creation to the first answer, exact to the microsecond; None while unanswered."""
    if created_at is None or first_answered_at is None:
        return None
    return (first_answered_at - created_at).total_seconds()


class CaseQuerySet(models.QuerySet):
    """Keeps Case.answer_seconds in step in the bulk writes that bypass Case.save()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for case in objs:
            case.answer_seconds = seconds_to_answer(case.created_at, case.first_answered_at)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if ANSWER_TIMES & set(fields):
            for case in objs:
                case.answer_seconds = seconds_to_answer(case.created_at, case.first_answered_at)
            fields = [*fields, "answer_seconds"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not ANSWER_TIMES & kwargs.keys() or "answer_seconds" in kwargs:
            return super().update(**kwargs)
        # The new times are only known after the UPDATE (they may be expressions): recompute those rows.
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        Case.objects.filter(pk__in=pks).update(answer_seconds=AnswerSeconds())
        return count


class Case(models.Model):
    code = models.CharField(_("case code"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=10)  # a portal language code
    region = models.ForeignKey(
        "services.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=topics.CHOICES)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    resident_type = models.CharField(
        _("resident type"), max_length=20, choices=ResidentType.choices, default=ResidentType.OTHER,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    interpretation = models.BooleanField(_("three-way interpretation"), default=False)
    interpreter_language = models.CharField(_("interpreter's language"), max_length=10, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # first_answered_at − created_at in seconds (None while unanswered), kept in step with the two by save()
    # and CaseQuerySet: the statistics' percentiles read it from an index instead of sorting a year of cases.
    # (Not a generated column: SQLite cannot read one from a covering index.)
    answer_seconds = models.FloatField(_("seconds to the first answer"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Denormalised from the referrals so the statistics count without a join.
    referred = models.BooleanField(_("referred"), default=False)

    # `code` above is the case's reference: the first half of the resident's
    # private code (helpdesk.codes). The other half is kept only as a keyed hash.
    code_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Personal data, encrypted at rest and erased by the purge.
    contact_method = EncryptedTextField(_("how to reach the resident"), blank=True, default="")
    contact_value = EncryptedTextField(_("contact"), blank=True, default="")
    messenger = EncryptedTextField(_("messenger app"), blank=True, default="")
    name = EncryptedTextField(_("name"), blank=True, default="")
    question = EncryptedTextField(_("question"), blank=True, default="")
    # HMAC of the normalised contact (helpdesk.crypto.contact_hash): finds the
    # resident's other cases without storing the contact in the clear.
    contact_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    # Set by a counsellor: no portal article answers this question (editors' report).
    no_article = models.BooleanField(_("no article answers this"), default=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        permissions = [
            ("view_helpdesk_statistics", _("Can see help-desk statistics")),
            ("view_helpdesk_article_gaps", _("Can see questions without an article")),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="helpdesk_case_status_created"),
            # The inbox of one language, newest first: walked in order until a page of cases with the wanted
            # status is found (otherwise SQLite would find the language in a statistics index, and sort).
            models.Index(fields=["language", "-created_at", "status"], name="helpdesk_case_inbox_language"),
            # The statistics (helpdesk.statistics) read only these four indexes, never the table; each holds
            # every column the dashboard counts or filters on, and on SQLite each query names its index
            # (helpdesk.stats_sql.fetch). A date range of this one: the months' counts.
            models.Index(fields=["created_at", "referred", "answer_seconds", *STATISTICS_CATEGORIES],
                         name=STATS_RANGE_INDEX),
            # The cases of a date range by language, topic, channel and resident type (one GROUP BY of all
            # four), and by region: SQLite, which groups only by sorting or in index order, walks these in
            # order (a skip-scan over the leading columns' values, then the date range within each).
            models.Index(fields=["language", "topic", "channel", "resident_type", "created_at", "region"],
                         name=STATS_CATEGORY_INDEX),
            models.Index(fields=["region", "created_at", "language", "topic", "channel", "resident_type"],
                         name=STATS_REGION_INDEX),
            # Answered cases in order of their answer time: the median and the 90th percentile are the values
            # at two ranks, read by walking this index from the nearer end (no sort).
            models.Index(fields=["answer_seconds", "created_at", *STATISTICS_CATEGORIES],
                         condition=models.Q(answer_seconds__isnull=False), name=STATS_ANSWER_INDEX),
            # The interpreted cases (a small part) by interpreter's language, walked in order for the
            # interpretation figure's GROUP BY (helpdesk.stats_interpretation), as the category index is.
            # `interpretation` is always true here, but SQLite reads an index alone only if it holds every
            # column the query names, the condition's too.
            models.Index(fields=["interpreter_language", "created_at", *STATISTICS_CATEGORIES, "interpretation"],
                         condition=models.Q(interpretation=True), name=STATS_INTERPRETATION_INDEX),
        ]

    objects = CaseQuerySet.as_manager()

    def __str__(self):
        return self.code

    def save(self, *args, update_fields=None, **kwargs):
        self.answer_seconds = seconds_to_answer(self.created_at, self.first_answered_at)
        if update_fields is not None and ANSWER_TIMES & set(update_fields):
            update_fields = {*update_fields, "answer_seconds"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_erased(self):
        return self.erased_at is not None


class Partner(models.Model):
    """An expert or institution cases are referred to (labour attorney, lawyer, tax accountant, shelter...)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    region = models.ForeignKey(
        "services.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Referral(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        RESOLVED = "resolved", _("Resolved")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="referrals")
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at"]


class Answer(models.Model):
    """An answer to the resident: shown on their case page and sent through the way they chose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(_("answer"))
    # How it reached the resident (helpdesk.channels): the channel's name and
    # whether it was delivered (an email sent, a call the counsellor made).
    delivered_via = models.CharField(max_length=20, blank=True)
    delivered = models.BooleanField(default=False)
    delivery_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]


class CaseNote(models.Model):
    """An internal note: counsellors only, never shown to the resident."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["created_at"]


class CaseEvent(models.Model):
    """One step in a case's history (status change, assignment, answer...): who and when, no personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=12, choices=CaseEventKind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    # A counsellor's or partner's name, an outcome: never the resident's data.
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CaseAccess(models.Model):
    """The audit log: each time someone saw or changed a case's personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # None for the resident reading with their code, and for the purge command.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=AuditAction.choices)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        ordering = ["-at"]

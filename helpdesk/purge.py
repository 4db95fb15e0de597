"""Erase the personal data of cases closed longer ago than the retention period.

What is erased: contact (method, value, messenger), name, question, answers,
notes and the contact hash. What stays: the non-personal facts the
statistics count (language, region, topic, channel, resident type, status,
dates, referrals) and the history and audit log, which hold no personal data.
Idempotent: an erased case is marked (erased_at) and never touched again.
"""
import calendar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helpdesk.constants import AuditAction, CaseEventKind, Status
from helpdesk.models import Answer, Case, CaseAccess, CaseEvent, CaseNote

BATCH = 500
ERASED_CASE_FIELDS = {
    "contact_method": "", "contact_value": "", "messenger": "", "name": "", "question": "", "contact_hash": "",
}


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_cutoff(now=None, months=None):
    months = settings.HELPDESK_RETENTION_MONTHS if months is None else months
    return months_before(now or timezone.now(), months)


def due_for_erasure(now=None, months=None):
    """Closed cases whose personal data is past the retention period and not yet erased."""
    return Case.objects.filter(
        status=Status.CLOSED, closed_at__lt=retention_cutoff(now, months), erased_at__isnull=True,
    )


def purge(now=None, months=None, dry_run=False):
    """Erase what is due; returns how many cases were (or, with dry_run, would be) erased."""
    now = now or timezone.now()
    ids = list(due_for_erasure(now, months).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    for start in range(0, len(ids), BATCH):
        _erase(ids[start:start + BATCH], now)
    return len(ids)


@transaction.atomic
def _erase(case_ids, now):
    # Re-checked inside the transaction: a case reopened meanwhile keeps its data.
    case_ids = list(Case.objects.filter(pk__in=case_ids, status=Status.CLOSED, erased_at__isnull=True)
                    .values_list("pk", flat=True))
    Case.objects.filter(pk__in=case_ids).update(erased_at=now, **ERASED_CASE_FIELDS)
    Answer.objects.filter(case_id__in=case_ids).update(text="")
    CaseNote.objects.filter(case_id__in=case_ids).update(text="")
    CaseEvent.objects.bulk_create(CaseEvent(case_id=pk, at=now, kind=CaseEventKind.ERASED) for pk in case_ids)
    CaseAccess.objects.bulk_create(CaseAccess(case_id=pk, at=now, action=AuditAction.ERASE) for pk in case_ids)


"""manage.py purge_helpdesk_data: personal data goes, statistics stay; open cases and dry runs untouched."""
import io
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from helpdesk import cases, purge
from helpdesk.constants import AuditAction, CaseEventKind, Status
from helpdesk.models import Case, CaseAccess, CaseEvent

pytestmark = pytest.mark.django_db

STATISTICS_FIELDS = ("code", "created_at", "language", "region_id", "topic", "channel", "resident_type", "status",
                     "interpretation", "interpreter_language", "assigned_to_id", "first_answered_at", "closed_at", "referred")


def closed_case(open_case, counsellor, partner, days_ago):
    case, _code = open_case(contact_method="email", contact_value="old@example.com", name="Old Resident",
                            question="Old question")
    cases.add_answer(case, counsellor, "Old answer")
    cases.add_note(case, counsellor, "Old note")
    cases.refer(case, partner, counsellor)
    cases.change_status(case, Status.CLOSED, counsellor)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    return Case.objects.get(pk=case.pk)


def snapshot(case):
    return {field: getattr(case, field) for field in STATISTICS_FIELDS}


def run(*args):
    out = io.StringIO()
    call_command("purge_helpdesk_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def three_cases(open_case, counsellor, partner):
    old = closed_case(open_case, counsellor, partner, days_ago=400)
    recent = closed_case(open_case, counsellor, partner, days_ago=300)
    still_open, _ = open_case(question="Still open question")
    Case.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - timedelta(days=900))
    return old, recent, Case.objects.get(pk=still_open.pk)


def test_cases_closed_longer_ago_than_the_retention_lose_their_personal_data_only(three_cases):
    old, recent, still_open = three_cases
    before = snapshot(old)
    assert "1 case(s)" in run()
    old.refresh_from_db()
    assert snapshot(old) == before  # the statistics survive
    assert (old.contact_method, old.contact_value, old.name, old.question, old.contact_hash) == ("", "", "", "", "")
    assert old.erased_at is not None
    assert [answer.text for answer in old.answers.all()] == [""]
    assert [note.text for note in old.notes.all()] == [""]
    assert old.referrals.count() == 1 and old.referred
    assert CaseEvent.objects.filter(case=old, kind=CaseEventKind.ERASED).count() == 1
    assert CaseAccess.objects.filter(case=old, action=AuditAction.ERASE, user=None).count() == 1
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.question == "Old question" and recent.erased_at is None
    assert still_open.question == "Still open question" and still_open.erased_at is None


def test_a_dry_run_changes_nothing(three_cases):
    old = three_cases[0]
    assert "Would erase the personal data of 1 case(s)" in run("--dry-run")
    old.refresh_from_db()
    assert old.question == "Old question" and old.erased_at is None


def test_running_again_erases_nothing_more(three_cases):
    run()
    erased_at = Case.objects.get(pk=three_cases[0].pk).erased_at
    assert "0 case(s)" in run()
    assert Case.objects.get(pk=three_cases[0].pk).erased_at == erased_at
    assert CaseEvent.objects.filter(kind=CaseEventKind.ERASED).count() == 1


@override_settings(HELPDESK_RETENTION_MONTHS=6)
def test_the_retention_comes_from_the_setting_or_the_option(three_cases):
    assert "2 case(s)" in run("--dry-run")
    assert "0 case(s)" in run("--dry-run", "--months", "24")


def test_an_erased_case_shows_the_resident_that_it_was_erased_and_cannot_be_reopened(client, open_case, counsellor, partner):
    case, code = open_case(question="Will be erased")
    cases.add_answer(case, counsellor, "Erased answer")
    cases.change_status(case, Status.CLOSED, counsellor)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=800))
    run()
    html = client.post("/en/help/case/", {"code": code}).content.decode()
    assert "erased" in html and "Erased answer" not in html
    with pytest.raises(cases.CaseError):
        cases.change_status(Case.objects.get(pk=case.pk), Status.IN_PROGRESS, counsellor)


@pytest.mark.parametrize("moment, months, expected", [
    (datetime(2025, 3, 31, 12, tzinfo=dt_timezone.utc), 1, datetime(2025, 2, 28, 12, tzinfo=dt_timezone.utc)),
    (datetime(2025, 1, 15, tzinfo=dt_timezone.utc), 12, datetime(2024, 1, 15, tzinfo=dt_timezone.utc)),
    (datetime(2024, 2, 29, tzinfo=dt_timezone.utc), 12, datetime(2023, 2, 28, tzinfo=dt_timezone.utc)),
    (datetime(2025, 1, 10, tzinfo=dt_timezone.utc), 0, datetime(2025, 1, 10, tzinfo=dt_timezone.utc)),
])
def test_months_are_calendar_months(moment, months, expected):
    assert purge.months_before(moment, months) == expected

"""Working a case: status log, answers through each channel, referrals, assignment, audit log."""
import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from helpdesk import cases
from helpdesk.constants import AuditAction, CaseEventKind, ContactMethod, Status
from helpdesk.models import Answer, Case, CaseAccess, CaseEvent
from tests.helpdesk.doubles import RecordingChannel
from tests.permissions import log_in

pytestmark = pytest.mark.django_db


def admin_case_url(case, action=""):
    return f"/admin/helpdesk/cases/{case.pk}/" + (f"{action}/" if action else "")


def test_every_status_change_is_logged_with_who_and_when(open_case, counsellor):
    case, _code = open_case()
    path = [Status.IN_PROGRESS, Status.WAITING, Status.REFERRED, Status.RESOLVED, Status.CLOSED]
    for status in path:
        cases.change_status(case, status, counsellor)
    changes = list(CaseEvent.objects.filter(case=case, kind=CaseEventKind.STATUS).values_list("from_status", "to_status", "actor"))
    assert changes == list(zip([Status.NEW, *path[:-1]], path, [counsellor.pk] * 5))
    assert case.closed_at is not None
    with pytest.raises(cases.CaseError):
        cases.change_status(case, Status.NEW, counsellor)
    cases.change_status(case, Status.IN_PROGRESS, counsellor)  # reopened
    case.refresh_from_db()
    assert case.closed_at is None and case.status == Status.IN_PROGRESS


def test_status_change_through_the_admin(client, open_case, counsellor):
    case, _code = open_case()
    log_in(client, counsellor)
    response = client.post(admin_case_url(case, "status"), {"status": "closed"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at
    assert CaseAccess.objects.filter(case=case, user=counsellor, action=AuditAction.STATUS).exists()
    refused = client.post(admin_case_url(case, "status"), {"status": "waiting"})
    with translation.override("ko"):  # the counsellor's admin speaks the site's default language
        expected = gettext("A case cannot go from “%(old)s” to “%(new)s”.") % {
            "old": Status.CLOSED.label, "new": Status.WAITING.label}
    assert refused.status_code == 400 and expected in refused.content.decode()


def test_an_email_answer_is_mailed_in_the_residents_language_and_shown_on_their_page(client, open_case, counsellor):
    case, code = open_case(contact_method=ContactMethod.EMAIL, contact_value="lan@example.com", language="en")
    log_in(client, counsellor)
    response = client.post(admin_case_url(case, "answer"), {"text": "Call 1350, the labour ministry's line."})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.com"] and "Call 1350" in message.body and "/en/help/case/" in message.body
    assert code not in message.body  # the code is the resident's secret; mail is not a safe place for it
    case.refresh_from_db()
    assert case.first_answered_at is not None and case.status == Status.IN_PROGRESS
    answer = Answer.objects.get(case=case)
    assert (answer.delivered, answer.delivered_via) == (True, "email")
    client.logout()
    assert "Call 1350" in client.post("/en/help/case/", {"code": code}).content.decode()


def test_first_answered_at_is_kept_from_the_first_answer(open_case, counsellor):
    case, _code = open_case(contact_method=ContactMethod.NONE, contact_value="")
    first, _ = cases.add_answer(case, counsellor, "One")
    cases.add_answer(case, counsellor, "Two")
    case.refresh_from_db()
    assert case.first_answered_at == first.created_at


@override_settings(EMAIL_BACKEND="tests.helpdesk.doubles.FailingEmailBackend")
def test_a_failed_email_keeps_the_answer_and_tells_the_counsellor(open_case, counsellor):
    case, _code = open_case(contact_method=ContactMethod.EMAIL, contact_value="lan@example.com")
    answer, delivery = cases.add_answer(case, counsellor, "Kept even when mail is down")
    assert not delivery.delivered and Answer.objects.get(pk=answer.pk).text == "Kept even when mail is down"


@override_settings(HELPDESK_ANSWER_CHANNELS={"messenger": "tests.helpdesk.doubles.RecordingChannel"})
def test_a_messenger_answer_goes_through_the_configured_adapter(open_case, counsellor):
    RecordingChannel.sent.clear()
    case, _code = open_case(contact_method=ContactMethod.MESSENGER, contact_value="lan99", messenger="zalo")
    answer, delivery = cases.add_answer(case, counsellor, "Xin chào")
    assert RecordingChannel.sent == [("zalo", "lan99", "Xin chào")]
    assert delivery.delivered and answer.delivered_via == "recording"


def test_a_phone_answer_waits_for_the_counsellor_who_records_the_call(client, open_case, counsellor):
    case, _code = open_case()
    _answer, delivery = cases.add_answer(case, counsellor, "Not called yet")
    assert not delivery.delivered and not mail.outbox
    log_in(client, counsellor)
    client.post(admin_case_url(case, "answer"), {"text": "Told on the phone", "told_resident": "on"})
    assert Answer.objects.get(text__isnull=False, pk__gt=_answer.pk).delivered is True


def test_a_bad_answer_keeps_what_was_typed(client, open_case, counsellor):
    case, _code = open_case()
    log_in(client, counsellor)
    response = client.post(admin_case_url(case, "answer"), {"text": "x" * 20001})
    assert response.status_code == 400 and "x" * 20001 in response.content.decode()
    assert not Answer.objects.exists()


def test_referrals_keep_referred_and_the_status_in_step(client, open_case, counsellor, partner):
    case, _code = open_case()
    log_in(client, counsellor)
    assert client.post(admin_case_url(case, "refer"), {"partner": partner.pk}).status_code == 302
    case.refresh_from_db()
    assert case.referred and case.status == Status.REFERRED
    referral = case.referrals.get()
    assert referral.referred_by == counsellor
    client.post(admin_case_url(case, f"referrals/{referral.pk}/outcome"), {f"r{referral.pk}-outcome": "resolved"})
    referral.refresh_from_db()
    assert referral.outcome == "resolved"
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.REFERRAL_OUTCOME).exists()
    client.post(admin_case_url(case, f"referrals/{referral.pk}/remove"))
    case.refresh_from_db()
    assert not case.referred and not case.referrals.exists()


def test_assign_to_self_to_another_counsellor_but_not_to_an_editor(client, open_case, make_user):
    me, colleague, editor = make_user("counsellor", "me"), make_user("counsellor", "colleague"), make_user("editor")
    case, _code = open_case()
    log_in(client, me)
    client.post(admin_case_url(case, "assign"), {"me": "1"})
    case.refresh_from_db()
    assert case.assigned_to == me
    client.post(admin_case_url(case, "assign"), {"counsellor": colleague.pk})
    case.refresh_from_db()
    assert case.assigned_to == colleague
    assert client.post(admin_case_url(case, "assign"), {"counsellor": editor.pk}).status_code == 400
    assert list(CaseEvent.objects.filter(case=case, kind=CaseEventKind.ASSIGNED).values_list("detail", flat=True)) == ["me", "colleague"]


def test_each_view_of_a_case_page_writes_an_audit_row(client, open_case, counsellor):
    case, _code = open_case()
    log_in(client, counsellor)
    for _ in range(3):
        html = client.get(admin_case_url(case)).content.decode()
    assert "010-1234-5678" in html and "Công ty không trả lương" in html and "Nguyen Van A" in html
    rows = CaseAccess.objects.filter(case=case, action=AuditAction.VIEW)
    assert rows.count() == 3 and set(rows.values_list("user", flat=True)) == {counsellor.pk}


def test_notes_are_internal(client, open_case, counsellor):
    case, code = open_case()
    log_in(client, counsellor)
    client.post(admin_case_url(case, "note"), {"text": "Seems worried about the employer"})
    assert "Seems worried" in client.get(admin_case_url(case)).content.decode()
    client.logout()
    assert "Seems worried" not in client.post("/vi/help/case/", {"code": code}).content.decode()


def test_a_counsellor_logs_a_call_with_interpretation(client, counsellor, region):
    log_in(client, counsellor)
    response = client.post("/admin/helpdesk/log/", {
        "channel": "phone", "language": "vi", "interpretation": "on", "interpreter_language": "vi",
        "topic": "immigration", "region": region.pk, "resident_type": "marriage_migrant",
        "question": "Gia hạn visa F-6", "contact_method": "phone", "contact_value": "010 2222 3333",
        "messenger": "", "name": "", "assign_to_me": "on",
    })
    assert response.status_code == 200
    case = Case.objects.get()
    assert (case.channel, case.interpretation, case.interpreter_language, case.assigned_to) == ("phone", True, "vi", counsellor)
    assert cases.find_by_code(response.context["code"]) == case
    assert CaseAccess.objects.filter(case=case, action=AuditAction.LOG).exists()


def test_logging_a_call_with_bad_input_keeps_it(client, counsellor):
    log_in(client, counsellor)
    response = client.post("/admin/helpdesk/log/", {
        "channel": "visit", "language": "vi", "interpretation": "on", "interpreter_language": "", "topic": "housing",
        "resident_type": "other", "question": "Tiền đặt cọc", "contact_method": "email", "contact_value": "nope",
    })
    html = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    with translation.override("ko"):
        errors = [gettext("Enter a valid e-mail address."), gettext("Choose the interpreter's language.")]
    assert "Tiền đặt cọc" in html and all(error in html for error in errors)

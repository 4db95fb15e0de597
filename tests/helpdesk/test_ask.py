"""The resident asks: valid and invalid input, honeypot, rate limit, consent, the code shown once."""
import re

import pytest
from django.test import override_settings

from helpdesk import cases
from helpdesk.constants import ContactMethod, ResidentType
from helpdesk.models import Case

pytestmark = pytest.mark.django_db

URL = "/vi/help/ask/"


def valid(**overrides):
    data = {
        "topic": "employment", "region": "", "language": "vi",
        "question": "Chủ không trả lương cho tôi ba tháng. Tôi phải làm gì?",
        "contact_method": "email", "email": "Lan.Nguyen@Example.com", "phone": "", "messenger": "", "messenger_id": "",
        "name": "Lan", "resident_type": "foreign_worker", "consent": "on", "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_explains_what_is_kept_in_the_readers_language(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="consent"' in html and 'name="question"' in html and 'maxlength="5000"' in html
    assert "12" in html  # the retention period, from HELPDESK_RETENTION_MONTHS
    assert 'value="vi" selected' in html  # the answer language defaults to the page's
    assert "<script>" not in html and "style=" not in html  # strict CSP: no inline script or style
    assert "no-store" in response["Cache-Control"]


@override_settings(HELPDESK_RETENTION_MONTHS=6)
def test_the_notice_shows_the_configured_retention(client):
    assert re.search(r"\b6\b", client.get("/en/help/ask/").content.decode().split("What we keep")[1][:800])


def test_every_page_links_to_the_form(client):
    html = client.get("/en/search/").content.decode()
    assert 'href="/en/help/ask/"' in html


def test_a_valid_question_opens_a_case_and_shows_its_code_once(client, region):
    response = client.post(URL, valid(region="KR-46830"))
    html = response.content.decode()
    assert response.status_code == 200
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", html).group(0)
    case = Case.objects.get()
    assert cases.find_by_code(code) == case
    assert case.code == code[:9] and code not in str(Case.objects.values().get())
    assert (case.language, case.topic, case.region, case.channel) == ("vi", "employment", region, "web")
    assert case.resident_type == ResidentType.FOREIGN_WORKER
    assert (case.contact_method, case.contact_value, case.name) == (ContactMethod.EMAIL, "Lan.Nguyen@Example.com", "Lan")
    assert case.question.startswith("Chủ không trả lương")
    assert "no-store" in response["Cache-Control"]
    assert "/vi/help/case/" in html


def test_no_contact_at_all_is_a_choice(client):
    response = client.post(URL, valid(contact_method="none", email="", name="", resident_type=""))
    assert response.status_code == 200
    case = Case.objects.get()
    assert (case.contact_method, case.contact_value, case.contact_hash) == ("none", "", "")
    assert case.resident_type == ResidentType.OTHER


@pytest.mark.parametrize("overrides, field, message", [
    ({"topic": ""}, "topic", "Choose what your question is about"),
    ({"question": "x" * 5001}, "question", "at most 5000"),
    ({"question": ""}, "question", "Write your question"),
    ({"contact_method": "phone", "email": "", "phone": ""}, "phone", "Enter the number"),
    ({"contact_method": "phone", "email": "", "phone": "12"}, "phone", "8 to 15 digits"),
    ({"email": "not-an-address"}, "email", "name@example.com"),
    ({"contact_method": "email", "email": ""}, "email", "Enter your email"),
    ({"contact_method": "messenger", "email": "", "messenger_id": "lan99"}, "messenger", "Choose the app"),
    ({"contact_method": "messenger", "email": "", "messenger": "zalo"}, "messenger_id", "Enter your ID"),
    ({"consent": None}, "consent", "Tick the box"),
    ({"contact_method": ""}, "contact_method", "Choose how we can reach you"),
])
def test_bad_input_gets_an_error_next_to_its_field_and_keeps_what_was_typed(client, overrides, field, message):
    response = client.post("/en/help/ask/", valid(**overrides, name="Kept Name"))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert f'id="id_{field}_error"' in html and message in html.split(f'id="id_{field}_error"')[1][:300]
    assert "Kept Name" in html  # what the resident typed is still there
    if field != "question":
        assert "Chủ không trả lương cho tôi ba tháng" in html
    if overrides.get("question", "").startswith("x"):
        assert "x" * 5001 in html


def test_the_honeypot_stops_bots_without_losing_a_persons_text(client):
    response = client.post(URL, valid(website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "Chủ không trả lương" in html and "spam.example" not in html


@override_settings(HELPDESK_ASKS_PER_HOUR=2)
def test_too_many_questions_from_one_client_are_refused_with_the_text_kept(client):
    for _ in range(2):
        assert client.post(URL, valid()).status_code == 200
    response = client.post(URL, valid(question="Câu hỏi thứ ba"))
    assert response.status_code == 429
    assert Case.objects.count() == 2
    assert "Câu hỏi thứ ba" in response.content.decode() and "1345" in response.content.decode()
    other_client = client.__class__(REMOTE_ADDR="10.9.9.9")
    assert other_client.post(URL, valid()).status_code == 200  # per client, not for everyone


def test_the_form_works_in_urdu_right_to_left(client):
    response = client.get("/ur/help/ask/")
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()

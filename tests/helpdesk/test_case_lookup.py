"""The resident reads their case with the code: right and wrong codes, brute force, nothing but status and answers."""
import re

import pytest
from django.test import override_settings

from helpdesk import cases, codes
from helpdesk.constants import AuditAction
from helpdesk.models import CaseAccess

pytestmark = pytest.mark.django_db

URL = "/vi/help/case/"


def test_the_lookup_page_asks_for_the_code_in_a_post_form(client):
    html = client.get(URL).content.decode()
    assert 'method="post"' in html and 'name="code"' in html
    field = re.search(r'<input[^>]*name="code"[^>]*>', client.get("/ur/help/case/").content.decode())
    assert field and 'dir="ltr"' in field.group(0)  # the code reads as printed, in an Urdu page too


def test_the_right_code_shows_the_status_and_answers_and_nothing_else(client, open_case, counsellor):
    case, code = open_case(contact_method="email", contact_value="lan@example.com", name="Nguyen Thi Lan",
                           question="Câu hỏi bí mật về hợp đồng")
    cases.add_answer(case, counsellor, "Hãy gọi 1350 để được tư vấn lao động.")
    response = client.post(URL, {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy gọi 1350" in html
    assert "no-store" in response["Cache-Control"]
    for private in ("lan@example.com", "Nguyen Thi Lan", "Câu hỏi bí mật", case.code, code):
        assert private not in html
    assert CaseAccess.objects.filter(case=case, user=None, action=AuditAction.RESIDENT_VIEW).count() == 1


def test_the_code_is_forgiving_about_case_spaces_and_dashes(client, open_case):
    case, code = open_case()
    typed = " " + code.lower().replace("-", " ") + " "
    assert client.post(URL, {"code": typed}).status_code == 200


def test_a_wrong_code_is_refused_with_the_typed_code_kept(client, open_case):
    case, code = open_case()
    wrong = code[:-1] + ("3" if code[-1] != "3" else "4")  # same reference, wrong secret
    response = client.post(URL, {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 404
    assert "No case has this code" in html or 'id="id_code_error"' in html
    assert wrong in html
    assert not CaseAccess.objects.exists()


def test_a_code_that_cannot_exist_is_explained(client):
    response = client.post("/en/help/case/", {"code": "hello"})
    assert response.status_code == 400
    assert "16 letters and numbers" in response.content.decode()


@override_settings(HELPDESK_CODE_LOOKUPS_PER_HOUR=3)
def test_guessing_codes_is_rate_limited_even_for_the_right_one(client, open_case, counsellor):
    case, code = open_case()
    cases.add_answer(case, counsellor, "Gọi 1350 để được tư vấn lao động.")
    for _ in range(3):
        client.post(URL, {"code": codes.new_code()})
    response = client.post(URL, {"code": code})
    assert response.status_code == 429
    assert "Gọi 1350" not in response.content.decode()


def test_the_secret_half_is_compared_in_constant_time_even_when_nothing_matches(monkeypatch, open_case):
    calls = []
    original = codes.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(codes.hmac, "compare_digest", spy)
    case, code = open_case()
    assert cases.find_by_code(code) == case
    assert cases.find_by_code(codes.new_code()) is None  # unknown reference: still one comparison
    assert len(calls) == 2
    assert calls[0][1] == case.code_hash


def test_the_database_never_holds_a_code_that_opens_a_case(open_case):
    case, code = open_case()
    case.refresh_from_db()
    assert code not in (case.code, case.code_hash)
    assert case.code == codes.reference(code) and len(case.code_hash) == 64


def test_codes_are_four_groups_of_an_unambiguous_alphabet():
    code = codes.new_code()
    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert not set("".join(groups)) & set("0O1IL5S2Z8B")
    assert len({codes.new_code() for _ in range(200)}) == 200

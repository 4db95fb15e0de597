"""A NUL in what a reader sends is refused or ignored, never a 500: PostgreSQL refuses NUL in text even in
a lookup, SQLite stores it; both databases answer alike. (The importers and the JSON APIs: their own tests.)"""
import pytest

from helpdesk.models import Case
from portal import control_characters
from tests.community.conftest import (  # noqa: F401 (fixtures)
    logged_in, make_member, member, no_pause, other_member, thread,
)
from tests.helpdesk.test_ask import valid

pytestmark = pytest.mark.django_db


def test_find_and_visible():
    assert control_characters.find("수원 KR-41") is None
    assert control_characters.find("a\x00b") == (1, "U+0000")
    assert control_characters.find("줄\n바꿈\t탭", control_characters.LINE_BREAKS_AND_TABS) is None
    assert control_characters.find("줄\n바꿈") == (1, "U+000A")
    assert control_characters.find("\x85") == (0, "U+0085") and control_characters.find("\ud800") == (0, "U+D800")
    assert control_characters.visible("a\x00b\x7f") == "aU+0000bU+007F"


@pytest.mark.parametrize("url, status", [
    ("/en/search/?q=%00", 400), ("/en/search/?q=a%00b", 200), ("/en/places/?region=%00", 400),
    ("/en/places/?category=%00", 400), ("/en/community/housing/?region=%00", 400),
    ("/en/community/housing/?before=%00", 200), ("/en/help/statistics/?from=%00&to=%00", 200),
])
def test_a_nul_in_a_page_query_is_answered(client, url, status):
    response = client.get(url)
    assert response.status_code == status


def test_the_board_explains_a_region_code_with_a_nul(client):
    page = client.get("/en/community/housing/?region=KR-41%00").content.decode()
    assert "There is no region with the code" in page


def test_the_help_desk_form_refuses_a_nul_and_keeps_nothing(client):
    response = client.post("/vi/help/ask/", valid(question="Chủ không trả lương\x00 cho tôi ba tháng.", name="La\x00n"))
    assert response.status_code == 400 and not Case.objects.exists()
    assert client.post("/en/help/case/", {"code": "A\x00" * 8}).status_code == 400


def test_a_community_post_with_a_nul_is_refused(logged_in, member, thread, client, no_pause):  # noqa: F811
    logged_in(member)
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Call\x00 1350", "submission": "nul"})
    assert response.status_code == 400
    assert thread.posts.count() == 1


@pytest.mark.parametrize("path, data", [
    ("/en/account/login/", {"login": "x\x00@example.org", "password": "y\x00"}),
    ("/en/account/password/reset/", {"email": "x\x00@example.org"}),
])
def test_account_forms_answer_a_nul(client, path, data):
    assert client.post(path, data).status_code == 200  # the form again, with its error

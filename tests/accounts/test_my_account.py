"""The member's own pages: nickname, notifications, export, deletion (with the registry), privacy."""
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from accounts import personal_data
from accounts.models import Member
from tests.accounts.conftest import PASSWORD, logged_in, make_member

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def board_records():
    """A test-only app that keeps "posts" and registers them like the board does."""
    posts = {}
    calls = []

    def exporter(user):
        return {"test_board": {"posts": posts.get(user.pk, [])}}

    def eraser(user, mode):
        calls.append((user.pk, mode))
        if mode == personal_data.DELETE:
            posts.pop(user.pk, None)
        else:
            posts["anonymous"] = posts.pop(user.pk, [])

    personal_data.register(exporter=exporter, eraser=eraser)
    yield posts, calls
    personal_data.unregister(exporter=exporter, eraser=eraser)


@pytest.fixture
def lan_client(lan):
    client = Client()
    client.force_login(lan)
    return client


def test_account_pages_need_a_login(client):
    for path in ("/en/account/", "/en/account/delete/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/en/account/login/?next=")
    assert client.post("/en/account/export/").status_code == 302


def test_my_account_shows_nickname_and_own_email(lan_client):
    html = lan_client.get("/en/account/").content.decode()
    assert "<b>Lan</b>" in html
    assert "lan.nguyen@example.org" in html  # to the member only


def test_change_nickname(lan_client, lan, minh):
    response = lan_client.post("/en/account/nickname/", {"nickname": " Lan  N "})
    assert response.status_code == 302
    lan.member.refresh_from_db()
    assert lan.member.nickname == "Lan N"
    page = lan_client.get("/en/account/").content.decode()
    assert "Your nickname is now Lan N." in page

    taken = lan_client.post("/en/account/nickname/", {"nickname": "MINH"})
    assert taken.status_code == 400
    assert b"This nickname is already taken. Please choose another." in taken.content
    assert b'value="MINH"' in taken.content
    # Keeping one's own nickname in another case is allowed.
    assert lan_client.post("/en/account/nickname/", {"nickname": "LAN N"}).status_code == 302


def test_notification_preference(lan_client, lan):
    assert lan.member.notify_replies is False
    lan_client.post("/en/account/notifications/", {"notify_replies": "on"})
    lan.member.refresh_from_db()
    assert lan.member.notify_replies is True
    lan_client.post("/en/account/notifications/", {})
    lan.member.refresh_from_db()
    assert lan.member.notify_replies is False


def test_export_contains_only_the_members_own_data(lan_client, lan, minh, board_records):
    posts, _calls = board_records
    posts[lan.pk] = ["How do I get my unpaid wages?"]
    posts[minh.pk] = ["Minh's own question"]
    response = lan_client.post("/en/account/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["nickname"] == "Lan"
    assert data["account"]["email_addresses"] == [{"email": "lan.nguyen@example.org", "verified": True, "primary": True}]
    assert data["account"]["member_since"] and data["account"]["date_joined"]
    assert data["test_board"] == {"posts": ["How do I get my unpaid wages?"]}
    text = response.content.decode()
    assert "Minh" not in text and "minh.tran@example.org" not in text


def test_export_is_not_a_get_link(lan_client):
    assert lan_client.get("/en/account/export/").status_code == 405


@pytest.mark.parametrize("mode", [personal_data.DELETE, personal_data.ANONYMISE])
def test_delete_account_in_both_modes(lan, minh, board_records, mode):
    posts, calls = board_records
    posts[lan.pk] = ["a question"]
    # Signed in on two devices.
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        assert client.post("/en/account/login/", {"login": "lan.nguyen@example.org", "password": PASSWORD}).status_code == 302
    user_id = lan.pk

    response = phone.post("/vi/account/delete/", {"password": PASSWORD, "posts": mode})
    assert response.status_code == 302 and response["Location"] == "/vi/account/deleted/"
    assert calls == [(user_id, mode)]
    assert posts.get("anonymous") == (["a question"] if mode == personal_data.ANONYMISE else None)
    assert user_id not in posts
    assert not User.objects.filter(pk=user_id).exists()
    assert not Member.objects.filter(user_id=user_id).exists()
    assert not EmailAddress.objects.filter(email="lan.nguyen@example.org").exists()
    assert not any(s.get_decoded().get("_auth_user_id") == str(user_id) for s in Session.objects.all())
    assert not logged_in(phone)
    assert laptop.get("/en/account/").status_code == 302  # signed out there too
    confirmation = phone.get(response["Location"])
    assert confirmation.status_code == 200 and b'<html lang="vi"' in confirmation.content
    # Another member is untouched.
    assert Member.objects.filter(nickname="Minh").exists()


def test_delete_needs_the_password_and_a_choice(lan_client, lan, board_records):
    _posts, calls = board_records
    wrong = lan_client.post("/en/account/delete/", {"password": "not mine", "posts": personal_data.DELETE})
    assert wrong.status_code == 400
    assert b"That is not your password." in wrong.content
    no_choice = lan_client.post("/en/account/delete/", {"password": PASSWORD})
    assert no_choice.status_code == 400
    assert b"Choose what should happen to what you wrote." in no_choice.content
    assert calls == []
    assert User.objects.filter(pk=lan.pk).exists()


def test_no_email_of_another_member_on_any_page(lan, minh):
    """Minh, signed in, and an anonymous reader see Lan's nickname at most, never the email or username."""
    minh_client = Client()
    minh_client.force_login(minh)
    pages = ["/en/account/", "/en/account/delete/", "/en/account/password/change/", "/en/account/email/", "/vi/account/"]
    anonymous_pages = ["/en/account/login/", "/en/account/signup/", "/en/account/password/reset/", "/en/account/deleted/"]
    for client, paths in ((minh_client, pages), (Client(), anonymous_pages)):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert "lan.nguyen@example.org" not in html, path
            assert lan.username not in html and minh.username not in html, path
    assert "minh.tran@example.org" in minh_client.get("/en/account/").content.decode()


def test_forms_refuse_posts_without_the_csrf_token(lan):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/en/account/login/", {"login": "lan.nguyen@example.org", "password": PASSWORD}).status_code == 403
    assert strict.post("/en/account/signup/", {"nickname": "Hoa", "email": "hoa@example.org"}).status_code == 403
    strict.force_login(lan)
    for path, data in (
        ("/en/account/nickname/", {"nickname": "Evil"}),
        ("/en/account/notifications/", {"notify_replies": "on"}),
        ("/en/account/export/", {}),
        ("/en/account/delete/", {"password": PASSWORD, "posts": personal_data.DELETE}),
        ("/en/account/logout/", {}),
    ):
        assert strict.post(path, data).status_code == 403, path
    lan.member.refresh_from_db()
    assert lan.member.nickname == "Lan" and User.objects.filter(pk=lan.pk).exists()


def test_forms_carry_the_csrf_token_so_real_browsers_succeed(lan):
    import re

    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/en/account/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post("/en/account/login/", {"login": "lan.nguyen@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and logged_in(strict)


def test_staff_without_a_member_choose_a_nickname_to_join():
    staff = User.objects.create_user(username="editor-kim", password="x")
    client = Client()
    client.force_login(staff)
    page = client.get("/en/account/")
    assert page.status_code == 200 and b"Choose a nickname to take part in the community." in page.content
    assert not Member.objects.filter(user=staff).exists()  # looking creates nothing
    assert client.post("/en/account/notifications/", {"notify_replies": "on"}).status_code == 302
    assert not Member.objects.filter(user=staff).exists()
    assert client.post("/en/account/nickname/", {"nickname": "Counsellor Kim"}).status_code == 302
    assert Member.objects.get(user=staff).nickname == "Counsellor Kim"


def test_logout_returns_to_the_home_page_of_the_readers_language(lan_client):
    response = lan_client.post("/vi/account/logout/")
    assert response.status_code == 302 and response["Location"] == "/vi/"
    assert not logged_in(lan_client)


def test_too_many_requests_get_the_portals_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        assert client.post("/th/account/login/", {"login": "x@example.org", "password": "y"}).status_code == 200
    response = client.post("/th/account/login/", {"login": "x@example.org", "password": "y"})
    assert response.status_code == 429
    assert b'<html lang="th"' in response.content and b'<meta name="robots" content="noindex">' in response.content

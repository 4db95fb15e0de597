"""Sign-up through the real views: nickname, email verification, language, duplicates."""
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError

from accounts.models import Member
from tests.accounts.conftest import PASSWORD, link_in, logged_in, signup_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_sign_up_creates_user_and_member_and_asks_to_verify_the_email(client):
    response = client.post("/en/account/signup/", signup_data(nickname="  Hoa   Pham ", email="Hoa@Example.org"))
    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    member = Member.objects.get(nickname="Hoa Pham")
    assert member.user.email == "hoa@example.org"
    assert member.nickname_key == "hoa pham"
    # The username is opaque: nothing of the email or nickname in it.
    assert member.user.username.startswith("member-") and "hoa" not in member.user.username
    assert not EmailAddress.objects.get(user=member.user).verified
    assert not logged_in(client)
    [message] = mail.outbox
    assert message.to == ["hoa@example.org"]
    assert link_in(message).startswith("/en/account/confirm-email/")
    assert "Hoa Pham" in message.body  # the mail names the member by nickname only


def test_verification_is_required_before_signing_in(client):
    client.post("/en/account/signup/", signup_data())
    response = client.post("/en/account/login/", {"login": "hoa@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/account/confirm-email/"
    assert not logged_in(client)

    confirm_page = client.get(link_in(mail.outbox[0]))
    assert confirm_page.status_code == 200
    assert b"Please confirm that hoa@example.org is your email address." in confirm_page.content
    client.post(link_in(mail.outbox[0]))
    assert EmailAddress.objects.get(email="hoa@example.org").verified

    other = client.__class__()
    response = other.post("/en/account/login/", {"login": "hoa@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(other)


def test_mail_links_keep_the_readers_language(client):
    client.post("/vi/account/signup/", signup_data())
    assert link_in(mail.outbox[0]).startswith("/vi/account/confirm-email/")


def test_a_refused_sign_up_saves_nothing_and_sends_nothing(client):
    response = client.post("/en/account/signup/", {**signup_data(), "password2": "something else 99"})
    assert response.status_code == 200
    assert b"You must type the same password each time." in response.content
    assert not User.objects.filter(email="hoa@example.org").exists()
    assert not Member.objects.exists()
    assert not mail.outbox


def test_user_member_and_email_are_created_together_or_not_at_all(client, monkeypatch):
    def fail(**fields):
        raise IntegrityError("nickname taken a moment ago")

    monkeypatch.setattr(Member.objects, "create", fail)
    with pytest.raises(IntegrityError):
        client.post("/en/account/signup/", signup_data())
    assert not User.objects.filter(email="hoa@example.org").exists()
    assert not EmailAddress.objects.filter(email="hoa@example.org").exists()


@pytest.mark.parametrize("taken, typed", [("Lan", "LAN"), ("Иван", "иван"), ("Lan Nguyen", "lan   nguyen")])
def test_duplicate_nicknames_are_refused_whatever_the_case(client, taken, typed):
    from tests.accounts.conftest import make_member

    make_member("first@example.org", taken)
    response = client.post("/en/account/signup/", signup_data(nickname=typed))
    assert response.status_code == 200
    assert b"This nickname is already taken. Please choose another." in response.content
    assert Member.objects.count() == 1


@pytest.mark.parametrize("nickname, message", [
    ("lan@example.org", "A nickname must not look like an email address."),
    ("010 1234 5678", "A nickname must not look like a phone number."),
    ("lan.example.com", "A nickname must not look like a web address."),
    ("La", "A nickname has 3 to 30 characters."),
])
def test_invalid_nicknames_are_refused_with_a_clear_message_and_keep_what_was_typed(client, nickname, message):
    response = client.post("/en/account/signup/", signup_data(nickname=nickname, email="keep.me@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # The error sits next to its field and is announced with it.
    assert 'id="id_nickname_error"' in html and 'aria-invalid="true"' in html
    assert 'value="keep.me@example.org"' in html
    assert not User.objects.exists()


def test_another_language_renders_in_that_language_and_keeps_what_was_typed(client):
    page = client.get("/vi/account/signup/")
    assert page.status_code == 200
    assert b'<html lang="vi"' in page.content
    response = client.post("/vi/account/signup/", signup_data(nickname="lan@example.org", email="lan.vi@example.org"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert 'value="lan@example.org"' in html and 'value="lan.vi@example.org"' in html
    assert 'id="id_nickname_error"' in html
    assert 'action="/vi/account/signup/"' in html


def test_existing_email_does_not_reveal_the_account(client, lan):
    """Signing up with a member's email looks the same as a new sign-up; the owner gets a mail."""
    response = client.post("/en/account/signup/", signup_data(email="lan.nguyen@example.org"))
    assert response.status_code == 302 and response["Location"] == "/en/account/confirm-email/"
    assert User.objects.filter(email="lan.nguyen@example.org").count() == 1
    assert not Member.objects.filter(nickname="Hoa").exists()
    assert mail.outbox[0].to == ["lan.nguyen@example.org"]


def test_password_reset_mail_and_new_password(client, lan):
    response = client.post("/en/account/password/reset/", {"email": "lan.nguyen@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["lan.nguyen@example.org"]
    link = link_in(message)
    assert link.startswith("/en/account/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and b"Choose a new password" in form_page.content
    new_password = "a brand new passphrase 7"
    done = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                       {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    lan.refresh_from_db()
    assert lan.check_password(new_password)


def test_signup_and_login_pages_are_plain_accessible_forms(client):
    html = client.get("/en/account/signup/").content.decode()
    assert '<label for="id_nickname">' in html
    assert 'autocomplete="nickname"' in html and 'autocomplete="email"' in html and 'autocomplete="new-password"' in html
    assert "<script>" not in html and "style=" not in html
    login = client.get("/en/account/login/").content.decode()
    assert 'autocomplete="current-password"' in login
    assert "style=" not in login

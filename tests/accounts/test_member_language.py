"""Member.language: set at sign-up, kept at each sign-in, chosen on the account page, used for every mail.

A member who never posted nor subscribed used to get moderators' mails in Korean, the portal's
source language; now they get the language they signed up in, and English when nothing is known.
"""
import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from accounts import reading_language
from accounts.models import Member
from community import sanctions
from tests.accounts.conftest import PASSWORD, link_in, logged_in, make_member, signup_data

pytestmark = pytest.mark.django_db

WARNING_SUBJECT = "A warning from the community board's moderators"


def in_language(code, text):
    with translation.override(code):
        return gettext(text)


def warn_with_mail(member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sanctions.warn(member, moderator, "Please be polite.")
    [message] = mail.outbox
    return message


def test_a_member_who_signed_up_in_thai_and_never_posted_is_warned_in_thai(
        client, admin_user, django_capture_on_commit_callbacks):
    client.post("/th/account/signup/", signup_data(nickname="Somchai", email="somchai@example.org"))
    client.post(link_in(mail.outbox[0]))  # confirming the address signs in, from the Thai link
    member = Member.objects.get(nickname="Somchai")
    assert member.language == "th" and not member.posts.exists()
    mail.outbox.clear()

    message = warn_with_mail(member, admin_user, django_capture_on_commit_callbacks)
    thai = in_language("th", WARNING_SUBJECT)
    assert thai != WARNING_SUBJECT  # the catalogue has it in Thai: the test can tell the languages apart
    assert message.subject == thai and message.to == ["somchai@example.org"]
    assert "/th/community/" in message.body
    assert not re.search(r"[\uac00-\ud7af]", message.subject + message.body)  # no Korean


def test_signing_in_from_another_language_updates_it(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    Member.objects.filter(user=user).update(language="th")
    response = client.post("/vi/account/login/", {"login": "lan.nguyen@example.org", "password": PASSWORD})
    assert response.status_code == 302 and logged_in(client)
    assert Member.objects.get(user=user).language == "vi"


def test_a_refused_sign_in_changes_nothing(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    Member.objects.filter(user=user).update(language="th")
    client.post("/vi/account/login/", {"login": "lan.nguyen@example.org", "password": "wrong password 1"})
    assert Member.objects.get(user=user).language == "th"


def test_nothing_known_means_english_never_korean(admin_user, django_capture_on_commit_callbacks):
    member = make_member("quiet@example.org", "Quiet").member
    assert member.language == ""
    assert sanctions.member_language(member) == "en"
    assert sanctions.member_language(None) == "en"
    assert reading_language.mail_language(member) == "en"
    assert reading_language.mail_language(member, "", "xx", "ja") == "ja"  # the first hint the portal knows
    message = warn_with_mail(member, admin_user, django_capture_on_commit_callbacks)
    assert message.subject == WARNING_SUBJECT


def test_the_members_language_comes_before_every_guess(admin_user):
    member = make_member("lan.nguyen@example.org", "Lan").member
    member.language = "km"
    assert reading_language.mail_language(member, "vi") == "km"
    assert sanctions.member_language(member) == "km"


def test_the_account_page_offers_each_language_in_its_own_name_and_direction(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    client.force_login(user)
    html = client.get("/ur/account/").content.decode()
    select = re.search(r'<select name="language"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no language choice on the account page"
    options = re.findall(r"<option[^>]*>", select.group(1))
    assert len(options) == 14 and not any('value=""' in option for option in options)
    assert any('value="ur"' in o and 'lang="ur"' in o and 'dir="rtl"' in o and "selected" in o for o in options)
    assert any('value="th"' in o and 'lang="th"' in o and 'dir="ltr"' in o for o in options)
    assert 'lang="ko"' in select.group(1) and "한국어" in select.group(1)


def test_choosing_a_language_on_the_account_page_saves_it_and_keeps_the_other_preference(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    client.force_login(user)
    response = client.post("/en/account/notifications/", {"notify_replies": "on", "language": "ne"})
    assert response.status_code == 302
    member = Member.objects.get(user=user)
    assert (member.language, member.notify_replies) == ("ne", True)
    chosen = re.search(r'<option value="ne"[^>]*>', client.get("/en/account/").content.decode()).group(0)
    assert "selected" in chosen and 'lang="ne"' in chosen

    assert client.post("/en/account/notifications/", {"notify_replies": "on"}).status_code == 302
    assert Member.objects.get(user=user).language == "ne"  # a post without a language keeps it
    assert client.post("/en/account/notifications/", {"language": "xx"}).status_code == 400
    assert Member.objects.get(user=user).language == "ne"


def test_the_personal_data_export_includes_the_language(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    Member.objects.filter(user=user).update(language="uz")
    client.force_login(user)
    data = json.loads(client.post("/en/account/export/").content)
    assert data["account"]["language"] == "uz"


def test_staff_joining_the_community_get_the_language_they_chose_a_nickname_in(client, django_user_model):
    staff = django_user_model.objects.create_user(username="editor-kim", password="x")
    client.force_login(staff)
    assert client.post("/ru/account/nickname/", {"nickname": "Counsellor Kim"}).status_code == 302
    assert Member.objects.get(user=staff).language == "ru"

"""A reader of language L meets L (then English), never Korean, on the account pages and in their mails.

Korean came from Django's gettext fallback to LANGUAGE_CODE ("ko") wherever allauth's or Django's
catalog lacks a language (portal.gettext_fallback now falls back to English), and from mail
translations that glued a word to the link ("…/을" in mail apps). These tests walk the pages a
member meets and the mails they get in each of the 13 languages other than Korean.
"""
import re

import pytest
from django.core import mail
from django.utils import translation

from portal import languages
from tests.accounts.conftest import PASSWORD, signup_data
from tests.language_check import problems_in_page

pytestmark = pytest.mark.django_db

READER_LANGUAGES = [code for code in languages.CODES if code != "ko"]
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
URL = re.compile(r"https?://\S+")

# Strings of allauth and Django a member meets on the account pages and in the mails: each must be
# translated in every reader language (the English msgid is only right for English).
THIRD_PARTY = [
    "Forgot your password?",
    "Remember Me",
    "Password (again)",
    "You must type the same password each time.",
    "The email address and/or password you specified are not correct.",
    "A user is already registered with this email address.",
    "Confirmation email sent to %(email)s.",
    "You have confirmed %(email)s.",
    "Please Confirm Your Email Address",
    "Password Reset Email",
    "This password is too common.",
    "Your password can’t be a commonly used password.",
    "This field is required.",
    "Enter a valid email address.",
]


def test_the_helper_ignores_korean_marked_as_korean_and_finds_the_rest():
    html = ('<p>Xin chào <span lang="ko">한국어 <b>보건소</b></span></p><script>var a="안녕"</script>'
            '<img lang="ko" alt="지도"><p title="제목">비밀번호</p>')
    found = problems_in_page(html, "vi")
    assert len(found) == 2 and "제목" in found[0] and "비밀번호" in found[1]


def translated(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def assert_no_korean(response):
    assert response.status_code == 200
    language = response.request["PATH_INFO"].split("/")[1]
    found = [problem for problem in problems_in_page(response.content.decode(), language) if "Korean" in problem]
    assert not found, f"Korean on {response.request['PATH_INFO']}: {found[:10]}"


def assert_links_alone_on_their_lines(client, body):
    urls = URL.findall(body)
    assert urls, body
    for line in body.splitlines():
        if URL.search(line):
            assert URL.fullmatch(line.strip()), f"text glued to a link: {line!r}"
    for url in urls:
        status = client.get(url.removeprefix("http://testserver")).status_code
        assert status in (200, 302), f"{url} answers {status}"


@pytest.mark.parametrize("language", [code for code in READER_LANGUAGES if code != "en"])  # English: the msgids
def test_third_party_strings_are_translated(language):
    missing = [msgid for msgid in THIRD_PARTY if translated(language, msgid) == msgid]
    assert not missing, f"{language}: shown in English: {missing}"


@pytest.mark.parametrize("language", READER_LANGUAGES)
def test_account_pages_and_mails_speak_the_readers_language(client, language):
    for page in ("login", "signup", "password/reset"):
        assert_no_korean(client.get(f"/{language}/account/{page}/"))

    refused = client.post(f"/{language}/account/signup/",
                          {**signup_data(password="password12"), "password2": "something else 99", "email": "x@"})
    assert_no_korean(refused)
    assert translated(language, "This password is too common.") in refused.content.decode()

    done = client.post(f"/{language}/account/signup/", signup_data(), follow=True)
    assert_no_korean(done)
    assert translated(language, "Confirmation email sent to %(email)s.") % {"email": "hoa@example.org"} in done.content.decode()

    client.post(f"/{language}/account/password/reset/", {"email": "hoa@example.org"})
    client.post(f"/{language}/account/password/reset/", {"email": "nobody@example.org"})
    confirmation, reset, unknown = mail.outbox
    expected = [
        (confirmation, "Please Confirm Your Email Address", "If you did not create an account, you can ignore this email."),
        (reset, "Password Reset Email", "If you did not ask for this, you can ignore this email. Your password stays the same."),
        (unknown, "Unknown Account", "If you did not ask for this, you can ignore this email."),
    ]
    for message, subject, sentence in expected:
        assert not HANGUL.search(message.subject + message.body), message.body
        assert translated(language, subject) in message.subject
        assert translated(language, sentence) in message.body
        assert f"/{language}/account/" in message.body  # links keep the reader's language
        assert_links_alone_on_their_lines(client, message.body)
    assert PASSWORD not in "".join(m.body for m in mail.outbox)

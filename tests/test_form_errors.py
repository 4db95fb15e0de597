"""Every public form, sent with mistakes, says so first and leads to each mistake (WCAG 3.3.1, 3.3.2, 1.3.5, 4.1.2).

One table of forms in their error state (FAILED_SUBMISSIONS): each page's title starts with "Error:", an error
summary opens <main> and takes focus, each of its links leads to a control of the form, and every control
marked invalid is described by its error. Adding a public form without a row here leaves it unchecked.
"""
import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from accounts.models import Member
from community.models import Post
from tests.accounts.conftest import PASSWORD, make_member
from tests.community.conftest import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _board_settings(settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def signed_in(client):
    user = make_member("lan.nguyen@example.org", "Lan")
    client.force_login(user)
    return user


def ask(client):
    return client.post("/en/help/ask/", {"contact_method": "email", "question": "Where do I renew my visa?",
                                         "name": "Nguyen Van A", "phone": "010-1234-5678"})


def case_lookup(client):
    return client.post("/en/help/case/", {"code": "zz"})


def signup(client):
    return client.post("/en/account/signup/", {"nickname": "", "email": "not-an-address",
                                               "password1": PASSWORD, "password2": "something else 99"})


def login(client):
    make_member("lan.nguyen@example.org", "Lan")
    return client.post("/en/account/login/", {"login": "lan.nguyen@example.org", "password": "not the password 7"})


def password_reset(client):
    return client.post("/en/account/password/reset/", {"email": "not-an-address"})


def password_change(client):
    signed_in(client)
    return client.post("/en/account/password/change/", {"oldpassword": "not the password 7",
                                                         "password1": "a new password 42", "password2": "a new password 42"})


def nickname(client):
    signed_in(client)
    return client.post("/en/account/nickname/", {"nickname": ""})


def delete_account(client):
    signed_in(client)
    return client.post("/en/account/delete/", {"password": "not the password 7"})


def new_thread(client):
    signed_in(client)
    return client.post("/en/community/employment/new/", {"title": "", "body": "", "submission": "token-1"})


def reply(client):
    user = signed_in(client)
    thread = make_thread(Member.objects.get(user=user))
    return client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "", "submission": "token-2"})


def report(client):
    user = signed_in(client)
    post = Post.objects.get(thread=make_thread(Member.objects.get(user=user)), position=0)
    return client.post(f"/en/community/p/{post.pk}/report/", {"details": "Spam, I think."})


FAILED_SUBMISSIONS = [ask, case_lookup, signup, login, password_reset, password_change, nickname, delete_account,
                      new_thread, reply, report]


def summary_links(html):
    summary = html.select_one("main [data-error-summary]")
    return [link["href"] for link in summary.select("a")] if summary else []


@pytest.mark.parametrize("submit", FAILED_SUBMISSIONS, ids=lambda submit: submit.__name__)
def test_a_refused_form_says_so_in_its_title_and_first_in_the_page(client, submit):
    response = submit(client)
    assert response.status_code in (200, 400), response.status_code
    html = page(response)
    assert html.title.string.startswith("Error: ")
    first = html.main.find(True)  # the first element in <main>: what a reader meets after the skip link
    assert first.has_attr("data-error-summary") and first["tabindex"] == "-1"
    assert first.select_one("[role=alert] h2")
    assert html.select_one('script[src$="js/error-summary.js"]')


@pytest.mark.parametrize("submit", FAILED_SUBMISSIONS, ids=lambda submit: submit.__name__)
def test_every_summary_line_leads_to_a_control_of_the_form(client, submit):
    html = page(submit(client))
    targets = summary_links(html)
    assert targets
    for href in targets:
        assert href.startswith("#")
        control = html.find(id=href[1:])
        assert control is not None, f"{href} points at nothing"
        assert control.name in ("input", "select", "textarea") and control.get("type") != "hidden"
        assert control.find_parent("form") is not None


@pytest.mark.parametrize("submit", FAILED_SUBMISSIONS, ids=lambda submit: submit.__name__)
def test_every_invalid_control_is_described_by_its_error(client, submit):
    html = page(submit(client))
    invalid = html.select('form [aria-invalid="true"]')
    assert invalid
    for control in invalid:
        # A radio's error describes its group (the fieldset), not each choice.
        holder = control.find_parent("fieldset") if control.get("type") == "radio" else control
        ids = holder.get("aria-describedby", "").split()
        described = [html.find(id=name) for name in ids]
        assert ids and all(described), (control.get("name"), ids)
        assert any("errorlist" in (part.get("class") or []) or part.select_one(".errorlist") for part in described)


@pytest.mark.parametrize("url", ["/en/help/ask/", "/en/help/case/", "/en/account/signup/", "/en/account/login/",
                                 "/en/account/password/reset/"])
def test_a_form_not_yet_sent_shows_no_error(client, url):
    html = page(client.get(url))
    assert not html.title.string.startswith("Error")
    assert html.select_one("[data-error-summary]") is None
    assert not html.select('[aria-invalid="true"]')


def test_the_error_prefix_is_in_the_readers_language(client):
    response = client.post("/vi/help/case/", {"code": "zz"})
    with translation.override("vi"):
        prefix = translation.gettext("Error:")
    assert page(response).title.string.startswith(prefix + " ")


def test_the_summary_names_the_field_when_the_message_does_not(client):
    html = page(signup(client))
    lines = {link["href"]: link.get_text(" ", strip=True) for link in html.select("[data-error-summary] a")}
    assert lines["#id_nickname"] == "Nickname: This field is required."  # Django's own message: the label first
    assert lines["#id_email"] == "Email: Enter a valid email address."
    asked = page(ask(client))
    lines = {link["href"]: link.get_text(" ", strip=True) for link in asked.select("[data-error-summary] a")}
    assert lines["#id_email"] == "Enter your email address, or choose another way."  # names what to do already
    assert lines["#id_topic"] == "Choose what your question is about."


def test_a_choice_group_is_reached_through_its_first_choice(client):
    html = page(client.post("/en/help/ask/", {"question": "Where do I renew my visa?"}))
    assert "#id_contact_method_0" in summary_links(html)
    group = html.find(id="id_contact_method_0").find_parent("fieldset")
    assert "id_contact_method_error" in group["aria-describedby"].split()


def test_everything_typed_in_the_ask_form_is_kept(client):
    html = page(ask(client))
    assert html.find(id="id_question").get_text().strip() == "Where do I renew my visa?"
    assert html.find(id="id_name")["value"] == "Nguyen Van A"
    assert html.find(id="id_phone")["value"] == "010-1234-5678"
    assert html.find(id="id_contact_method_1").has_attr("checked")


def test_required_fields_say_so_in_words(client):
    html = page(client.get("/en/help/ask/"))
    for control in html.select("form.helpdesk-form [required]"):
        group = control.find_parent("fieldset")
        caption = group.legend if group else html.find("label", attrs={"for": control["id"]})
        assert caption.select_one(".required-mark").get_text() == "(required)", control["name"]
    for name in ("id_phone", "id_email", "id_messenger", "id_messenger_id", "id_name", "id_region"):
        assert html.find("label", attrs={"for": name}).select_one(".required-mark") is None


def test_fields_needed_for_one_way_of_contact_say_which_before_any_error(client):
    html = page(client.get("/en/help/ask/"))
    expected = {"id_phone": "Call me back by phone", "id_email": "Email",
                "id_messenger": "Messenger app", "id_messenger_id": "Messenger app"}
    for name, choice in expected.items():
        help_id = html.find(id=name)["aria-describedby"]
        assert html.find(id=help_id).get_text() == f"Required if you choose “{choice}”."


@pytest.mark.parametrize("url, expected", [
    ("/en/help/ask/", {"email": "email", "phone": "tel", "name": "name"}),
    ("/en/account/signup/", {"email": "email", "password1": "new-password", "password2": "new-password",
                             "nickname": "nickname"}),
    ("/en/account/login/", {"login": "username", "password": "current-password"}),
    ("/en/account/password/reset/", {"email": "email"}),
])
def test_personal_fields_say_what_they_hold(client, url, expected):
    html = page(client.get(url))
    assert {name: html.select_one(f'main [name="{name}"]').get("autocomplete") for name in expected} == expected


def test_a_refused_log_in_is_tied_to_both_fields(client):
    html = page(login(client))
    box = html.select_one("form .form-errors")
    assert "The email address and/or password you specified are not correct." in box.get_text()
    for name in ("id_login", "id_password"):
        field = html.find(id=name)
        assert field["aria-invalid"] == "true" and box["id"] in field["aria-describedby"].split()
    assert html.find(id="id_login")["value"] == "lan.nguyen@example.org"  # typed, kept


def test_forgot_your_password_is_a_link_of_its_own(client):
    html = page(client.get("/en/account/login/"))
    password = html.find(id="id_password")
    assert not password.get("aria-describedby")  # no description holding the link
    link = html.select_one('form a[href="/en/account/password/reset/"]')
    assert link.get_text() == "Forgot your password?"
    assert link.find_parent(class_="help") is None and "form-link" in link.parent["class"]

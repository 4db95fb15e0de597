"""'Keep my case code on this phone': opt-in, hidden without JavaScript, no inline script, the code only in POST.

The behaviour itself (localStorage, prefill, forget) is tested in a real browser:
tests/browser/test_keep_case_code.py.
"""
import re
from pathlib import Path

import pytest

from tests.helpdesk.test_ask import valid

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "case-code.js"


def tag(html, marker):
    """The opening tag of the element carrying `marker` (an attribute name)."""
    found = re.search(rf"<[a-z]+[^>]*\b{marker}\b[^>]*>", html)
    assert found, f"no element with {marker}"
    return found.group(0)


def deferred_script(html):
    return re.search(r'<script src="[^"]*/js/case-code\.js" defer></script>', html)


def test_the_page_with_a_new_code_offers_to_keep_it_hidden_until_the_script_shows_it(client):
    response = client.post("/vi/help/ask/", valid())
    html = response.content.decode()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", html).group(0)
    assert response.status_code == 200
    assert " hidden" in tag(html, "data-keep-case-code")
    box = tag(html, "data-case-code")
    assert 'type="checkbox"' in box and f'data-case-code="{code}"' in box and "checked" not in box  # opt-in
    assert 'for="keep-case-code"' in html and deferred_script(html)


def test_the_keep_box_is_labelled_and_the_script_is_loaded_deferred_without_inline_script(client):
    html = client.post("/en/help/ask/", valid(language="en")).content.decode()
    assert "Keep my case code on this phone" in html and "do not tick this on a shared phone" in html
    assert deferred_script(html)
    assert "<script>" not in html and "onclick" not in html and "onchange" not in html


def test_the_read_my_answer_form_posts_and_offers_to_forget_a_saved_code_only_with_the_script(client):
    response = client.get("/en/help/case/")
    html = response.content.decode()
    form = re.search(r"<form[^>]*>", html.split("<main", 1)[-1]).group(0)
    assert 'method="post"' in form and "action=" not in form  # the code goes in the body, never the URL
    saved = tag(html, "data-saved-case-code")
    assert " hidden" in saved and 'data-field="id_code"' in saved
    assert 'type="button"' in tag(html, "data-forget-case-code") and "Forget the saved code" in html
    assert deferred_script(html) and "<script>" not in html
    assert "Content-Security-Policy" in response and "script-src 'self'" in response["Content-Security-Policy"]


def test_a_lookup_by_get_with_a_code_in_the_url_shows_no_case(client, open_case):
    case, code = open_case()
    html = client.get("/en/help/case/", {"code": code}).content.decode()
    assert "Your question" not in html and code not in html


def test_the_pages_without_the_keep_feature_do_not_load_its_script(client, open_case):
    case, code = open_case()
    assert not deferred_script(client.get("/en/help/ask/").content.decode())
    assert not deferred_script(client.post("/en/help/case/", {"code": code}).content.decode())


def test_the_script_keeps_the_code_only_in_local_storage_and_sends_nothing():
    script = SCRIPT.read_text()
    assert "localStorage" in script
    for leak in ("document.cookie", "fetch(", "XMLHttpRequest", "sendBeacon", "location", "sessionStorage", "history."):
        assert leak not in script, leak

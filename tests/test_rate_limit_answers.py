"""Every 429 of the portal speaks the reader's language (the page's, or the API's ?locale=) and says when
to try again (Retry-After: the end of the limit's window)."""
from datetime import datetime, timezone

import pytest
import time_machine
from django.test import override_settings
from django.utils import translation

from tests.community.conftest import (  # noqa: F401 (fixtures)
    add_reply, logged_in, make_member, make_thread, member, no_pause, other_member, thread,
)
from tests.helpdesk.test_ask import valid

pytestmark = pytest.mark.django_db

# 10:20:30 UTC: 30 s left in the minute, 39 min 30 s in the hour (+1: the window's end is included).
NOW = datetime(2026, 12, 7, 10, 20, 30, tzinfo=timezone.utc)
RETRY_IN_A_MINUTE, RETRY_IN_AN_HOUR = "31", "2371"
TOO_MANY_REQUESTS = "Too many requests from your connection. Wait a minute and try again."
TOO_MANY_SEARCHES = "Too many searches from your connection. Wait a minute and try again."


def in_language(code, message):
    with translation.override(code):
        return translation.gettext(message)


@pytest.fixture
def one_request_a_minute(settings):
    settings.SEARCH_RATE_PER_MINUTE = 1


API_CALLS = [
    ("/api/v1/places", {"near": "37.26,127.03"}, TOO_MANY_REQUESTS),
    ("/api/v1/events", {"near": "37.26,127.03"}, TOO_MANY_REQUESTS),
    ("/api/v1/search", {"q": "병원"}, TOO_MANY_SEARCHES),
    ("/api/v1/search/suggest", {"q": "병원"}, TOO_MANY_SEARCHES),
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("path, params, message", API_CALLS)
@pytest.mark.parametrize("locale", ["en", "vi", "th"])
def test_the_json_apis_answer_429_in_the_requested_locale_with_retry_after(client, one_request_a_minute, path,
                                                                          params, message, locale):
    assert client.get(path, {**params, "locale": locale}).status_code == 200
    response = client.get(path, {**params, "locale": locale})
    assert response.status_code == 429 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": in_language(locale, message)}
    assert response.json()["error"] != in_language("ko", message)
    assert response["Retry-After"] == RETRY_IN_A_MINUTE


@time_machine.travel(NOW, tick=False)
def test_an_unknown_locale_over_the_limit_is_still_a_429(client, one_request_a_minute):
    client.get("/api/v1/places", {"near": "37.26,127.03"})
    response = client.get("/api/v1/places", {"near": "37.26,127.03", "locale": "xx"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_A_MINUTE
    assert response.json()["error"] == in_language("ja", TOO_MANY_REQUESTS)


@time_machine.travel(NOW, tick=False)
def test_the_search_page_answers_429_in_its_language_with_retry_after(client, one_request_a_minute):
    client.get("/th/search/", {"q": "병원"})
    response = client.get("/th/search/", {"q": "병원"})
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_A_MINUTE
    assert in_language("th", TOO_MANY_SEARCHES) in response.content.decode()


@time_machine.travel(NOW, tick=False)
@override_settings(HELPDESK_ASKS_PER_HOUR=1)
def test_the_help_desk_question_form_answers_429_with_retry_after(client):
    assert client.post("/vi/help/ask/", valid()).status_code == 200
    response = client.post("/vi/help/ask/", valid())
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_AN_HOUR
    assert '<html lang="vi"' in response.content.decode()


@time_machine.travel(NOW, tick=False)
@override_settings(HELPDESK_CODE_LOOKUPS_PER_HOUR=1)
def test_the_case_code_lookup_answers_429_with_retry_after(client):
    client.post("/en/help/case/", {"code": "A" * 16})
    response = client.post("/en/help/case/", {"code": "A" * 16})
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_AN_HOUR


@time_machine.travel(NOW, tick=False)
def test_community_posting_answers_429_with_retry_after(logged_in, member, thread, client, settings,  # noqa: F811
                                                        no_pause):
    settings.COMMUNITY_POSTS_PER_CLIENT_PER_MINUTE = 1
    logged_in(member)
    assert client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "One", "submission": "a"}).status_code == 302
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {"body": "Two", "submission": "b"})
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_A_MINUTE


@time_machine.travel(NOW, tick=False)
def test_community_translation_answers_429_with_retry_after(member, client, settings):  # noqa: F811
    settings.COMMUNITY_TRANSLATIONS_PER_CLIENT_PER_MINUTE = 1
    korean = make_thread(member, title="임금 체불", body="돈을 안 줘요", language="ko")
    first, second = (add_reply(korean, member, body=body, language="ko") for body in ("첫째", "둘째"))
    assert client.get(f"/en/community/p/{first.pk}/translation/").status_code == 200
    response = client.get(f"/en/community/p/{second.pk}/translation/")
    assert response.status_code == 429 and response["Retry-After"] == RETRY_IN_A_MINUTE


def test_allauths_throttle_page_says_when_to_try_again(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/5m/ip"}
    for _ in range(2):
        client.post("/th/account/login/", {"login": "x@example.org", "password": "y"})
    response = client.post("/th/account/login/", {"login": "x@example.org", "password": "y"})
    assert response.status_code == 429 and response["Retry-After"] == "300"  # the login rate's window
    assert '<html lang="th"' in response.content.decode()

"""Every answer under /api/ is JSON, errors too: 400 for bad parameters, 404, 405, 500, never HTML or a
redirect to a language prefix; and the URLs the partners' API gives name the host the request came to."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from home.models import ArticlePage
from tests.conftest import article

pytestmark = pytest.mark.django_db

NEAR = "37.2636,127.0286"
TODAY = datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))
PARTNER = "partner.example:8101"  # a host and port other than the development server's


def assert_json_error(response, status, key):
    assert response.status_code == status, (response.status_code, response.get("Location"), response.content[:200])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {key} and body[key]
    return body[key]


def in_language(code, message):
    with translation.override(code):
        return translation.gettext(message)


@pytest.fixture
def wages(import_jsonl):
    import_jsonl(article(key="api-wages"), article(key="api-wages", locale="en", title="Wages"))
    return ArticlePage.objects.get(slug="api-wages", locale__language_code="ko")


# Events: dates Python or the database cannot use


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("dates", [
    {"from": "0001-01-01"}, {"from": "9999-12-31"}, {"to": "9999-12-31"}, {"from": "2026-12-01", "to": "9999-12-31"},
    {"from": "0001-01-01", "to": "0001-01-02"}, {"from": "2999-01-01", "to": "2999-02-01"},
])
def test_event_dates_out_of_the_usable_range_are_a_400_in_the_requested_language(client, dates):
    message = assert_json_error(client.get("/api/v1/events", {"near": NEAR, "locale": "en", **dates}), 400, "error")
    name = "to" if "from" not in dates or dates["from"] == "2026-12-01" else "from"
    assert message == f"{name} must be a date from 2016-12-07 to 2036-12-07."
    korean = assert_json_error(client.get("/api/v1/events", {"near": NEAR, "locale": "ko", **dates}), 400, "error")
    template = in_language("ko", "%(name)s must be a date from %(first)s to %(last)s.")
    assert korean == template % {"name": name, "first": "2016-12-07", "last": "2036-12-07"}


@time_machine.travel(TODAY, tick=False)
def test_event_dates_within_ten_years_are_answered(client):
    response = client.get("/api/v1/events", {"near": NEAR, "from": "2036-01-01", "to": "2036-12-07"})
    assert response.status_code == 200 and response.json() == []


@time_machine.travel(datetime(2028, 2, 29, 12, 0, tzinfo=ZoneInfo("Asia/Seoul")), tick=False)
def test_on_29_february_the_range_ends_on_28_february(client):
    ok = client.get("/api/v1/events", {"near": NEAR, "from": "2038-02-01", "to": "2038-02-28", "locale": "en"})
    assert ok.status_code == 200
    message = assert_json_error(client.get("/api/v1/events", {"near": NEAR, "from": "2038-03-01", "locale": "en"}),
                                400, "error")
    assert message == "from must be a date from 2018-02-28 to 2038-02-28."


# Wagtail's API v2: {"message": …}


@pytest.mark.parametrize("query", [
    "offset=99999999999999999999", "offset=9223372036854775808", "offset=2147483648", "offset=-1", "offset=x",
    "limit=99999999999999999999", "limit=x", "child_of=99999999999999999999", "descendant_of=x",
    "locale=xx", "locale=%00", "title=%00", "type=home.Nothing", "fields=%00", "search=wages", "nonsense=1",
    "topic=%00",
])
def test_bad_parameters_of_the_pages_api_are_a_400_message(client, query):
    assert_json_error(client.get(f"/api/v2/pages/?{query}"), 400, "message")


def test_an_unknown_locale_lists_the_codes(client):
    message = assert_json_error(client.get("/api/v2/pages/?locale=xx"), 400, "message")
    assert "ko" in message and "vi" in message


def test_the_largest_offset_the_databases_take_is_an_empty_page(client):
    response = client.get("/api/v2/pages/?offset=2147483647")
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("path", [
    "/api/v2/pages/999999/", "/api/v2/pages/99999999999999999999/", "/api/v2/pages/abc/", "/api/v2/nothing/",
    "/api/v2/pages/find/?html_path=/nothing/here/", "/api/v2/pages/find/?id=99999999999999999999",
])
def test_missing_pages_are_a_json_404_not_a_redirect(client, path):
    assert_json_error(client.get(path), 404, "message")


def test_a_control_character_in_find_is_a_400(client):
    assert_json_error(client.get("/api/v2/pages/find/?html_path=/ko/%00/"), 400, "message")


def test_other_methods_are_a_json_405_with_allow(client, wages):
    response = client.post("/api/v2/pages/", {})
    assert_json_error(response, 405, "message")
    assert "GET" in response["Allow"]


# Our APIs (/api/v1/): {"error": …} in the requested language


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/nothing/", "/api/v1/places/", "/api/nothing"])
def test_unknown_api_addresses_are_a_json_404(client, path):
    message = "Nothing here: check the address against the API documentation."
    assert assert_json_error(client.get(path, {"locale": "en"}), 404, "error") == message
    assert assert_json_error(client.get(path, {"locale": "vi"}), 404, "error") == in_language("vi", message)


@pytest.mark.parametrize("path", ["/api/v1/places", "/api/v1/events", "/api/v1/search", "/api/v1/search/suggest"])
def test_other_methods_are_a_json_405(client, path):
    response = client.post(f"{path}?locale=en", {})
    assert assert_json_error(response, 405, "error") == "Method not allowed: use GET."
    assert response["Allow"] == "GET"


def test_a_crash_is_a_json_500_in_the_requested_language(client, monkeypatch):
    from services import nearby

    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(nearby, "places_near", crash)
    client.raise_request_exception = False
    message = assert_json_error(client.get("/api/v1/places", {"near": NEAR, "locale": "en"}), 500, "error")
    assert message == "Something went wrong on our side. Try again later."
    assert "boom" not in message


@pytest.mark.parametrize("url", [
    "/api/v1/places?region=%00", "/api/v1/events?region=%00", "/api/v1/places?near=37,127&category=%00",
    "/api/v1/search?q=a%00b", "/api/v1/search/suggest?q=%00", "/api/v1/search/suggest?q=%00%00%00",
    "/api/v1/search?q=x&type=%00", "/api/v1/places?near=37,127&x%00=1",
])
def test_control_characters_in_parameters_are_a_400(client, url):
    message = assert_json_error(client.get(f"{url}&locale=en"), 400, "error")
    assert message == "Query parameters must not contain control characters."


# The URLs in the answers


def test_detail_and_html_urls_name_the_host_the_request_came_to(client, wages, settings):
    settings.ALLOWED_HOSTS = ["partner.example"]
    listing = client.get("/api/v2/pages/?type=home.ArticlePage&locale=ko&fields=html_url", HTTP_HOST=PARTNER)
    [item] = listing.json()["items"]
    assert item["meta"]["detail_url"] == f"http://partner.example:8101/api/v2/pages/{wages.id}/"
    assert item["meta"]["html_url"] == f"http://partner.example:8101{wages.get_url()}"
    assert wages.get_url().startswith("/ko/")

    detail = client.get(f"/api/v2/pages/{wages.id}/", HTTP_HOST=PARTNER).json()
    assert detail["meta"]["detail_url"] == item["meta"]["detail_url"]
    assert detail["meta"]["html_url"] == item["meta"]["html_url"]
    parent = detail["meta"]["parent"]
    assert parent["meta"]["detail_url"] == f"http://partner.example:8101/api/v2/pages/{wages.get_parent().id}/"
    assert parent["meta"]["html_url"].startswith("http://partner.example:8101/ko/")


def test_find_redirects_on_the_host_the_request_came_to(client, wages, settings):
    settings.ALLOWED_HOSTS = ["partner.example"]
    response = client.get("/api/v2/pages/find/?html_path=/work/api-wages/&fields=title", HTTP_HOST=PARTNER)
    assert response.status_code == 302
    assert response["Location"] == f"http://partner.example:8101/api/v2/pages/{wages.id}/?fields=title"


def test_https_behind_the_proxy_is_kept(client, wages, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    data = client.get(f"/api/v2/pages/{wages.id}/", HTTP_HOST="portal.example", HTTP_X_FORWARDED_PROTO="https").json()
    assert data["meta"]["detail_url"] == f"https://portal.example/api/v2/pages/{wages.id}/"


def test_a_host_outside_allowed_hosts_is_refused(client, wages, settings):
    settings.ALLOWED_HOSTS = ["partner.example"]
    client.raise_request_exception = False
    response = client.get(f"/api/v2/pages/{wages.id}/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content

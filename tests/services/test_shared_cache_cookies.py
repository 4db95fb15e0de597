"""A response a shared cache may keep (Cache-Control: public or s-maxage) never sets a cookie.

A proxy or CDN that stores such a response hands its Set-Cookie to every later
reader. The .ics feeds are marked public; a first visit in a language used to
get the language cookie on them (portal.middleware.RememberLanguageMiddleware).
Every kind of public answer is requested here as a first-time reader would.
"""
import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.middleware import RememberLanguageMiddleware, shared_caches_may_store

pytestmark = pytest.mark.django_db

FEEDS = ("/en/events/KR-41.ics", "/ko/events/KR-41110.ics", "/vi/events/KR-11.ics")
OTHER_ANSWERS = (
    "/static/favicon.svg", "/healthz", "/en/", "/ko/", "/en/places/", "/en/search/?q=visa",
    "/api/v1/events?region=KR-41", "/api/v1/search?q=visa&locale=en", "/api/v2/pages/?locale=en",
)


def is_public(response):
    return shared_caches_may_store(response)


@pytest.mark.parametrize("url", FEEDS)
def test_the_region_feeds_are_public_and_set_no_cookie(client, regions, url):
    response = client.get(url)
    assert response.status_code == 200 and is_public(response)
    assert not response.cookies, f"{url} sets {list(response.cookies)}"


@pytest.mark.parametrize("url", OTHER_ANSWERS)
def test_no_other_answer_that_shared_caches_may_keep_sets_a_cookie(client, regions, url):
    response = client.get(url)
    assert not (is_public(response) and response.cookies), f"{url} is public and sets {list(response.cookies)}"


def test_a_page_read_in_a_language_still_remembers_it(client, settings):
    response = client.get("/en/")
    assert response.status_code == 200 and not is_public(response)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("cache_control, remembered", [
    ("public, max-age=3600", False),
    ("max-age=60, s-maxage=600", False),
    ("PUBLIC", False),
    ("private, max-age=600", True),
    ("", True),
])
def test_the_language_cookie_is_never_put_on_a_response_shared_caches_may_keep(settings, cache_control, remembered):
    def view(request):
        response = HttpResponse("calendar")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    response = RememberLanguageMiddleware(view)(RequestFactory().get("/th/anything/"))
    assert (settings.LANGUAGE_COOKIE_NAME in response.cookies) is remembered


def test_a_public_response_that_something_else_gave_a_cookie_is_made_private():
    def view(request):
        response = HttpResponse("calendar")
        response["Cache-Control"] = "public, max-age=3600"
        response.set_cookie("sessionid", "one reader's")
        return response

    response = RememberLanguageMiddleware(view)(RequestFactory().get("/en/events/KR-41.ics"))
    assert not shared_caches_may_store(response) and "private" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]

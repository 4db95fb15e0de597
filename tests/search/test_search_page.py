"""The results page: in the reader's language, usable without JavaScript."""
import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.models import ArticlePage
from search.models import SynonymGroup
from tests.conftest import article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_elasticsearch")]


def test_results_page_shows_title_snippet_topic_and_type(client, hospital_pages):
    html = client.get("/en/search/", {"q": "hospitals"}).content.decode()
    assert '<a href="/en/healthcare/hospital-guide/">' in html
    assert "Going to a hospital" in html and "<mark>" in html
    assert "Healthcare" in html and "Page" in html
    assert '<meta name="robots" content="noindex">' in html


def test_every_page_has_a_search_box_that_works_without_javascript(client, hospital_pages):
    html = client.get("/vi/").content.decode()
    assert 'action="/vi/search/"' in html and 'name="q"' in html and 'role="search"' in html


def test_no_results_in_the_readers_language_is_said_and_fallbacks_labelled(client, hospital_pages):
    html = client.get("/th/search/", {"q": "1345"}).content.decode()
    assert "외국인 병원 이용 안내" in html
    assert "class=\"notice\" role=\"status\"" in html and "<b lang=\"ko\"" in html


def test_bad_query_is_explained_in_the_readers_language(client):
    response = client.get("/ko/search/", {"q": "가" * 1000})
    assert response.status_code == 400
    assert "200" in response.content.decode() and 'role="alert"' in response.content.decode()


def test_bare_search_url_goes_to_the_readers_language(client):
    response = client.get("/search/", {"q": "병원"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == "/vi/search/?q=%EB%B3%91%EC%9B%90"


def test_the_query_is_escaped_in_the_page(client):
    html = client.get("/en/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_editors_synonyms_find_the_other_word(client, publish):
    publish(article(key="part-time-job", title="아르바이트 구하기", body="아르바이트를 할 때 알아야 할 것."))
    assert client.get("/api/v1/search", {"q": "알바", "locale": "ko"}).json()["results"] == []
    SynonymGroup.objects.create(locale="ko", terms="알바, 아르바이트")
    keys = [r["key"] for r in client.get("/api/v1/search", {"q": "알바", "locale": "ko"}).json()["results"]]
    assert keys == ["part-time-job"]


def test_promoted_page_comes_first_in_the_readers_language(client, hospital_pages):
    page = ArticlePage.objects.get(slug="garbage-rules", locale__language_code="ko")
    SearchPromotion.objects.create(query=Query.get("help"), page=page, description="Rubbish days", sort_order=0)
    data = client.get("/api/v1/search", {"q": "Help", "locale": "en"}).json()
    assert data["promoted"] == [{"title": "쓰레기 버리는 방법", "url": "/ko/daily-life/garbage-rules/", "description": "Rubbish days", "locale": "ko"}]
    assert "쓰레기 버리는 방법" in client.get("/en/search/", {"q": "help"}).content.decode()


def test_elasticsearch_down_answers_from_the_database(client, settings, hospital_pages, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: a real refused connection
    data = client.get("/api/v1/search", {"q": "병원", "locale": "ko"}).json()
    assert data["engine"] == "database"
    assert data["results"][0]["key"] == "hospital-guide"
    assert "unavailable" in caplog.text

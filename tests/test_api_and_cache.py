"""The partners' API and the page cache."""
import pytest

from home.models import ArticlePage
from tests.conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def wages(import_jsonl):
    import_jsonl(article(key="api-wages"), article(key="api-wages", locale="en", title="Wages"))
    return ArticlePage.objects.get(slug="api-wages", locale__language_code="ko")


def test_pages_filter_by_locale_and_topic_with_translations(client, wages, import_jsonl):
    import_jsonl(article(key="api-housing", topic="housing"))
    data = client.get("/api/v2/pages/?locale=ko&topic=employment&type=home.ArticlePage").json()
    assert [item["meta"]["slug"] for item in data["items"]] == ["api-wages"]
    translations = data["items"][0]["meta"]["translations"]
    assert {t["locale"] for t in translations} == {"ko", "en"}
    assert all(t["url"].endswith("/work/api-wages/") for t in translations)


def test_detail_has_body_and_translations(client, wages):
    data = client.get(f"/api/v2/pages/{wages.id}/").json()
    assert data["body"][0]["type"] == "text"
    assert {t["locale"] for t in data["meta"]["translations"]} == {"ko", "en"}


def test_bad_topic_is_a_clear_400(client):
    response = client.get("/api/v2/pages/?topic=sports")
    assert response.status_code == 400
    assert "topic must be one of" in response.json()["message"]


def test_aliases_are_not_listed_as_pages(client, wages):
    from wagtail.models import Locale
    from wagtail_localize.synctree import synchronize_tree

    synchronize_tree(wages.locale, Locale.objects.get(language_code="th"))
    data = client.get("/api/v2/pages/?locale=th&type=home.ArticlePage").json()
    assert data["items"] == []


def test_api_query_count_does_not_grow_with_results(client, import_jsonl, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v2/pages/?type=home.ArticlePage&locale=ko")
        return len(captured)

    import_jsonl(article(key="first"))
    count()
    before = count()
    for number in range(5):
        import_jsonl(article(key=f"more-{number}"), article(key=f"more-{number}", locale="en"))
    assert count() == before


def test_cached_page_is_served_until_a_translation_is_published(client, wages, import_jsonl, django_assert_num_queries):
    url = "/en/work/api-wages/"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert b"Wages" in client.get(url).content
    import_jsonl(article(key="api-wages", locale="en", title="Wages, updated"))
    assert b"Wages, updated" in client.get(url).content


def test_logged_in_editors_never_get_cached_pages(client, wages, django_user_model):
    client.get("/en/work/api-wages/")
    client.force_login(django_user_model.objects.create_superuser("boss", password="x"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/en/work/api-wages/")
    assert len(captured) > 0


def test_cached_pages_carry_no_cookie(client, wages):
    first = client.get("/en/work/api-wages/")
    assert "portal_language" in first.cookies  # the reader's language is remembered
    other = client.__class__()
    second = other.get("/en/work/api-wages/")
    assert second.status_code == 200 and "sessionid" not in second.cookies



def test_a_page_made_private_leaves_every_cache_at_once(client, wages):
    from wagtail.models import PageViewRestriction

    url = "/en/work/api-wages/"
    client.get(url)
    assert client.get(url).status_code == 200  # now cached: page, route and restrictions
    page = ArticlePage.objects.get(slug="api-wages", locale__language_code="en")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(url)
    assert b'name="password"' in response.content and b"Wages" not in response.content
    restriction.delete()
    assert b"Wages" in client.get(url).content

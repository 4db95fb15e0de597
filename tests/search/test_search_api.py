"""GET /api/v1/search: the shape partners and our benchmarks rely on, and its errors."""
import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_elasticsearch")]

API = "/api/v1/search"


def test_answer_has_the_documented_shape(client, hospital_pages):
    data = client.get(API, {"q": "병원에서", "locale": "ko"}).json()
    assert set(data) >= {"query", "locale", "engine", "fallback_locales", "results"}
    assert (data["query"], data["locale"], data["engine"], data["fallback_locales"]) == ("병원에서", "ko", "database", [])
    first = data["results"][0]
    assert set(first) >= {"type", "key", "locale", "title", "url", "snippet", "score"}
    assert (first["type"], first["key"], first["locale"]) == ("page", "hospital-guide", "ko")
    assert first["url"] == "/ko/healthcare/hospital-guide/"
    assert "<mark>병원" in first["snippet"]
    assert isinstance(first["score"], float) and first["score"] > 0


def test_vietnamese_typed_without_diacritics(client, hospital_pages):
    data = client.get(API, {"q": "benh vien", "locale": "vi"}).json()
    assert [r["key"] for r in data["results"]] == ["hospital-guide"]


def test_english_plural_and_typo(client, hospital_pages):
    assert client.get(API, {"q": "hospital", "locale": "en"}).json()["results"][0]["key"] == "hospital-guide"
    assert client.get(API, {"q": "hosptial insurance", "locale": "en"}).json()["results"][0]["key"] == "hospital-guide"


def test_nothing_in_the_readers_language_falls_back_to_korean_and_english(client, hospital_pages):
    data = client.get(API, {"q": "1345", "locale": "th"}).json()
    assert data["fallback_locales"] == ["ko", "en"]
    assert {(r["key"], r["locale"]) for r in data["results"]} == {("hospital-guide", "ko"), ("hospital-guide", "en")}


def test_hangul_in_the_english_interface_also_searches_korean(client, hospital_pages):
    data = client.get(API, {"q": "쓰레기", "locale": "en"}).json()
    assert data["fallback_locales"] == []
    assert data["results"][0]["locale"] == "ko"


def test_limit_and_type(client, hospital_pages):
    assert len(client.get(API, {"q": "1345", "locale": "ko", "limit": 1}).json()["results"]) == 1
    assert client.get(API, {"q": "병원", "locale": "ko", "type": "page"}).status_code == 200


@pytest.mark.parametrize(
    "params, message",
    [
        ({"locale": "en"}, "Type a word"),
        ({"q": "가" * 1000, "locale": "en"}, "at most 200"),
        ({"q": "병원", "locale": "xx"}, "xx"),
        ({"q": "병원", "locale": "en", "limit": "0"}, "limit must be"),
        ({"q": "병원", "locale": "en", "limit": "51"}, "limit must be"),
        ({"q": "병원", "locale": "en", "limit": "ten"}, "limit must be"),
        ({"q": "병원", "locale": "en", "type": "spaceship"}, "type must be one of"),
    ],
)
def test_bad_parameters_are_a_clear_400(client, params, message):
    response = client.get(API, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_errors_speak_the_requested_language(client):
    response = client.get(API, {"q": "", "locale": "ko"})
    assert response.status_code == 400 and "검색" in response.json()["error"]
    response = client.get(API, {"q": "가" * 300, "locale": "ru", "limit": "5"})
    assert response.status_code == 400 and "200" in response.json()["error"] and "characters" not in response.json()["error"]


@pytest.mark.parametrize("q", ['"unclosed', "a AND (b OR", "*" * 50 + "x", "(a+)+$" * 20, "\\" * 100 + "x", "<script>alert(1)</script>"])
def test_query_syntax_and_pathological_patterns_never_break(client, hospital_pages, q):
    response = client.get(API, {"q": q, "locale": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    assert all("<script>" not in r["snippet"] for r in response.json()["results"])


def test_rate_limited_per_client(client, settings, hospital_pages):
    settings.SEARCH_RATE_PER_MINUTE = 3
    statuses = [client.get(API, {"q": "병원", "locale": "ko"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.get(API, {"q": "병원", "locale": "ko"}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_query_count_does_not_grow_with_the_index(client, publish, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import article

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(API, {"q": "임금 체불", "locale": "ko"}).status_code == 200
        # The rate limiter's bookkeeping (and its purge of ended windows, at most once a
        # minute per process, so present or not depending on the tests before) is not search.
        return len([query for query in captured.captured_queries
                    if "portal_ratelimitcount" not in query["sql"] and "SAVEPOINT" not in query["sql"]])

    publish(article(key="wages-0", title="임금 체불 신고", body="임금 체불은 노동청에 신고합니다."))
    before = count()
    publish(*[article(key=f"wages-{n}", title=f"임금 체불 {n}", body="임금 체불 상담") for n in range(1, 8)])
    assert count() == before


def test_suggestions_are_titles_in_the_readers_language(client, hospital_pages):
    data = client.get("/api/v1/search/suggest", {"q": "Going", "locale": "en"}).json()
    assert data["suggestions"] == [{"title": "Going to a hospital", "url": "/en/healthcare/hospital-guide/"}]
    assert client.get("/api/v1/search/suggest", {"q": "x", "locale": "zz"}).status_code == 400

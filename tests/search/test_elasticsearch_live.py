"""The Elasticsearch engine against a real cluster: only when ELASTICSEARCH_URL is set.

Each test gets its own index prefix and deletes its indexes afterwards, so
the suite can run against a shared cluster. How to start one with the
analysis plugins: README, "Search with Elasticsearch".
"""
import os
import uuid

import pytest

from search.documents import SearchDocument, SearchQuery
from search.elastic.analysis import installed_plugins
from search.elastic.mapping import index_body
from search.engines.elasticsearch import ElasticsearchEngine

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs a real Elasticsearch: set ELASTICSEARCH_URL to run (README, 'Search with Elasticsearch')",
)

SUWON = (37.2636, 127.0286)


@pytest.fixture
def engine():
    prefix = f"portal-test-{uuid.uuid4().hex[:12]}"
    engine = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"], index_prefix=prefix, timeout=10.0)
    yield engine
    # By name: clusters refuse wildcard deletes by default (action.destructive_requires_name).
    names = list(engine.client.indices.get(index=f"{prefix}-*").body)
    if names:
        engine.client.indices.delete(index=",".join(names))


def page(key, locale, title, body, type_="page", geo=None):
    return SearchDocument(type_, key, key, locale, title, body, f"/{locale}/{key}/", "healthcare", geo)


def find(engine, text, *locales, **options):
    return engine.search(SearchQuery(text, locales, **options))


def keys(hits):
    return [hit.key for hit in hits]


def refresh(engine):
    # index_documents does not wait for a refresh (publishing should not wait
    # a second); the tests do, to read what they wrote.
    engine.client.indices.refresh(index=engine.alias)


def test_rebuild_fills_a_new_index_and_swaps_the_alias(engine):
    progress = []
    assert engine.rebuild([page("old-page", "ko", "옛 안내", "예전 안내문")], progress.append) == 1
    assert progress == [1]
    first = set(engine.client.indices.get_alias(name=engine.alias).body)
    assert len(first) == 1 and next(iter(first)).startswith(f"{engine.alias}-")

    assert engine.rebuild([page("visa", "ko", "비자 연장", "체류 기간 연장 신청"), page("visa", "en", "Visa extension", "Extend your stay")]) == 2
    second = set(engine.client.indices.get_alias(name=engine.alias).body)
    assert len(second) == 1 and second != first
    assert not engine.client.indices.exists(index=next(iter(first)))
    assert engine.indexed_keys() == {("page", "visa", "ko"), ("page", "visa", "en")}
    assert keys(find(engine, "비자", "ko")) == ["visa"]
    assert find(engine, "안내문", "ko") == []


def test_the_index_uses_the_analyzers_the_cluster_has(engine):
    engine.rebuild([page("visa", "ko", "비자", "비자")])
    plugins = installed_plugins(engine.client.nodes.info(metric="plugins").body)
    expected = index_body(plugins)["settings"]["analysis"]["analyzer"]
    (settings,) = engine.client.indices.get_settings(index=engine.alias).body.values()
    actual = settings["settings"]["index"]["analysis"]["analyzer"]
    for code in ("ko", "ja", "zh-hans", "th", "km"):
        assert actual[f"{code}_text"]["type"] == expected[f"{code}_text"]["type"]
        assert actual[f"{code}_text"].get("tokenizer") == expected[f"{code}_text"].get("tokenizer")


def test_the_index_follows_indexing_and_removal(engine):
    assert engine.indexed_keys() == set()
    # The first write creates the index behind the alias.
    assert engine.index_documents([page("visa", "ko", "비자 연장", "체류 기간 연장"), page("visa", "en", "Visa extension", "Extend your stay")]) == 2
    refresh(engine)
    assert engine.indexed_keys() == {("page", "visa", "ko"), ("page", "visa", "en")}

    assert engine.index_documents([page("visa", "ko", "체류 기간 연장 신청", "출입국 사무소")]) == 1
    refresh(engine)
    assert len(engine.indexed_keys()) == 2  # replaced, not added
    assert [hit.title for hit in find(engine, "출입국", "ko")] == ["체류 기간 연장 신청"]

    assert engine.remove_documents("page", ["visa"], locale="en") == 1
    refresh(engine)
    assert engine.indexed_keys() == {("page", "visa", "ko")}
    assert engine.remove_documents("page", ["visa"]) == 1  # every locale
    refresh(engine)
    assert engine.indexed_keys() == set()
    assert engine.remove_documents("page", ["never-indexed"]) == 0


@pytest.fixture
def indexed(engine):
    engine.rebuild([
        page("hospital", "ko", "가까운 병원 찾기", "외국인 진료가 가능한 병원 목록과 진료 시간 <script>alert(1)</script>"),
        page("hospital-booking", "ko", "병원 예약", "전화로 진료 예약"),
        page("garbage", "ko", "쓰레기 버리는 날", "음식물 쓰레기는 전용 봉투에 담아 주세요"),
        page("part-time", "ko", "알바 임금", "알바도 최저임금을 받습니다"),
        page("part-time-rights", "ko", "아르바이트 권리", "아르바이트 노동자의 휴식 시간"),
        page("residence", "vi", "Đăng ký cư trú", "Thủ tục đăng ký thẻ cư trú cho người nước ngoài."),
        page("hospital", "vi", "Đi bệnh viện", "Mang thẻ bảo hiểm y tế khi khám bệnh, visa không cần."),
        page("hospital", "th", "การไปโรงพยาบาล", "ผู้ป่วยต่างชาติสามารถไปโรงพยาบาลใกล้บ้านได้"),
        page("garbage", "th", "การทิ้งขยะ", "แยกขยะก่อนทิ้งทุกครั้ง"),
        page("hospital", "km", "ទៅមន្ទីរពេទ្យ", "អ្នកជំងឺបរទេសអាចទៅមន្ទីរពេទ្យជិតផ្ទះ"),
        page("garbage", "km", "ការចោលសំរាម", "បំបែកសំរាមមុនចោល"),
        page("hospital", "ru", "Больница", "Иностранцы могут лечиться в больнице рядом с домом."),
        page("hospital", "en", "Going to a hospital", "Bring your health insurance card to the hospital."),
        page("garbage", "en", "Garbage collection days", "Separate food waste from other rubbish."),
        page("visa", "en", "Visa extension", "Extend your visa before it expires."),
        page("immigration-office", "en", "Suwon immigration office", "Visa counter on the second floor.", type_="place", geo=SUWON),
    ])
    return engine


def test_korean_particles_do_not_hide_a_word(indexed):
    hits = find(indexed, "병원에서", "ko")
    # Without nori, a stray syllable (봉투에) may still match: but far below.
    assert set(keys(hits)[:2]) == {"hospital", "hospital-booking"}


def test_vietnamese_without_diacritics(indexed):
    assert keys(find(indexed, "dang ky cu tru", "vi"))[0] == "residence"
    assert keys(find(indexed, "benh vien", "vi"))[0] == "hospital"


def test_thai_and_khmer_written_without_spaces(indexed):
    thai = find(indexed, "โรงพยาบาล", "th")
    assert keys(thai) == ["hospital"]
    khmer = find(indexed, "មន្ទីរពេទ្យ", "km")
    assert keys(khmer)[0] == "hospital" and "garbage" not in keys(khmer)


def test_word_forms_and_typos(indexed):
    assert keys(find(indexed, "больницы", "ru")) == ["hospital"]
    assert keys(find(indexed, "hospitl", "en"))[0] == "hospital"
    assert keys(find(indexed, "insurence", "en"))[0] == "hospital"


def test_only_the_asked_locales_and_types_answer(indexed):
    assert {hit.locale for hit in find(indexed, "visa", "vi")} == {"vi"}
    assert {hit.locale for hit in find(indexed, "visa", "vi", "en")} == {"vi", "en"}
    assert {hit.type for hit in find(indexed, "visa", "en")} == {"page", "place"}
    assert {hit.type for hit in find(indexed, "visa", "en", types=("page",))} == {"page"}
    assert len(find(indexed, "visa", "en", "vi", limit=1)) == 1


def test_synonyms_widen_the_search_but_the_readers_word_ranks_first(indexed):
    assert "part-time-rights" not in keys(find(indexed, "알바", "ko"))[:1]
    hits = keys(find(indexed, "알바", "ko", expansions=("아르바이트",)))
    assert hits[:2] == ["part-time", "part-time-rights"]


def test_places_keep_their_coordinates(indexed):
    (place,) = [hit for hit in find(indexed, "immigration office", "en") if hit.type == "place"]
    assert place.extra["geo"] == pytest.approx(SUWON)
    mapping = indexed.client.indices.get_mapping(index=indexed.alias).body
    assert next(iter(mapping.values()))["mappings"]["properties"]["geo"]["type"] == "geo_point"

    def places_near(lat, lon):
        query = {"geo_distance": {"distance": "5km", "geo": {"lat": lat, "lon": lon}}}
        return indexed.client.count(index=indexed.alias, query=query)["count"]

    assert places_near(37.27, 127.03) == 1
    assert places_near(35.18, 129.08) == 0  # Busan


def test_snippets_mark_the_match_and_escape_the_page(indexed):
    (hit,) = [hit for hit in find(indexed, "목록", "ko") if hit.key == "hospital"]
    assert "<mark>목록</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert hit.score > 0


def test_suggestions_are_distinct_titles_in_the_locale(indexed):
    indexed.index_documents([page("hospital-booking-copy", "ko", "병원 예약", "같은 제목", type_="place")])
    refresh(indexed)
    titles = [title for title, _url in indexed.suggest("병원", "ko")]
    assert titles[0] == "병원 예약"  # starts with the prefix
    assert titles.count("병원 예약") == 1  # a page and a place share it
    assert "쓰레기 버리는 날" not in titles
    assert [title for title, _url in indexed.suggest("Gar", "en")] == ["Garbage collection days"]

"""The embedded engine ranks exactly as search.scoring's formula (InMemoryIndex) says."""
import json
from pathlib import Path

import pytest

from search.documents import SearchDocument, SearchQuery
from search.engines.database import DatabaseEngine
from search.models import IndexEntry, Posting
from search.scoring import InMemoryIndex

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "home" / "demo"


def demo_documents():
    for path in sorted(DEMO.glob("articles-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            data = json.loads(line)
            yield SearchDocument(
                type="page", id=f"{path.stem}-{number}", key=data["key"], locale=data["locale"],
                title=data["title"], body=f'{data["intro"]}\n\n{data["body"]}', url=f"/{data['key']}/",
            )


@pytest.fixture
def demo_indexes():
    """The demo articles in the database engine and in InMemoryIndex, the formula's reference."""
    documents = list(demo_documents())
    engine = DatabaseEngine()
    engine.rebuild(documents)
    memory = InMemoryIndex()
    for d in documents:
        memory.add(d.id, d.locale, d.title, d.body)
    return engine, memory


QUERIES = [
    ("ko", "병원에서 통역"), ("ko", "월급을 못 받았어요"), ("en", "health insurance for my wife"),
    ("en", "garbage bags"), ("vi", "bao hiem y te"), ("vi", "tiền lương"), ("th", "ประกันสุขภาพ"),
    ("ru", "зарплата"), ("ja", "ゴミ"), ("km", "ធានារ៉ាប់រង"),
]


def test_same_ranking_and_scores_as_the_formula(demo_indexes):
    engine, memory = demo_indexes
    compared = 0
    for locale, text in QUERIES:
        expected = memory.search(text, locale, limit=5)
        hits = engine.search(SearchQuery(text=text, locales=(locale,), limit=5))
        assert [h.id for h in hits] == [doc_id for doc_id, _score in expected], (locale, text)
        assert [h.score for h in hits] == pytest.approx([round(s, 4) for _d, s in expected], abs=1e-3)
        compared += len(hits)
    assert compared >= 25  # the queries really found pages


def test_reindexing_replaces_and_removing_deletes():
    engine = DatabaseEngine()
    doc = SearchDocument(type="page", id="1", key="k", locale="en", title="Rubbish days", body="Monday", url="/k/")
    engine.index_documents([doc])
    engine.index_documents([SearchDocument(**{**doc.__dict__, "title": "Recycling days"})])
    assert IndexEntry.objects.get().title == "Recycling days"
    assert not engine.search(SearchQuery(text="rubbish", locales=("en",)))
    assert engine.search(SearchQuery(text="recycling", locales=("en",)))[0].key == "k"
    engine.remove_documents("page", ["1"])
    assert not IndexEntry.objects.exists() and not Posting.objects.exists()


def test_types_and_locales_filter():
    engine = DatabaseEngine()
    engine.index_documents([
        SearchDocument(type="page", id="1", key="a", locale="en", title="Clinic", body="", url="/a/"),
        SearchDocument(type="place", id="1", key="b", locale="en", title="Clinic", body="", url="/b/", geo=(37.26, 127.03)),
        SearchDocument(type="page", id="2", key="c", locale="vi", title="Clinic", body="", url="/c/"),
    ])
    assert {h.key for h in engine.search(SearchQuery(text="clinic", locales=("en",)))} == {"a", "b"}
    places = engine.search(SearchQuery(text="clinic", locales=("en", "vi"), types=("place",)))
    assert [(h.key, h.extra["geo"]) for h in places] == [("b", (37.26, 127.03))]
    assert {h.key for h in engine.search(SearchQuery(text="clinic", locales=("en", "vi"), types=("page",)))} == {"a", "c"}


def test_small_typos_find_the_word_in_both_rankings(demo_indexes):
    from search import typos

    engine, memory = demo_indexes
    for locale, typo, right in [("en", "minimun wage", "minimum-wage"), ("en", "insurence", None), ("ru", "зарплта", None)]:
        hits = engine.search(SearchQuery(text=typo, locales=(locale,), limit=5))
        assert hits, typo
        assert [h.id for h in hits] == [doc_id for doc_id, _s in memory.search(typo, locale, limit=5)]
        if right:
            assert hits[0].key == right
    assert typos.corrections("w:hosptial", ["w:hospit", "w:host", "w:hope"]) == ["w:hospit"]
    assert typos.corrections("w:visa", ["w:visit"]) == []  # "visa" is known or a different word, not a typo
    assert not typos.eligible("w:병원에서", "ko") and not typos.eligible("w:abc", "en")

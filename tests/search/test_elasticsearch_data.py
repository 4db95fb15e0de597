"""The Elasticsearch engine as data: the index and queries we would send, the snippets we make.

No cluster is needed and nothing here pretends to be one: the error tests
point the real client at a closed port and at a socket that never answers.
Tests against a real cluster are in test_elasticsearch_live.py.
"""
import json
import socket
import time
import unicodedata

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import languages
from search.documents import SearchDocument, SearchQuery
from search.elastic.analysis import PLUGINS, RECIPES, installed_plugins
from search.elastic.mapping import MARK_END, MARK_START, SearchEntry, index_body
from search.elastic.queries import build_query, build_suggest, hit_from, safe_snippet
from search.engines.base import SearchUnavailable
from search.engines.elasticsearch import ElasticsearchEngine, from_settings

NO_PLUGINS = frozenset()
ALL_PLUGINS = frozenset({"analysis-nori", "analysis-kuromoji", "analysis-smartcn", "analysis-icu"})


def document(locale="ko", title="병원 안내", body="가까운 병원", type_="page", id_="7", geo=None):
    return SearchDocument(type_, id_, "hospital-guide", locale, title, body, f"/{locale}/hospital-guide/", "healthcare", geo)


def analysis_parts(body, code):
    """Types of the analyzer, tokenizer, filters and char filters a locale's text goes through."""
    analysis = body["settings"]["analysis"]
    definition = analysis["analyzer"][f"{code}_text"]
    parts = {definition["type"]}
    if "tokenizer" in definition:
        parts.add(analysis.get("tokenizer", {}).get(definition["tokenizer"], {}).get("type", definition["tokenizer"]))
    for kind in ("filter", "char_filter"):
        for name in definition.get(kind, []):
            parts.add(analysis.get(kind, {}).get(name, {}).get("type", name))
    return parts


# Index analysis

def test_every_language_falls_back_to_analysis_without_plugins():
    assert ALL_PLUGINS == PLUGINS
    for language in languages.LANGUAGES:
        assert language.es_analyzers, language.code
        assert set(language.es_analyzers) <= set(RECIPES), language.code
        assert RECIPES[language.es_analyzers[-1]].plugin is None, language.code


def test_an_index_for_a_cluster_without_plugins_names_no_plugin_analysis():
    text = json.dumps(index_body(NO_PLUGINS))
    for plugin_word in ("nori", "kuromoji", "smartcn", "icu_"):
        assert plugin_word not in text


# (locale, plugins on the cluster, must be in its analysis, must not be)
ANALYSIS_TABLE = [
    ("ko", NO_PLUGINS, {"standard", "cjk_bigram"}, {"nori_tokenizer"}),
    ("ko", {"analysis-nori"}, {"nori_tokenizer", "nori_part_of_speech"}, {"cjk_bigram"}),
    ("ko", ALL_PLUGINS - {"analysis-nori"}, {"cjk_bigram"}, {"nori_tokenizer"}),
    ("ja", NO_PLUGINS, {"cjk_bigram"}, {"kuromoji"}),
    ("ja", {"analysis-kuromoji"}, {"kuromoji"}, {"cjk_bigram"}),
    ("zh-hans", NO_PLUGINS, {"cjk_bigram"}, {"smartcn"}),
    ("zh-hans", {"analysis-smartcn"}, {"smartcn"}, {"cjk_bigram"}),
    ("km", NO_PLUGINS, {"ngram"}, {"icu_tokenizer"}),
    ("km", {"analysis-icu"}, {"icu_tokenizer"}, {"ngram"}),
    ("th", NO_PLUGINS, {"thai"}, {"icu_tokenizer"}),
    ("th", {"analysis-icu"}, {"icu_tokenizer"}, {"thai"}),
    ("vi", NO_PLUGINS, {"asciifolding"}, set()),
    ("vi", ALL_PLUGINS, {"asciifolding"}, set()),
    ("en", NO_PLUGINS, {"english"}, set()),
    ("ru", NO_PLUGINS, {"russian"}, set()),
    ("id", NO_PLUGINS, {"indonesian"}, set()),
    ("uz", NO_PLUGINS, {"pattern_replace", "asciifolding"}, set()),
    ("ne", NO_PLUGINS, {"indic_normalization"}, {"icu_tokenizer"}),
    ("ur", NO_PLUGINS, {"arabic_normalization"}, set()),
]


@pytest.mark.parametrize("code, plugins, present, absent", ANALYSIS_TABLE)
def test_each_locale_gets_the_best_analysis_the_cluster_can_run(code, plugins, present, absent):
    parts = analysis_parts(index_body(frozenset(plugins)), code)
    assert present <= parts
    assert not absent & parts


@pytest.mark.parametrize("plugins", [NO_PLUGINS, frozenset({"analysis-nori"}), ALL_PLUGINS])
def test_the_mapping_has_per_locale_text_fields_whose_analyzers_are_defined(plugins):
    body = index_body(plugins)
    mapping = body["mappings"]
    defined = body["settings"]["analysis"]["analyzer"]
    assert mapping["dynamic"] == "strict"
    assert body["settings"]["number_of_shards"] == 1
    fields = mapping["properties"]
    for name in ("type", "id", "key", "locale", "topic"):
        assert fields[name]["type"] == "keyword"
    assert fields["geo"]["type"] == "geo_point"
    for part in ("title", "body"):
        assert set(fields[part]["properties"]) == set(languages.CODES)
        for code in languages.CODES:
            field = fields[part]["properties"][code]
            assert field["type"] == "text"
            assert field["analyzer"] == f"{code}_text" and f"{code}_text" in defined
    assert fields["title"]["properties"]["th"]["fields"]["raw"]["type"] == "keyword"


def test_plugins_count_only_when_every_node_has_them():
    nodes_info = {
        "nodes": {
            "a": {"plugins": [{"name": "analysis-nori"}, {"name": "analysis-icu"}], "modules": [{"name": "analysis-common"}]},
            "b": {"plugins": [{"name": "analysis-icu"}], "modules": [{"name": "analysis-common"}]},
        }
    }
    assert installed_plugins(nodes_info) == {"analysis-icu", "analysis-common"}
    assert installed_plugins({"nodes": {}}) == frozenset()


# What is stored

def test_a_document_is_stored_under_its_own_locale_with_a_unique_id_and_a_geo_point():
    entry = SearchEntry.from_document(document(type_="place", id_="12", geo=(37.2636, 127.0286))).to_dict(include_meta=True)
    assert entry["_id"] == "place:12:ko"
    source = entry["_source"]
    assert source["title"] == {"ko": "병원 안내"} and source["body"] == {"ko": "가까운 병원"}
    assert (source["type"], source["id"], source["key"], source["locale"]) == ("place", "12", "hospital-guide", "ko")
    assert source["geo"] == {"lat": 37.2636, "lon": 127.0286}  # not swapped: arrays would be [lon, lat]


def test_indexed_text_cannot_carry_the_highlight_sentinels():
    forged = document(title=f"{MARK_START}가짜{MARK_END}", body=f"{MARK_START}<b>x</b>{MARK_END}")
    source = SearchEntry.from_document(forged).to_dict()
    assert MARK_START not in json.dumps(source, ensure_ascii=False)
    assert MARK_END not in json.dumps(source, ensure_ascii=False)


def test_a_locale_missing_from_the_language_table_is_refused():
    with pytest.raises(ValueError):
        SearchEntry.from_document(document(locale="de"))


# The query we send

def should_clauses(body):
    return [clause["match"] for clause in body["query"]["bool"]["should"]]


def test_the_query_filters_on_locales_and_searches_only_their_fields():
    body = build_query(SearchQuery("visa", ("vi", "en")))
    assert body["query"]["bool"]["filter"] == [{"terms": {"locale": ["vi", "en"]}}]
    assert body["query"]["bool"]["minimum_should_match"] == 1
    fields = {field for clause in should_clauses(body) for field in clause}
    assert fields == {"title.vi", "body.vi", "title.en", "body.en"}
    assert body["size"] == 10


def test_the_query_filters_on_types_when_asked():
    body = build_query(SearchQuery("visa", ("en",), types=("page", "place"), limit=3))
    assert {"terms": {"type": ["page", "place"]}} in body["query"]["bool"]["filter"]
    assert body["size"] == 3


def test_titles_weigh_more_than_bodies():
    clauses = should_clauses(build_query(SearchQuery("visa", ("en",))))
    boosts = {field: options["boost"] for clause in clauses for field, options in clause.items()}
    assert boosts["title.en"] > boosts["body.en"]


# Typo tolerance where a token is a word spelled letter by letter.
FUZZY_LOCALES = {"en", "vi", "id", "uz", "fil", "ru"}


@pytest.mark.parametrize("code", languages.CODES)
def test_typo_tolerance_only_for_alphabetic_scripts(code):
    clauses = should_clauses(build_query(SearchQuery("word", (code,))))
    fuzziness = {options.get("fuzziness") for clause in clauses for options in clause.values()}
    assert fuzziness == ({"AUTO"} if code in FUZZY_LOCALES else {None})


def test_synonym_expansions_are_searched_with_less_weight_and_no_fuzziness():
    clauses = should_clauses(build_query(SearchQuery("kos", ("id",), expansions=("boarding house", "rumah kos"))))
    by_text = {}
    for clause in clauses:
        for field, options in clause.items():
            by_text.setdefault(options["query"], {})[field] = options
    assert set(by_text) == {"kos", "boarding house", "rumah kos"}
    for expansion in ("boarding house", "rumah kos"):
        for field in ("title.id", "body.id"):
            assert by_text[expansion][field]["boost"] < by_text["kos"][field]["boost"]
            assert "fuzziness" not in by_text[expansion][field]


def test_reader_text_goes_only_to_match_queries_never_to_a_query_parser():
    text = 'visa AND "work" OR (x* ~2 /[a-z]+/'
    body = build_query(SearchQuery(text, ("en",)))
    assert {options["query"] for clause in should_clauses(body) for options in clause.values()} == {text}
    for parser in ("query_string", "simple_query_string", "regexp", "wildcard"):
        assert parser not in json.dumps(body)


def test_the_highlight_uses_private_use_sentinels_on_the_locale_bodies():
    body = build_query(SearchQuery("visa", ("vi", "en")))
    highlight = body["highlight"]
    assert highlight["pre_tags"] == [MARK_START] and highlight["post_tags"] == [MARK_END]
    assert unicodedata.category(MARK_START) == unicodedata.category(MARK_END) == "Co"
    assert set(highlight["fields"]) == {"body.vi", "body.en"}
    assert highlight["no_match_size"] > 0  # a title-only match still gets the start of its body
    assert "body" not in body["_source"]  # the snippet comes from the highlighter, not the whole page


def test_a_query_for_no_configured_locale_matches_nothing():
    assert build_query(SearchQuery("visa", ("de",)))["query"] == {"match_none": {}}


def test_suggestions_look_at_titles_in_one_locale():
    body = build_suggest("병원", "ko", 5)
    query = body["query"]["bool"]
    assert query["filter"] == [{"term": {"locale": "ko"}}]
    assert {field for clause in query["should"] for options in clause.values() for field in options} == {
        "title.ko.raw",
        "title.ko",
    }
    assert body["size"] >= 5


# Snippets

def test_a_snippet_is_escaped_as_a_whole_and_only_marks_are_markup():
    fragment = f'<script>alert(1)</script> go to the {MARK_START}hospital{MARK_END} & "clinic" <img src=x onerror=alert(2)>'
    snippet = safe_snippet([fragment])
    assert snippet == (
        "&lt;script&gt;alert(1)&lt;/script&gt; go to the <mark>hospital</mark> &amp; &quot;clinic&quot; "
        "&lt;img src=x onerror=alert(2)&gt;"
    )
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_markup_inside_a_highlighted_word_stays_escaped():
    assert safe_snippet([f"{MARK_START}<b onclick=x>병원</b>{MARK_END}에서"]) == (
        "<mark>&lt;b onclick=x&gt;병원&lt;/b&gt;</mark>에서"
    )


def test_adjacent_marks_become_one():
    assert safe_snippet([f"{MARK_START}목{MARK_END}{MARK_START}록{MARK_END}과"]) == "<mark>목록</mark>과"


def test_an_unpaired_sentinel_marks_nothing():
    assert safe_snippet([f"go to {MARK_START}hosp"]) == "go to hosp"


def test_without_a_highlight_the_snippet_is_the_escaped_start_of_the_body():
    body = "<p>Bring your card.</p> " + "word " * 100
    snippet = safe_snippet([], body)
    assert snippet.startswith("&lt;p&gt;Bring your card.&lt;/p&gt;")
    assert snippet.endswith("…") and len(snippet) < 240
    assert safe_snippet([], "") == ""


def test_a_hit_is_made_from_the_stored_fields_and_the_highlight():
    hit = hit_from({
        "_score": 4.5,
        "_source": {"type": "place", "id": "3", "key": "suwon-center", "locale": "vi", "url": "/vi/p/3/",
                    "topic": "", "title": {"vi": "Trung tâm <Suwon>"}, "geo": {"lat": 37.26, "lon": 127.03}},
        "highlight": {"body.vi": [f"{MARK_START}bệnh viện{MARK_END} & <x>"]},
    })
    assert (hit.type, hit.id, hit.key, hit.locale, hit.score) == ("place", "3", "suwon-center", "vi", 4.5)
    assert hit.title == "Trung tâm <Suwon>"  # plain text; the template escapes it
    assert hit.snippet == "<mark>bệnh viện</mark> &amp; &lt;x&gt;"
    assert hit.extra["geo"] == (37.26, 127.03)


# When the cluster does not answer

@pytest.fixture
def closed_port_url():
    """A port nothing listens on: the real client gets a real connection refusal."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_url():
    """A socket that accepts connections and never says a word, as a hung cluster looks.

    It speaks no HTTP at all, so it does not pretend to be Elasticsearch.
    """
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


CALLS = {
    "search": lambda engine: engine.search(SearchQuery("병원", ("ko", "en"))),
    "suggest": lambda engine: engine.suggest("병", "ko"),
    "index_documents": lambda engine: engine.index_documents([document()]),
    "remove_documents": lambda engine: engine.remove_documents("page", ["7"]),
    "rebuild": lambda engine: engine.rebuild([document()]),
    "indexed_keys": lambda engine: engine.indexed_keys(),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_refused_connection_is_search_unavailable(closed_port_url, call):
    engine = ElasticsearchEngine(closed_port_url, index_prefix="unreachable", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        call(engine)
    assert time.monotonic() - started < 2


def test_a_cluster_that_does_not_answer_is_search_unavailable_after_the_timeout(silent_url):
    engine = ElasticsearchEngine(silent_url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery("visa", ("en",)))
    assert 0.25 < time.monotonic() - started < 2


def test_a_failed_rebuild_reports_no_progress(closed_port_url):
    progress = []
    with pytest.raises(SearchUnavailable):
        ElasticsearchEngine(closed_port_url, timeout=0.5).rebuild([document()], progress.append)
    assert progress == []


def test_nothing_to_do_needs_no_cluster(closed_port_url):
    engine = ElasticsearchEngine(closed_port_url, timeout=0.5)
    assert engine.suggest("  ", "ko") == []
    assert engine.suggest("병", "de") == []
    assert engine.index_documents([]) == 0
    assert engine.remove_documents("page", []) == 0


def test_the_engine_comes_from_settings(settings, closed_port_url):
    settings.ELASTICSEARCH_URL = closed_port_url
    settings.SEARCH_INDEX_PREFIX = "gyeonggi"
    engine = from_settings()
    assert engine.name == "elasticsearch"
    assert engine.alias == "gyeonggi-search"
    with pytest.raises(SearchUnavailable):  # it really talks to the configured address
        engine.search(SearchQuery("visa", ("en",)))


def test_without_a_url_there_is_no_engine(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ImproperlyConfigured):
        from_settings()

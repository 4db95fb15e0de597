"""The embedded engine's text analysis and its BM25, as a reader's searches need them.

No database: analysis and InMemoryIndex are plain Python. Each language is
tested with the analyzer portal/languages.py gives it, so changing a choice
cannot silently break what readers rely on.
"""
import math
import time

import pytest

from portal.languages import LANGUAGES
from search.analysis import ANALYZERS, MAX_TERM_LENGTH, analyze, analyze_query, normalize
from search.scoring import B, K1, TITLE_WEIGHT, InMemoryIndex, idf


def finds(query, text, language_code, analyzer=None):
    """Whether at least 3/4 of the query's distinct terms occur in the text's terms.

    Not all: analyzers that add character n-grams to words lose an n-gram or two
    to an inflection ("contracts" -> "cts") and still match well.
    """
    terms = set(analyze(text, language_code, analyzer))
    wanted = set(analyze_query(query, language_code, analyzer))
    return bool(wanted) and len(wanted & terms) >= 0.75 * len(wanted)


def test_every_language_names_an_existing_analyzer():
    assert {language.search_analyzer for language in LANGUAGES} <= set(ANALYZERS)


def test_korean_particles_and_endings_are_split_off():
    assert finds("병원", "가까운 병원에서 진료를 받으세요", "ko")
    assert finds("건강보험", "건강보험에 가입하려면 신청서를 내세요", "ko")


@pytest.mark.parametrize("analyzer", ["kiwi", "kiwi+bigrams"])
def test_kiwi_gives_nouns_and_verb_stems(analyzer):
    terms = analyze("병원에서 쓰레기를 버려야 합니다", "ko", analyzer)
    assert {"m:병원", "m:쓰레기", "m:버리"} <= set(terms)
    assert not any(term in ("m:에서", "m:를") for term in terms)  # particles are not terms


def test_vietnamese_with_and_without_diacritics():
    assert analyze("đăng ký thẻ cư trú", "vi") == analyze("dang ky the cu tru", "vi")
    assert analyze_query("ĐĂNG KÝ", "vi") == analyze_query("dang ky", "vi")


@pytest.mark.parametrize("language_code, query, text", [
    ("th", "ประกันสุขภาพ", "ชาวต่างชาติต้องเข้าร่วมประกันสุขภาพแห่งชาติ"),
    ("th", "ขยะ", "วิธีทิ้งขยะในเกาหลี"),
    ("km", "ធានារ៉ាប់រង", "ការធានារ៉ាប់រងសុខភាពជាតិសម្រាប់ជនបរទេស"),
    ("zh-hans", "健康保险", "外国人加入国民健康保险"),
    ("ja", "小学校", "子供を韓国の小学校に入れるには"),
])
def test_unspaced_scripts_match_inside_longer_runs(language_code, query, text):
    assert finds(query, text, language_code)


def test_russian_word_forms():
    assert finds("зарплату", "Что делать, если не платят зарплата", "ru")
    assert finds("иностранцев", "Регистрация иностранца", "ru")
    assert finds("ребенка", "Как записать ребёнка в школу", "ru")  # ё typed as е
    assert not finds("зарплату", "Как выбрасывать мусор", "ru")


def test_english_plurals():
    assert finds("contracts", "Sign the lease contract", "en")
    assert finds("deposits", "How to get the deposit back", "en")
    assert not finds("contracts", "Sign the lease", "en")


def test_english_and_russian_stop_words_are_not_terms():
    # Snowball's stop lists: function words add nothing a page could be found by.
    assert analyze_query("health insurance for my wife", "en", "stem-english+stop") == ["w:health", "w:insur", "w:wife"]
    assert analyze_query("Didn't get my wages", "en", "stem-english+stop") == ["w:get", "w:wage"]
    assert analyze_query("вызвать скорую без корейского", "ru", "stem-russian+stop") == [
        "w:вызва", "w:скор", "w:корейск"]
    assert analyze_query("the for my", "en", "stem-english+stop") == []  # only stop words: nothing to look up


def test_thai_dictionary_words():
    # newmm cuts unspaced Thai into dictionary words; NFKC's split SARA AM (ทำ) still segments as one word.
    assert analyze("ทำบัตรต่างด้าวเกาหลี", "th", "thai-words") == ["w:ทํา", "w:บัตร", "w:ต่างด้าว", "w:เกาหลี"]
    assert finds("รถพยาบาล", "โทร 119 เพื่อเรียกรถพยาบาล", "th", "thai-words")
    assert not finds("ขยะ", "ประกันสุขภาพแห่งชาติ", "th", "thai-words")
    # Thai words and bigrams are separate terms: "thai-words+bigrams" keeps both.
    terms = analyze("ขยะ", "th", "thai-words+bigrams")
    assert "w:ขยะ" in terms and any(term.startswith("g:") for term in terms)


def test_numbers_and_latin_words_inside_other_scripts_stay_searchable():
    for code, text in [("ko", "외국인종합안내센터(1345)에 문의하세요. HiKorea에서 예약"),
                       ("ru", "Звоните в центр 1345, запись на HiKorea"),
                       ("th", "โทร1345หรือHiKorea"),
                       ("ne", "१३४५ मा फोन गर्नुहोस् HiKorea")]:
        assert finds("1345", text, code), code
        assert finds("hikorea", text, code), code
    assert finds("1577", "상담 1577-1366", "ko")


def test_normalisation():
    assert normalize("Ｆｕｌｌ ＷＩＤＴＨ") == "full width"
    assert normalize("Oʻzbekcha") == normalize("O'zbekcha") == "ozbekcha"
    assert normalize("didn’t") == "didnt"
    assert normalize("a\u00adb\u200dc") == "abc"  # soft hyphen and joiner vanish
    assert normalize("ឈ្មោះ\u200bកូន").split() == ["ឈ្មោះ", "កូន"]  # zero-width space separates


@pytest.mark.parametrize("analyzer", sorted(ANALYZERS))
def test_terms_are_short_and_have_no_spaces(analyzer):
    text = "x" * 1000 + " 한국어 병원에서 HiKorea 1345 đăng ký зарплату ภาษาไทย ខ្មែរ 日本語 नेपाली اردو සිංහල"
    for terms in (analyze(text, "ko", analyzer), analyze_query(text, "ko", analyzer)):
        assert terms
        assert all(0 < len(term) <= MAX_TERM_LENGTH and not any(c.isspace() for c in term) for term in terms)


PATHOLOGICAL = [
    "가" * 1000, "a" * 1000, "ก" * 1000, "日" * 1000, "1" * 1000, "(" * 1000, "*" * 1000, "\\" * 1000,
    "a" * 500 + "가" * 500, "\x00\x01\x1b[31m\x7f", "\ud800\udfff abc \udc00", "🎉🇰🇷👨‍👩‍👧" * 100,
    " ", "", "\u200b\u200c\u200d\ufeff", "e\u0301" * 500, "AND OR NOT \"\" * ? : ~ ^",
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_queries_answer_quickly(text):
    index = InMemoryIndex()
    index.add("a", "ko", "병원", "가까운 병원")
    for language in LANGUAGES:
        started = time.perf_counter()
        analyze_query(text, language.code)
        analyze(text, language.code)
        assert time.perf_counter() - started < 0.5, language.code
    assert isinstance(index.search(text, "ko"), list)


def test_symbols_only_give_no_terms():
    assert analyze_query("🎉 !!! ???", "en") == []
    assert InMemoryIndex().search("🎉", "en") == []


def test_chinese_single_characters_match_abbreviations_and_one_character_queries():
    index = InMemoryIndex({"zh-hans": "bigrams+unigrams"})
    index.add("insurance", "zh-hans", "国民医疗保险", "外国人加入国民健康保险")
    index.add("pharmacy", "zh-hans", "附近的药店", "买药")
    index.add("garbage", "zh-hans", "垃圾分类", "厨余垃圾")
    assert [key for key, _ in index.search("医保", "zh-hans")] == ["insurance"]
    assert [key for key, _ in index.search("药", "zh-hans")] == ["pharmacy"]


# --- BM25 ---------------------------------------------------------------------------

@pytest.fixture
def tiny_index():
    index = InMemoryIndex()
    index.add("wages", "en", "Unpaid wages", "If your employer does not pay your wages, report it to the labour office.")
    index.add("insurance", "en", "Health insurance", "Foreign residents join the national health insurance.")
    index.add("garbage", "en", "Garbage disposal", "Food waste goes in the yellow bags. Pay for bags at shops.")
    index.add("ko-page", "ko", "임금 체불", "임금을 받지 못하면 고용노동부에 신고하세요.")
    return index


def test_ranking_on_a_tiny_corpus(tiny_index):
    assert [key for key, _ in tiny_index.search("my boss did not pay my wage", "en")][0] == "wages"
    assert [key for key, _ in tiny_index.search("insurance for my wife", "en")][0] == "insurance"
    assert [key for key, _ in tiny_index.search("임금", "ko")] == ["ko-page"]
    assert tiny_index.search("wages", "ko") == []  # locales are separate indexes


def test_score_is_the_documented_formula(tiny_index):
    (key, score), = tiny_index.search("insurance", "en")
    title, body = analyze("Health insurance", "en"), analyze("Foreign residents join the national health insurance.", "en")
    term = analyze_query("insurance", "en")[0]
    tf = TITLE_WEIGHT * title.count(term) + body.count(term)
    lengths = [TITLE_WEIGHT * len(analyze(t, "en")) + len(analyze(b, "en")) for t, b in [
        ("Unpaid wages", "If your employer does not pay your wages, report it to the labour office."),
        ("Health insurance", "Foreign residents join the national health insurance."),
        ("Garbage disposal", "Food waste goes in the yellow bags. Pay for bags at shops.")]]
    dl, avgdl = lengths[1], sum(lengths) / 3
    expected = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5)) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl))
    assert key == "insurance" and score == pytest.approx(expected, rel=1e-12)
    assert idf(3, 1) == pytest.approx(math.log(1 + 2.5 / 1.5))


def test_title_matches_count_more_than_body_matches():
    index = InMemoryIndex()
    index.add("title", "en", "Deposit", "Something else entirely about rooms.")
    index.add("body", "en", "Rooms", "Something else entirely about deposit.")
    assert [key for key, _ in index.search("deposit", "en")] == ["title", "body"]


def test_re_adding_replaces_and_remove_forgets(tiny_index):
    tiny_index.add("garbage", "en", "Recycling", "Plastic and cans.")
    assert tiny_index.search("yellow bags", "en") == []
    assert [key for key, _ in tiny_index.search("cans", "en")] == ["garbage"]
    tiny_index.remove("garbage", "en")
    assert tiny_index.search("cans", "en") == []
    assert len(tiny_index) == 3

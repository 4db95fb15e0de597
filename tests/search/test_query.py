"""What readers type, made safe; which languages are searched for it."""
import pytest

from django.utils import translation

from search import query, snippets


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "!!! ??? ***", None])
def test_nothing_to_search_is_a_clear_error(text):
    with pytest.raises(query.QueryError, match="Type a word"):
        query.clean(text)


def test_a_thousand_characters_is_too_long():
    with pytest.raises(query.QueryError, match="at most 200"):
        query.clean("가" * 1000)


def test_syntax_and_control_characters_are_just_text():
    assert query.clean('  병원 AND "1345" OR (x*~) \u200b\x07 ') == '병원 AND "1345" OR (x*~)'
    assert query.clean("ｈｏｓｐｉｔａｌ") == "hospital"  # full-width letters from CJK keyboards


@pytest.mark.parametrize(
    "text, reader, expected",
    [
        ("병원", "en", ("en", "ko")),
        ("병원", "ko", ("ko",)),
        ("hospital", "ko", ("ko",)),
        ("医保怎么交", "en", ("en", "zh-hans", "ja")),
        ("医保怎么交", "ja", ("ja",)),
        ("ゴミの出し方", "en", ("en", "ja")),
        ("зарплата", "uz", ("uz", "ru")),
        ("ประกัน", "th", ("th",)),
        ("1345", "vi", ("vi",)),
    ],
)
def test_the_script_typed_adds_its_language(text, reader, expected):
    assert query.locales_to_search(text, reader) == expected


def test_fallback_is_korean_and_english_not_already_searched():
    assert query.fallback_locales(("vi",)) == ("ko", "en")
    assert query.fallback_locales(("en", "ko")) == ()


def test_snippet_marks_folded_matches_and_escapes_everything_else():
    html = snippets.make_snippet('Đăng ký <script>alert(1)</script> thẻ cư trú', "dang ky")
    assert html.startswith("<mark>Đăng</mark> <mark>ký</mark>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_snippet_finds_a_korean_word_with_its_particle():
    html = snippets.make_snippet("가까운 병원을 찾으세요.", "병원에서")
    assert "<mark>병원</mark>을" in html


def test_snippet_window_goes_to_the_match_in_a_long_text():
    text = "가" * 1000 + " 외국인등록 " + "나" * 1000
    html = snippets.make_snippet(text, "외국인등록")
    assert "<mark>외국인등록</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 300


def test_snippet_of_pathological_text_is_bounded():
    html = snippets.make_snippet("ab " * 20000, "ab " * 60)
    assert html.count("<mark>") <= snippets.MAX_SPANS


def test_snippet_marks_whole_words_in_spaced_scripts():
    html = snippets.make_snippet("Chương trình chi trả chi phí điều trị, bảo hiểm y tế", "bao hiem y te")
    assert "<mark>bảo</mark> <mark>hiểm</mark>" in html and "<mark>tế</mark>" in html
    assert "c<mark>" not in html and "p<mark>" not in html  # no "hi" inside "chi" or "phí"


def test_snippet_marks_the_start_of_an_inflected_word():
    assert "<mark>hospital</mark>s" in snippets.make_snippet("Two hospitals nearby.", "hospital")
    assert "<mark>зарплат</mark>у" in snippets.make_snippet("Не выплатили зарплату.", "зарплата")

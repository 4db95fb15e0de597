"""Language of parts (WCAG 3.1.2) and right-to-left pages: every part in another language says so."""
import re

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from community.forms import PostForm
from portal.language_of_parts import mark_language_runs
from tests.conftest import article

KO = '<span lang="ko">'


# mark_language_runs: a unit of HTML in, the same HTML with Hangul runs marked out.

def test_a_term_beside_its_translation_is_marked_without_its_brackets():
    assert mark_language_runs("<p>Trạm y tế (보건소) gần nhà.</p>", "vi") == f"<p>Trạm y tế ({KO}보건소</span>) gần nhà.</p>"


def test_words_and_the_spaces_and_punctuation_between_them_form_one_run():
    html = "Go to 경기도 안성시, 중앙로 12-3 번지 now"
    assert mark_language_runs(html, "en") == f"Go to {KO}경기도 안성시, 중앙로 12-3 번지</span> now"


def test_separate_runs_are_marked_separately():
    assert mark_language_runs("<p>한국어 and 영어</p>", "en") == f"<p>{KO}한국어</span> and {KO}영어</span></p>"


def test_runs_in_nested_tags_are_marked_inside_those_tags():
    html = '<ul><li><b>외국인등록증</b> (residence card)</li><li><a href="/x">출입국</a></li></ul>'
    assert mark_language_runs(html, "en") == (
        f'<ul><li><b>{KO}외국인등록증</span></b> (residence card)</li><li><a href="/x">{KO}출입국</span></a></li></ul>')


def test_text_already_in_an_element_with_a_language_is_left_alone():
    html = '<p lang="ko">보건소 <i>안내</i></p><p>then <span lang="ko-KR">보건소</span> and 보건소</p>'
    assert mark_language_runs(html, "vi") == (
        f'<p lang="ko">보건소 <i>안내</i></p><p>then <span lang="ko-KR">보건소</span> and {KO}보건소</span></p>')


def test_attributes_comments_scripts_and_styles_are_untouched():
    html = ('<a href="/검색?q=보건소" title="보건소 안내">clinic</a><!-- 보건소 -->'
            '<script>var s = "보건소";</script><style>p::after { content: "보건소" }</style><img alt="보건소">')
    assert mark_language_runs(html, "en") == html


def test_escaping_is_kept_byte_for_byte():
    html = '<p>a &lt;b&gt; &amp; 보건소&nbsp;&#39;x&#39; &#x3c;script&#x3e; 5 < 6 & 7</p>'
    marked = mark_language_runs(html, "en")
    assert marked == f'<p>a &lt;b&gt; &amp; {KO}보건소</span>&nbsp;&#39;x&#39; &#x3c;script&#x3e; 5 < 6 & 7</p>'
    assert "<script>" not in marked


def test_a_korean_page_and_text_without_hangul_are_returned_unchanged():
    html = "<p>보건소 (health centre)</p>"
    assert mark_language_runs(html, "ko") == html
    assert mark_language_runs("<p>No Korean &amp; here</p>", "en") == "<p>No Korean &amp; here</p>"
    assert mark_language_runs("", "en") == "" and mark_language_runs(None, "en") == ""


def test_filter_escapes_plain_text_before_marking():
    rendered = Template("{% load language_parts %}{{ text|mark_parts:'en' }}").render(
        Context({"text": '<script>alert(1)</script> "보건소" & co'}))
    assert rendered == f'&lt;script&gt;alert(1)&lt;/script&gt; &quot;{KO}보건소</span>&quot; &amp; co'
    safe = Template("{% load language_parts %}{{ html|mark_parts:'en' }}").render(Context({"html": mark_safe("<b>보건소</b>")}))
    assert safe == f"<b>{KO}보건소</span></b>"


def test_language_name_and_lang_attrs():
    rendered = Template("{% load language_parts %}{{ 'ur'|language_name }}|{% lang_attrs 'en' %}|{{ 'xx'|language_name }}").render(Context())
    assert rendered == '<span lang="ur" dir="rtl">اردو</span>| lang="en" dir="ltr"|xx'


def test_language_choices_carry_their_language():
    html = str(PostForm()["language"])
    assert '<option value="ko" lang="ko" dir="ltr">한국어</option>' in html
    assert '<option value="ur" lang="ur" dir="rtl">اردو</option>' in html
    assert re.search(r'<option value=""( selected)?>', html)  # "Detect automatically" is in the page's language


# Pages.

def _start_tag(html, text):
    """The start tag of the innermost element holding `text`."""
    before = html[: html.index(text)]
    return before[before.rindex("<"):]


@pytest.fixture
def english_only(import_jsonl):
    import_jsonl(article(key="english-only-demo", title="Korean classes for adults"),
                 article(key="english-only-demo", locale="en", title="Korean classes for adults",
                         body="Classes are free. Call 1345."))


@pytest.mark.django_db
def test_an_english_card_in_an_urdu_topic_is_english_and_left_to_right(client, english_only):
    html = client.get("/ur/work/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert _start_tag(html, "Korean classes for adults") == '<b lang="en" dir="ltr">'
    badge = html[html.index('class="badge"'):]
    assert '<span lang="en" dir="ltr">English</span>' in badge[: badge.index("</em>")]


@pytest.mark.django_db
def test_an_english_article_shown_to_an_urdu_reader_is_english_and_left_to_right(client, english_only):
    html = client.get("/ur/work/english-only-demo/").content.decode()
    assert '<article lang="en" dir="ltr">' in html
    notice = html[html.index('class="notice"'):]
    assert '<span lang="en" dir="ltr">English</span>' in notice[: notice.index("</p>")]
    assert '<footer class="article-meta" lang="ur" dir="rtl">' in html  # its labels are Urdu, not English


@pytest.mark.django_db
def test_korean_terms_in_a_vietnamese_article_are_marked(client, import_jsonl):
    import_jsonl(article(key="health-centre-demo"),
                 article(key="health-centre-demo", locale="vi", title="Trạm y tế (보건소)",
                         body="Hãy đến trạm y tế (보건소) gần nhà bạn.",
                         contact={"name": "Trạm y tế", "address": "경기도 안성시 중앙로 12"}))
    html = client.get("/vi/work/health-centre-demo/").content.decode()
    assert f"<p>Hãy đến trạm y tế ({KO}보건소</span>) gần nhà bạn.</p>" in html
    assert f"<h1>Trạm y tế ({KO}보건소</span>)</h1>" in html
    assert f"<dd>{KO}경기도 안성시 중앙로</span> 12</dd>" in html


@pytest.mark.django_db
def test_switcher_names_each_language_in_its_own_language(client, english_only):
    html = client.get("/ur/work/english-only-demo/").content.decode()
    start = html.index('class="languages"')  # the help lines' <details> comes before it
    switcher = html[start: html.index("</details>", start)]
    assert re.search(r'<a href="/ko/[^"]*" lang="ko" dir="ltr" hreflang="ko"[^>]*>한국어</a>', switcher)
    assert re.search(r'<a href="/en/[^"]*" lang="en" dir="ltr" hreflang="en"[^>]*>English</a>', switcher)


@pytest.mark.django_db
def test_help_line_numbers_read_left_to_right_in_urdu(client):
    html = client.get("/ur/").content.decode()
    assert '<a href="tel:15771366"><b><bdi dir="ltr">1577-1366</bdi></b>' in html
    assert '<bdi dir="ltr">1345</bdi>' in html


@pytest.mark.django_db
def test_help_desk_language_choices_carry_their_language(client):
    html = client.get("/vi/help/ask/").content.decode()
    assert '<option value="ko" lang="ko" dir="ltr">한국어</option>' in html

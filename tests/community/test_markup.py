"""Posts are plain text with light formatting; every attack renders as harmless text.

The table gives the exact HTML for each input: a change in the renderer or
in nh3 that lets anything through shows up as a failing row.
"""
import pytest

from community import markup
from tests.community.htmlcheck import elements

REL = 'rel="nofollow ugc noopener"'

FORMATTING = [
    ("One paragraph.", "<p>One paragraph.</p>"),
    ("First line\nsecond line\n\nNew paragraph", "<p>First line<br>second line</p><p>New paragraph</p>"),
    ("- rice\n- kimchi\n* water", "<ul><li>rice</li><li>kimchi</li><li>water</li></ul>"),
    ("1. Go to the office\n2) Take a number", "<ol><li>Go to the office</li><li>Take a number</li></ol>"),
    ("Bring:\n- passport\nThen wait.", "<p>Bring:</p><ul><li>passport</li></ul><p>Then wait.</p>"),
    ("See https://www.moel.go.kr/info.", f'<p>See <a href="https://www.moel.go.kr/info" {REL}>https://www.moel.go.kr/info</a>.</p>'),
    ("[Hi Korea](https://www.hikorea.go.kr)", f'<p><a href="https://www.hikorea.go.kr" {REL}>Hi Korea</a></p>'),
    ("(http://example.org/a)", f'<p>(<a href="http://example.org/a" {REL}>http://example.org/a</a>)</p>'),
    ("https://ko.wikipedia.org/wiki/A_(B)", f'<p><a href="https://ko.wikipedia.org/wiki/A_(B)" {REL}>https://ko.wikipedia.org/wiki/A_(B)</a></p>'),
    ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ("안녕하세요\r\n\r\nXin chào", "<p>안녕하세요</p><p>Xin chào</p>"),
    ("", ""),
]

ATTACKS = [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<p>&lt;SCRIPT SRC=//evil.example/x.js&gt;&lt;/SCRIPT&gt;</p>"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ('<body onload="alert(1)">', '<p>&lt;body onload="alert(1)"&gt;</p>'),
    ('<a href="javascript:alert(1)">win</a>', '<p>&lt;a href="javascript:alert(1)"&gt;win&lt;/a&gt;</p>'),
    ("<svg><script>alert(1)</script></svg>", "<p>&lt;svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;</p>"),
    ("<svg/onload=alert(1)>", "<p>&lt;svg/onload=alert(1)&gt;</p>"),
    ("<iframe src=https://evil.example>", "<p>&lt;iframe src=<a href=\"https://evil.example\" " + REL + ">https://evil.example</a>&gt;</p>"),
    ("<scr<script>ipt>alert(1)</script>", "<p>&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;</p>"),
    ("<b>unclosed <i>markup", "<p>&lt;b&gt;unclosed &lt;i&gt;markup</p>"),
    ("<!-- comment --><p>raw</p>", "<p>&lt;!-- comment --&gt;&lt;p&gt;raw&lt;/p&gt;</p>"),
    ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
    ("[click](javascript:alert%281%29)", "<p>[click](javascript:alert%281%29)</p>"),
    ("[click](JaVaScRiPt:alert%281%29)", "<p>[click](JaVaScRiPt:alert%281%29)</p>"),
    ("[click](data:text/html;base64,PHNjcmlwdD4=)", "<p>[click](data:text/html;base64,PHNjcmlwdD4=)</p>"),
    ("[click](vbscript:msgbox)", "<p>[click](vbscript:msgbox)</p>"),
    ("[click](//evil.example)", "<p>[click](//evil.example)</p>"),
    ("[click](jav&#x09;ascript:alert(1))", "<p>[click](jav&amp;#x09;ascript:alert(1))</p>"),
    ("[click](java\tscript:alert(1))", "<p>[click](java\tscript:alert(1))</p>"),
    ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    ('[x](https://ok.example/"onmouseover="alert(1))', '<p>[x](<a href="https://ok.example/" ' + REL + '>https://ok.example/</a>"onmouseover="alert(1))</p>'),
    ('https://ok.example/"><script>alert(1)</script>', f'<p><a href="https://ok.example/" {REL}>https://ok.example/</a>"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>'),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>"),
    ("&#60;img src=x onerror=alert(1)&#62;", "<p>&amp;#60;img src=x onerror=alert(1)&amp;#62;</p>"),
    ("<style>body{display:none}</style>", "<p>&lt;style&gt;body{display:none}&lt;/style&gt;</p>"),
    ("- <img src=x onerror=alert(1)>", "<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>"),
    ("[<img src=x onerror=alert(1)>](https://ok.example)", f'<p><a href="https://ok.example" {REL}>&lt;img src=x onerror=alert(1)&gt;</a></p>'),
    ("\u202egnp.exe\u202c https://ok.example", f'<p>gnp.exe <a href="https://ok.example" {REL}>https://ok.example</a></p>'),
    ("nul\x00byte", "<p>nulbyte</p>"),
]


@pytest.mark.parametrize("text,expected", FORMATTING)
def test_light_formatting(text, expected):
    assert markup.render(text) == expected


@pytest.mark.parametrize("text,expected", ATTACKS)
def test_attacks_render_as_text(text, expected):
    rendered = markup.render(text)
    assert rendered == expected
    assert_harmless(rendered)


def assert_harmless(rendered):
    """No element but the allowed ones, no attribute but href/rel, no address but http(s)."""
    for tag, attributes in elements(rendered):
        assert tag in markup.ALLOWED_TAGS, tag
        assert set(attributes) <= ({"href", "rel"} if tag == "a" else set()), attributes
        if tag == "a":
            assert attributes["href"].startswith(("http://", "https://")), attributes
            assert attributes["rel"] == "nofollow ugc noopener"


def test_links_are_counted_for_the_limit():
    text = "https://a.example and [b](https://b.example) and [c](ftp://c.example) and javascript:x"
    assert markup.links_in(text) == ["https://a.example", "https://b.example"]


def test_plain_text_keeps_words_and_addresses():
    assert markup.plain_text("- [Hi Korea](https://www.hikorea.go.kr) help\n\n<b>x</b>") == (
        "Hi Korea https://www.hikorea.go.kr help\n\n<b>x</b>")


def test_rendering_is_linear_on_hostile_input():
    import time

    text = "[" * 5000 + "(" * 5000
    start = time.perf_counter()
    markup.render(text)
    assert time.perf_counter() - start < 1.0

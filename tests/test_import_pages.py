import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from home.importer import ImportLineError, import_lines
from home.models import ArticlePage
from tests.conftest import article

pytestmark = pytest.mark.django_db


def test_source_and_translations_share_a_translation_tree(import_jsonl):
    report = import_jsonl(article(), article(locale="en", title="Unpaid wages"), article(locale="vi", title="Lương bị nợ"))
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    pages = ArticlePage.objects.filter(slug="unpaid-wages-demo")
    assert {p.locale.language_code for p in pages} == {"ko", "en", "vi"}
    assert len({p.translation_key for p in pages}) == 1
    assert all(p.live for p in pages)
    english = pages.get(locale__language_code="en")
    assert english.get_parent().specific.topic == "employment"
    assert english.get_parent().locale.language_code == "en"


def test_importing_twice_changes_nothing(import_jsonl):
    entries = (article(steps=[{"title": "Go", "text": ""}], faq=[{"question": "Q?", "answer": "A."}]), article(locale="en"))
    import_jsonl(*entries)
    revisions_before = sorted(ArticlePage.objects.values_list("latest_revision_id", flat=True))
    report = import_jsonl(*entries)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert sorted(ArticlePage.objects.values_list("latest_revision_id", flat=True)) == revisions_before


def test_a_changed_line_publishes_a_new_revision(import_jsonl):
    import_jsonl(article(), article(locale="en"))
    report = import_jsonl(article(body="고친 문단."), article(locale="en"))
    assert (report.updated, report.unchanged) == (1, 1)
    page = ArticlePage.objects.get(slug="unpaid-wages-demo", locale__language_code="ko")
    assert "고친 문단." in str(page.body)
    assert page.revisions.count() == 2
    assert not page.has_unpublished_changes


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({"key": "a", "locale": "ko"}), "missing field(s): topic, title, intro, body"),
        (json.dumps(article(locale="xx")), 'locale "xx" is not one of'),
        (json.dumps(article(topic="sports")), 'topic "sports" is not one of'),
        (json.dumps(article(key="Not A Slug")), "must be lower-case letters"),
        (json.dumps(article(title="  ")), '"title" must not be empty'),
        (json.dumps(article(last_reviewed="yesterday")), "must be a date"),
        (json.dumps(article(institution_url="javascript:alert(1)")), "not a valid web address"),
        (json.dumps(article(locale="en", key="no-source-yet")), "import the source language first"),
    ],
)
def test_a_bad_line_stops_the_import_with_its_number_and_nothing_is_written(line, reason):
    good = json.dumps(article(key="good-article"))
    pages_before = Page.objects.count()
    with pytest.raises(ImportLineError) as caught:
        import_lines([good, "", line])
    assert caught.value.line_number == 3
    assert reason in caught.value.reason
    assert Page.objects.count() == pages_before


def test_duplicate_and_inconsistent_lines_are_named():
    with pytest.raises(ImportLineError, match="already on line 1"):
        import_lines([json.dumps(article()), json.dumps(article())])
    with pytest.raises(ImportLineError, match='has topic "employment" on line 1'):
        import_lines([json.dumps(article()), json.dumps(article(locale="en", topic="housing"))])


def test_command_reports_counts_and_errors(tmp_path, capsys):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(article(), ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_pages", str(path))
    assert "1 created" in capsys.readouterr().out
    path.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: not valid JSON.*Nothing was imported"):
        call_command("import_pages", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_pages", str(tmp_path / "missing.jsonl"))


def test_the_shared_search_corpus_imports(settings):
    from pathlib import Path

    corpus = Path(settings.BASE_DIR).parent / "shared" / "search-corpus" / "dev" / "docs.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} is not beside this checkout")
    with corpus.open(encoding="utf-8") as file:
        report = import_lines(file)
    assert report.created == 80
    assert ArticlePage.objects.filter(slug="unpaid-wages", locale__language_code="th").exists()


# Control characters (PostgreSQL refuses NUL; SQLite stored it) and JSON errors that point where they are


@pytest.mark.parametrize("entry, where", [
    (article(title="임금\u0000체불"), '"title" contains the control character U+0000 (at character 3)'),
    (article(key="nul", topic="employment", intro="요약\x07"), '"intro" contains the control character U+0007'),
    (article(body="문단\x00"), '"body" contains the control character U+0000'),
    (article(institution="노동부\x1b"), '"institution"'),
    (article(steps=[{"title": "가다", "text": ""}, {"title": "오\x00다", "text": ""}]), '"steps[2].title"'),
    (article(faq=[{"question": "Q?", "answer": "A\x00."}]), '"faq[1].answer"'),
    (article(documents=["여권\x00"]), '"documents[1]"'),
    (article(contact={"name": "센터", "phone": "1345\x00"}), '"contact.phone"'),
    (article(title="\ud800"), "U+D800"),  # a lone surrogate: no UTF-8 for it
    (article(title="두\n줄"), '"title" contains the control character U+000A'),
])
def test_control_characters_stop_the_import_with_the_line_and_the_field(entry, where):
    lines = [json.dumps(article(key="fine"), ensure_ascii=False), json.dumps(entry, ensure_ascii=True)]
    with pytest.raises(ImportLineError) as caught:
        import_lines(lines)
    assert caught.value.line_number == 2 and where in caught.value.reason
    assert not ArticlePage.objects.filter(slug="fine").exists()


def test_tabs_and_line_breaks_stay_where_text_has_lines(import_jsonl):
    import_jsonl(article(intro="한 줄\n두 줄", body="첫 문단\t들여쓰기.\r\n\r\n둘째 문단.",
                         steps=[{"title": "가다", "text": "먼저\n그다음"}], faq=[{"question": "Q?", "answer": "A\n\nB"}],
                         contact={"name": "센터", "address": "수원시\n팔달구", "hours": "월\t9-18"}))
    page = ArticlePage.objects.get(slug="unpaid-wages-demo")
    assert page.intro == "한 줄\n두 줄"


@pytest.mark.parametrize("text, reason", [
    ('{"key": "a", "title": "x"\n', "line 3: the JSON object is not closed at the end of the line (a } or ] is missing)"),
    ('{"key": "a", "title": "x",\r\n', "line 3: the JSON object is not closed at the end of the line"),
    ('{"key": "a", "steps": [{"title": "x"}\n', "line 3: the JSON object is not closed at the end of the line"),
    ('{"key": "a" "title": "x"}\n', "line 3: not valid JSON (Expecting ',' delimiter at column 13)"),
    ('{"key": "a", "title": "x"}}\n', "line 3: not valid JSON (Extra data at column 27)"),
    ('{"key": "가나다", "title": "x}\n', "line 3: not valid JSON (Unterminated string starting at column 25)"),
])
def test_json_errors_point_where_the_problem_is(text, reason):
    good = json.dumps(article(), ensure_ascii=False) + "\n"
    with pytest.raises(ImportLineError) as caught:
        import_lines([good, "\n", text])
    assert str(caught.value).startswith(reason)


def test_the_command_refuses_a_nul_with_its_line_on_every_database(tmp_path):
    path = tmp_path / "pages.jsonl"
    lines = [json.dumps(article(key="first"), ensure_ascii=False), json.dumps(article(key="second", title="a\u0000b"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r'line 2: "title" contains the control character U\+0000.*Nothing was imported'):
        call_command("import_pages", str(path))
    assert not ArticlePage.objects.filter(slug__in=["first", "second"]).exists()

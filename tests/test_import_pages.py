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

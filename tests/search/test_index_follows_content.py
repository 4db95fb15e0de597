"""The index follows the pages: publish, translate, unpublish, move, delete, make private."""
import pytest
from django.core.management import call_command
from wagtail.models import Locale, PageViewRestriction

from home.models import ArticlePage, TopicIndexPage
from search.models import IndexEntry
from tests.conftest import article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_elasticsearch")]


def indexed(key):
    return set(IndexEntry.objects.filter(key=key).values_list("locale", flat=True))


def test_published_pages_and_translations_are_indexed(hospital_pages):
    assert indexed("hospital-guide") == {"ko", "en", "vi"}


def test_a_changed_page_is_reindexed(publish, hospital_pages):
    publish(article(key="hospital-guide", locale="en", topic="healthcare", title="Hospitals and clinics", body="Night clinics."))
    entry = IndexEntry.objects.get(key="hospital-guide", locale="en")
    assert entry.title == "Hospitals and clinics" and "Night clinics" in entry.body


def test_alias_pages_are_never_indexed(hospital_pages, django_capture_on_commit_callbacks):
    from wagtail_localize.synctree import synchronize_tree

    with django_capture_on_commit_callbacks(execute=True):
        synchronize_tree(Locale.objects.get(language_code="ko"), Locale.objects.get(language_code="th"))
    assert ArticlePage.objects.filter(slug="hospital-guide", locale__language_code="th").exists()
    assert indexed("hospital-guide") == {"ko", "en", "vi"}


def test_drafts_are_not_indexed_and_unpublished_pages_leave(hospital_pages, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(slug="hospital-guide", locale__language_code="en")
    page.title = "Draft title nobody may see"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    assert not IndexEntry.objects.filter(title__contains="Draft title").exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert indexed("hospital-guide") == {"ko", "vi"}


def test_deleted_pages_leave(hospital_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(slug="hospital-guide", locale__language_code="vi").delete()
    assert indexed("hospital-guide") == {"ko", "en"}


def test_private_pages_leave_and_come_back(hospital_pages, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(slug="hospital-guide", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert "en" not in indexed("hospital-guide")
    call_command("search_index", "rebuild")  # a rebuild leaves it out too
    assert indexed("hospital-guide") == {"ko", "vi"}
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert "en" in indexed("hospital-guide")


def test_moved_pages_are_reindexed_with_their_new_url(hospital_pages, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(slug="hospital-guide", locale__language_code="ko")
    housing = TopicIndexPage.objects.get(topic="housing", locale__language_code="ko")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(housing, pos="last-child")
    assert IndexEntry.objects.get(key="hospital-guide", locale="ko").url == "/ko/housing/hospital-guide/"


def test_rebuild_and_check_commands(hospital_pages, capsys):
    IndexEntry.objects.filter(key="hospital-guide", locale="vi").delete()
    with pytest.raises(Exception, match="search index"):
        call_command("search_index", "check")
    assert "1 missing" in capsys.readouterr().out
    call_command("search_index", "rebuild")
    out = capsys.readouterr().out
    assert "database:" in out and "documents indexed" in out
    call_command("search_index", "check")
    assert "0 missing, 0 not in the content" in capsys.readouterr().out
    assert indexed("hospital-guide") == {"ko", "en", "vi"}
    assert not IndexEntry.objects.filter(key="healthcare").exists()  # topic lists are navigation, not answers

"""`make run` again on a database editors worked in: the demo and the admin are created once, never overwritten.

load_demo runs on a small demo (a few articles, places, events and a synonym
group taken from the real demo files), editors change what they would, and a
second load_demo must leave every change as it is: edited, drafted,
unpublished, moved and deleted pages; edited and deleted places and events;
an edited synonym group and region. ensure_admin keeps the password it made.
"""
import io
import json
import re
import subprocess
from pathlib import Path

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from home import demo_articles
from home.management.commands import ensure_admin, load_demo
from home.models import ArticlePage, TopicIndexPage
from search.models import SynonymGroup
from services import demo as services_demo
from services.models import Event, Place, Region

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ("visa-extension", "reporting-changes-immigration", "minimum-wage", "industrial-accident-compensation",
            "eps-workplace-change")
EVENTS = ("ansan-sunday-korean-class@demo.portal", "suwon-family-korean-class@demo.portal")
PLACES = ("ansan-foreign-resident-support", "suwon-family-centre")
SUMMARY = re.compile(r"^\S+: \d+ [a-z ]+(, \d+ [a-z]+)?: \d+ created, \d+ updated, \d+ unchanged(, \d+ skipped)?$")


def _small_calendar(source, target):
    calendar = icalendar.Calendar.from_ical(source.read_bytes())
    calendar.subcomponents[:] = [c for c in calendar.subcomponents if c.name != "VEVENT" or str(c["UID"]) in EVENTS]
    target.write_bytes(calendar.to_ical())


@pytest.fixture
def small_demo(tmp_path, monkeypatch, frozen_now):
    """The demo files cut down to a few items each, in tmp_path, where load_demo reads them."""
    lines = [line for line in (demo_articles.DEMO_DIR / "articles-a.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["key"] in ARTICLES and json.loads(line)["locale"] in ("ko", "en")]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = services_demo.PLACES_FILE.read_text(encoding="utf-8").splitlines()
    places = [row for row in rows[1:] if row.split(",", 1)[0] in PLACES and row.split(",")[1] in ("ko", "en")]
    (tmp_path / "places.csv").write_text("\n".join([rows[0], *places]) + "\n", encoding="utf-8")
    _small_calendar(services_demo.EVENTS_FILE, tmp_path / "events.ics")
    _small_calendar(services_demo.EVENTS_FILE.with_name("demo-events.en.ics"), tmp_path / "events.en.ics")
    (tmp_path / "synonyms.json").write_text('[{"locale": "ko", "terms": "알바, 아르바이트"}]', encoding="utf-8")
    monkeypatch.setattr(demo_articles, "DEMO_DIR", tmp_path)
    monkeypatch.setattr(services_demo, "PLACES_FILE", tmp_path / "places.csv")
    monkeypatch.setattr(services_demo, "EVENTS_FILE", tmp_path / "events.ics")
    monkeypatch.setattr(load_demo, "SYNONYMS_FILE", tmp_path / "synonyms.json")


def run_load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def article(key, locale="ko"):
    return ArticlePage.objects.filter(slug=key, locale__language_code=locale).first()


def edit_as_editors_would():
    """What editors do in the admin between two `make run`s."""
    page = article("visa-extension")
    page.title = "편집자가 고친 제목"
    page.save_revision().publish()
    draft = article("reporting-changes-immigration")
    draft.title = "아직 발행하지 않은 초안"
    draft.save_revision()
    article("minimum-wage").unpublish()
    article("minimum-wage", "en").delete()
    housing = TopicIndexPage.objects.get(topic="housing", locale__language_code="ko")
    article("industrial-accident-compensation").move(housing, pos="last-child")
    article("eps-workplace-change", "en").delete()
    article("eps-workplace-change").delete()
    Place.objects.filter(external_id=PLACES[0], locale__language_code="ko").update(name="편집자가 고친 이름")
    Place.objects.filter(external_id=PLACES[1]).delete()
    Event.objects.filter(uid=EVENTS[0], locale__language_code="en").update(title="Title an editor chose")
    Event.objects.filter(uid=EVENTS[1]).delete()
    SynonymGroup.objects.filter(terms="알바, 아르바이트").update(terms="알바, 아르바이트, 파트타임")
    Region.objects.filter(code="KR-41110").update(names={"ko": "수원", "en": "Suwon (edited)"})


def test_a_second_load_demo_leaves_everything_editors_did_as_they_left_it(small_demo):
    first = run_load_demo()
    assert article("visa-extension") and article("eps-workplace-change", "en"), first
    assert Place.objects.filter(external_id__in=PLACES).count() == 4
    assert Event.objects.filter(uid__in=EVENTS).count() == 4 and SynonymGroup.objects.count() == 1
    edit_as_editors_would()

    second = run_load_demo()

    assert article("visa-extension").title == "편집자가 고친 제목"
    draft = article("reporting-changes-immigration")
    assert draft.has_unpublished_changes and draft.get_latest_revision_as_object().title == "아직 발행하지 않은 초안"
    assert not article("minimum-wage").live and article("minimum-wage", "en") is None
    assert article("industrial-accident-compensation").get_parent().specific.topic == "housing"
    assert ArticlePage.objects.filter(slug="industrial-accident-compensation", locale__language_code="ko").count() == 1
    assert article("eps-workplace-change") is None and article("eps-workplace-change", "en") is None
    assert Place.objects.get(external_id=PLACES[0], locale__language_code="ko").name == "편집자가 고친 이름"
    assert not Place.objects.filter(external_id=PLACES[1]).exists()
    assert Event.objects.get(uid=EVENTS[0], locale__language_code="en").title == "Title an editor chose"
    assert not Event.objects.filter(uid=EVENTS[1]).exists()
    assert list(SynonymGroup.objects.values_list("terms", flat=True)) == ["알바, 아르바이트, 파트타임"]
    assert Region.objects.get(code="KR-41110").names["en"] == "Suwon (edited)"
    assert " 0 created" in second and not re.search(r" [1-9]\d* created", second), second


def test_a_demo_loaded_before_this_rule_is_adopted_not_duplicated(small_demo):
    """A database loaded by the old load_demo has the items but no record of them: they count as the demo's."""
    run_load_demo()
    from wagtail.models import ModelLogEntry, PageLogEntry

    PageLogEntry.objects.all().delete()
    ModelLogEntry.objects.all().delete()
    second = run_load_demo()
    assert not re.search(r" [1-9]\d* created", second), second
    SynonymGroup.objects.filter(terms="알바, 아르바이트").update(terms="알바, 아르바이트, 파트타임")
    run_load_demo()
    assert SynonymGroup.objects.count() == 1


def test_load_demo_and_setup_portal_speak_the_importers_words(small_demo):
    output = run_load_demo()
    counted = [line for line in output.splitlines() if re.search(r"\d+ created", line)]
    assert len(counted) == 6, output  # regions, places, events (ko, en), articles, synonyms
    assert all(SUMMARY.match(line) for line in counted), output
    assert not re.search(r"\b(errors|added)\b", output)
    assert "Roles: reset" in output  # setup_portal resets the roles on purpose (README)


def test_load_regions_says_created_updated_unchanged(db):
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert SUMMARY.match(out.getvalue().strip()), out.getvalue()


def run_ensure_admin(*args):
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_the_admin_is_created_once_and_its_password_never_reset_nor_printed_again(db):
    first = run_ensure_admin("--port", "8101")
    password = re.search(r"password: (\S+)", first).group(1)
    assert "http://127.0.0.1:8101/admin/" in first
    second = run_ensure_admin("--port", "8101")
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(password) and admin.is_superuser
    assert password not in second and "changepassword admin" in second and "http://127.0.0.1:8101/admin/" in second


def test_a_password_the_admin_chose_survives_make_run(db):
    run_ensure_admin()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("chosen by the admin")
    admin.save()
    run_ensure_admin()
    admin.refresh_from_db()
    assert admin.check_password("chosen by the admin")


@pytest.mark.parametrize("host, port, url", [
    ("127.0.0.1", "8000", "http://127.0.0.1:8000/admin/"),
    ("0.0.0.0", "8101", "http://127.0.0.1:8101/admin/"),
    ("localhost", "9000", "http://localhost:9000/admin/"),
    ("::", "8101", "http://[::1]:8101/admin/"),
])
def test_the_admin_url_is_where_runserver_listens(host, port, url):
    assert ensure_admin.admin_url(host, port) == url


def test_make_run_passes_host_and_port_to_the_admin_login_and_the_server():
    result = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=8101"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "ensure_admin --host 0.0.0.0 --port 8101" in result.stdout
    assert "runserver 0.0.0.0:8101" in result.stdout

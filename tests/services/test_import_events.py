"""manage.py import_events: idempotent by UID, bad events reported, geocoding and fetching through doubles,
and the round trip feed -> import that gives back the same events and occurrences."""
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from services import event_import, events
from services.event_import import import_calendar
from services.models import Event
from tests.services.test_ical import calendar

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")

CLASS = """UID:class@suwon
SUMMARY:한국어 교실
DESCRIPTION:초급반
DTSTART;TZID=Asia/Seoul:20261201T190000
DTEND;TZID=Asia/Seoul:20261201T210000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T145959Z
LOCATION:수원시 팔달구 매산로 1
GEO:37.2636;127.0286"""
FESTIVAL = """UID:festival@ansan
SUMMARY:다문화 축제
DTSTART;VALUE=DATE:20261205
LOCATION:안산시 단원구 화랑로 387"""
DAILY = """UID:daily@x
SUMMARY:매일 체조
DTSTART:20261201T070000
DURATION:PT1H
GEO:37.2636;127.0286
RRULE:FREQ=DAILY"""


def run(source, *args):
    out, err = StringIO(), StringIO()
    call_command("import_events", str(source), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def ics(tmp_path):
    def write(*bodies, name="events.ics"):
        path = tmp_path / name
        path.write_text(calendar(*bodies), encoding="utf-8")
        return path

    return write


@pytest.fixture
def found_geocoder(settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.FoundGeocoder"  # 37.280, 127.047 (Suwon)


def test_good_events_are_kept_bad_ones_reported_with_uid_and_line(ics, regions, found_geocoder):
    out, err = run(ics(CLASS, DAILY, FESTIVAL))
    assert "3 events: 2 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "line 14, UID daily@x: FREQ=DAILY is not supported" in err
    korean_class = Event.objects.get(uid="class@suwon")
    assert (korean_class.title, korean_class.description, korean_class.locale.language_code) == ("한국어 교실", "초급반", "ko")
    assert korean_class.recurrence_rule().weekdays == (1,) and korean_class.recurrence_until == date(2026, 12, 31)
    assert korean_class.region.code == "KR-41110"  # from the point: the city, not the province
    festival = Event.objects.get(uid="festival@ansan")
    assert (festival.latitude, festival.longitude) == (37.280, 127.047)  # geocoded from LOCATION
    assert festival.start == datetime(2026, 12, 5, tzinfo=SEOUL) and festival.end == datetime(2026, 12, 6, tzinfo=SEOUL)


def test_reimport_updates_in_place_and_never_duplicates(ics, regions, found_geocoder):
    path = ics(CLASS, FESTIVAL)
    run(path)
    out, _err = run(path)
    assert "0 created, 0 updated, 2 unchanged" in out
    out, _err = run(ics(CLASS.replace("초급반", "중급반")))  # the festival has left the feed
    assert "0 created, 1 updated, 0 unchanged" in out
    assert Event.objects.get(uid="class@suwon").description == "중급반"
    assert Event.objects.filter(uid="festival@ansan").exists()  # left alone
    assert Event.objects.count() == 2


def test_region_option_translation_import_and_place_links_kept(ics, regions, make_place):
    run(ics(CLASS), "--region", "KR-41")
    event = Event.objects.get(uid="class@suwon")
    assert event.region.code == "KR-41"
    # An editor links the event to a place; the next import keeps the place's location.
    hall = make_place("수원시청", 37.2636, 127.0286, address="수원시 팔달구 효원로 241", region=regions["KR-41110"])
    event.place = hall
    event.save()
    run(ics(CLASS), "--region", "KR-41")
    event.refresh_from_db()
    assert (event.place, event.address) == (hall, "수원시 팔달구 효원로 241")

    english = CLASS.replace("한국어 교실", "Korean class").replace("초급반", "Beginners").replace("TZID=Asia/Seoul", "TZID=UTC")
    out, _err = run(ics(english, name="en.ics"), "--locale", "en")
    assert "1 created" in out
    translation = Event.objects.get(uid="class@suwon", locale__language_code="en")
    assert (translation.title, translation.description) == ("Korean class", "Beginners")
    assert (translation.start, translation.time_zone) == (event.start, "Asia/Seoul")  # facts are the Korean event's
    out, err = run(ics(FESTIVAL.replace("다문화 축제", "Festival"), name="en2.ics"), "--locale", "en")
    assert "1 skipped" in out and "no Korean event with this UID" in err


def test_an_address_that_cannot_be_placed_is_reported(ics, regions, settings):
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.Unreachable"
    out, err = run(ics(FESTIVAL, "UID:nowhere\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H"))
    assert "2 skipped" in out
    assert "geocoder unreachable" in err and "no GEO and no LOCATION" in err
    settings.GEOCODER_BACKEND = "tests.services.test_geocoding.NothingFound"
    assert "no coordinates found for the address" in run(ics(FESTIVAL))[1]
    assert not Event.objects.exists()


def test_an_event_the_model_refuses_is_reported_and_the_others_kept(regions):
    too_long = CLASS.replace("class@suwon", "long").replace("한국어 교실", "가" * 300)
    report = import_calendar(calendar(CLASS, too_long))
    assert report.created == 1 and [(uid, line) for uid, line, _reason in report.errors] == [("long", 14)]
    assert "title" in report.errors[0][2]


class FakeFetcher:
    def __init__(self, body):
        self.body, self.urls = body, []

    def fetch(self, url):
        self.urls.append(url)
        return self.body


def test_a_feed_url_is_read_through_the_fetcher(monkeypatch, regions):
    fetcher = FakeFetcher(calendar(CLASS).encode())
    monkeypatch.setattr(event_import, "get_fetcher", lambda: fetcher)
    out, _err = run("https://calendar.example/suwon.ics")
    assert fetcher.urls == ["https://calendar.example/suwon.ics"] and "1 created" in out


def test_the_real_fetcher_refuses_other_schemes():
    with pytest.raises(OSError):
        event_import.UrlFetcher().fetch("file:///etc/passwd")


def test_a_missing_file_or_an_unknown_region_stops_with_a_clear_message(ics, regions, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.ics")
    with pytest.raises(CommandError, match="unknown region"):
        run(ics(CLASS), "--region", "KR-99")
    assert not Event.objects.exists()


def test_a_file_that_is_no_calendar_stops_with_a_clear_message(tmp_path, regions):
    path = tmp_path / "places.csv"
    path.write_text("name,date\n축제,2026-12-05\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not an iCalendar"):
        run(path)
    path.write_bytes("BEGIN:VCALENDAR\n".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_round_trip_feed_then_import_gives_the_same_events_and_occurrences(late_november_2026, client, make_event, regions):
    suwon, ansan = regions["KR-41110"], regions["KR-41270"]
    make_event("한국어 교실", day=(2026, 12, 1), description="초급반", address="수원시 팔달구 매산로 1", region=suwon,
               recurrence_kind="weekly", recurrence_weekdays="TU,TH", recurrence_interval=2,
               recurrence_until=date(2027, 2, 25))
    make_event("상담의 날", day=(2026, 12, 25), hours=(10, 12), latitude=37.32, longitude=126.83, region=ansan,
               recurrence_kind="monthly", recurrence_nth=-1, recurrence_weekday=4)
    make_event("법률 상담", day=(2026, 12, 8), region=suwon, recurrence_kind="monthly", recurrence_nth=2,
               recurrence_weekday=1, uid="legal@suwon")
    make_event("송년회", day=(2026, 12, 31), hours=(22, 1), region=suwon)
    make_event("Konsulartag", day=(2027, 3, 22), hours=(10, 12), time_zone="Europe/Berlin", region=suwon,
               recurrence_kind="weekly", recurrence_weekdays="MO", recurrence_until=date(2027, 4, 12))
    window = dict(start=datetime(2026, 11, 1, tzinfo=SEOUL), end=datetime(2027, 10, 1, tzinfo=SEOUL))

    def snapshot():
        facts = sorted(
            (e.title, e.description, e.start, e.end, e.time_zone, e.recurrence_rule(), e.address, e.latitude,
             e.longitude, e.region.code) for e in Event.objects.all())
        spans = [(item.event.title, item.start, item.end) for item in events.occurrences_near(**window)]
        return facts, spans

    before = snapshot()
    feed = client.get("/ko/events/KR-41.ics", HTTP_HOST="localhost")
    assert feed.status_code == 200
    Event.objects.all().delete()
    report = import_calendar(feed.content.decode())
    assert (report.created, report.errors) == (5, [])
    after = snapshot()
    assert after == before
    assert len(after[1]) > 20  # the expansions really were compared
    assert Event.objects.get(title="법률 상담").uid == "legal@suwon"


# Dates Python or the database cannot keep, cut files, translations, control characters


YEAR_ONE_START = "UID:year-one\nSUMMARY:x\nDTSTART;VALUE=DATE:00010101\nGEO:37.2636;127.0286"
YEAR_ONE_UNTIL = CLASS.replace("class@suwon", "until-year-one").replace("UNTIL=20261231T145959Z", "UNTIL=00011231T145959Z")
LAST_DAY = "UID:last-day\nSUMMARY:x\nDTSTART;VALUE=DATE:99991231\nGEO:37.2636;127.0286"
LONG_DURATION = "UID:long\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:P99999999W\nGEO:37.2636;127.0286"
COUNT_PAST_9999 = "UID:count\nSUMMARY:x\nDTSTART:99991201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=100\nGEO:37.2636;127.0286"
NO_FREQ = "UID:no-freq\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:BYDAY=TU\nGEO:37.2636;127.0286"
YEAR_ONE_UTC = "UID:year-one-utc\nSUMMARY:x\nDTSTART:00010101T100000Z\nDURATION:PT1H\nGEO:37.2636;127.0286"


@pytest.mark.parametrize("bad", [YEAR_ONE_START, YEAR_ONE_UNTIL, LAST_DAY, LONG_DURATION, COUNT_PAST_9999, NO_FREQ,
                                 YEAR_ONE_UTC])
def test_a_date_out_of_range_is_reported_for_its_event_and_the_rest_imported(ics, regions, found_geocoder, bad):
    out, err = run(ics(FESTIVAL, bad, CLASS))
    assert "3 events: 2 created, 0 updated, 0 unchanged, 1 skipped" in out
    uid = bad.splitlines()[0].removeprefix("UID:")
    assert f"line 10, UID {uid}:" in err and ("year" in err or "FREQ" in err)
    assert "Traceback" not in err
    assert set(Event.objects.values_list("uid", flat=True)) == {"festival@ansan", "class@suwon"}


def test_an_unexpected_failure_is_reported_for_its_event_and_the_rest_imported(ics, regions, monkeypatch):
    from services import event_import as module

    real = module._Importer.import_event

    def fail_for_one(self, data):
        if data.uid == "broken":
            raise ZeroDivisionError("a bug")
        return real(self, data)

    monkeypatch.setattr(module._Importer, "import_event", fail_for_one)
    out, err = run(ics(CLASS.replace("class@suwon", "broken"), CLASS))
    assert "2 events: 1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "line 4, UID broken: unexpected error (ZeroDivisionError: a bug)" in err


@pytest.mark.parametrize("cut", [
    lambda text: text[: text.rindex("END:VCALENDAR")],  # the end of the calendar is missing
    lambda text: text[: text.rindex("END:VEVENT")],  # cut inside the last event
    lambda text: text[: text.rindex("GEO:")],
])
def test_a_cut_file_is_refused_whole_with_the_line_where_it_ends(tmp_path, regions, found_geocoder, cut):
    path = tmp_path / "cut.ics"
    path.write_text(cut(calendar(FESTIVAL, CLASS)), encoding="utf-8")
    with pytest.raises(CommandError, match=r"cut off at line \d+.*Nothing was imported"):
        run(path)
    assert not Event.objects.exists()


def test_a_translation_needs_only_uid_summary_and_description(ics, regions):
    run(ics(CLASS))
    out, err = run(ics("UID:class@suwon\nSUMMARY:Korean class\nDESCRIPTION:Beginners", name="en.ics"), "--locale", "en")
    assert "1 events: 1 created, 0 updated, 0 unchanged, 0 skipped" in out and err == ""
    translation = Event.objects.get(uid="class@suwon", locale__language_code="en")
    assert (translation.title, translation.description) == ("Korean class", "Beginners")
    # Times, repetition and place in a translation are not read: they cannot make it fail either.
    out, err = run(ics("UID:class@suwon\nSUMMARY:Korean class\nDESCRIPTION:Beginners\nDTSTART:00010101T000000\nRRULE:FREQ=DAILY",
                       name="en2.ics"), "--locale", "en")
    assert "1 unchanged" in out and err == ""
    out, err = run(ics("UID:class@suwon\nDESCRIPTION:no title", name="en3.ics"), "--locale", "en")
    assert "1 skipped" in out and "no SUMMARY" in err


@pytest.mark.parametrize("field, value", [
    ("SUMMARY", "한국어\x00교실"), ("DESCRIPTION", "초급\x01반"), ("LOCATION", "수원\x00"), ("UID", "class\x00@suwon"),
])
def test_control_characters_are_refused_with_the_uid_and_line(ics, regions, field, value):
    body = "\n".join(f"{field}:{value}" if line.startswith(f"{field}:") else line for line in CLASS.splitlines())
    report = import_calendar(calendar(FESTIVAL.replace("LOCATION", "GEO:37.3;126.8\nLOCATION"), body))
    assert report.created == 1 and len(report.errors) == 1
    assert report.errors[0][1] == 11 and "control character" in report.errors[0][2]
    assert Event.objects.count() == 1


def test_a_description_keeps_its_line_breaks_and_tabs(regions):
    report = import_calendar(calendar(CLASS.replace("DESCRIPTION:초급반", "DESCRIPTION:초급반\\n\t월요일")))
    assert report.errors == [] and Event.objects.get().description == "초급반\n\t월요일"

"""The demo calendar as load_demo imports it: always upcoming, linked to its places, idempotent."""
from datetime import date

import icalendar
import pytest

from services import demo
from services.importer import import_file
from services.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_places(regions):
    import_file(demo.PLACES_FILE)


def one_off_starts(calendar):
    return {str(c["UID"]): c.decoded("DTSTART") for c in calendar.walk("VEVENT") if "RRULE" not in c}


def test_past_one_off_events_move_forward_by_whole_years_of_weeks_keeping_their_weekday():
    original = one_off_starts(icalendar.Calendar.from_ical(demo.EVENTS_FILE.read_bytes()))
    later = date(2029, 5, 1)
    rolled = one_off_starts(demo.roll_forward(icalendar.Calendar.from_ical(demo.EVENTS_FILE.read_bytes()), later))
    assert original.keys() == rolled.keys() and len(rolled) >= 5
    for uid, start in rolled.items():
        assert start.date() >= later
        assert start.weekday() == original[uid].weekday() and start.time() == original[uid].time()
        assert (start - original[uid]).days % 364 == 0


def test_load_events_imports_every_event_at_its_place_and_a_rerun_changes_nothing(demo_places):
    (code, report), *_ = demo.load_events(today=date(2027, 6, 1))
    assert code == "ko" and report.errors == [] and report.created >= 12
    linked = Event.objects.filter(locale__language_code="ko", place__isnull=False)
    assert linked.count() >= 12
    for event in linked:
        assert (event.latitude, event.longitude) == (event.place.latitude, event.place.longitude)
    again = dict(demo.load_events(today=date(2027, 6, 1)))
    assert again["ko"].created == 0 and again["ko"].errors == []
    assert Event.objects.filter(locale__language_code="ko").count() == report.created


TRANSLATED = ("en", "vi", "zh-hans")


def test_the_translation_files_next_to_the_demo_calendar_are_found_by_their_language_code():
    assert [code for code, _ in demo.translation_files()] == sorted(TRANSLATED)
    assert all(path.parent == demo.EVENTS_FILE.parent for _, path in demo.translation_files())


def test_load_events_imports_an_english_vietnamese_and_chinese_version_of_every_demo_event(demo_places):
    reports = dict(demo.load_events(today=date(2027, 6, 1)))
    korean = list(Event.objects.filter(locale__language_code="ko"))
    assert len(korean) == 14
    for code in TRANSLATED:
        assert reports[code].errors == [] and reports[code].created == len(korean)
        for source in korean:
            translation = Event.objects.get(translation_key=source.translation_key, locale__language_code=code)
            assert translation.uid == source.uid and translation.start == source.start
            assert translation.title.strip() and translation.title != source.title
            assert translation.description.strip() and translation.description != source.description
    again = dict(demo.load_events(today=date(2027, 6, 1)))
    assert all(again[code].created == again[code].updated == 0 for code in TRANSLATED)

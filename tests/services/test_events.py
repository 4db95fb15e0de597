"""Events: the model's rules, translations that keep the facts, and upcoming occurrences near a point."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from search.models import IndexEntry
from services import events
from services.models import EVENT_SYNCHRONISED_FIELDS, Event
from services.recurrence import LAST, MAX_OCCURRENCES, Recurrence
from tests.services.conftest import ANSAN_CITY_HALL, SUWON_CITY_HALL

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args, zone=SEOUL):
    return datetime(*args, tzinfo=zone)


def translate_event(event, locale, title, description=""):
    version = event.copy_for_translation(Locale.objects.get(language_code=locale))
    version.title, version.description = title, description
    version.save()
    return version


def titles_and_days(found):
    return [(item.event.title, item.start.date().isoformat()) for item in found]


# The model


def test_the_recurrence_rule_comes_from_the_plain_fields(make_event):
    weekly = make_event(day=(2026, 12, 1), recurrence_kind="weekly", recurrence_weekdays="TU,TH",
                        recurrence_interval=2, recurrence_until=date(2027, 3, 1))
    assert weekly.recurrence_rule() == Recurrence("weekly", weekdays=(1, 3), interval=2, until=date(2027, 3, 1))
    monthly = make_event(day=(2026, 12, 25), recurrence_kind="monthly", recurrence_nth=LAST, recurrence_weekday=4)
    assert monthly.recurrence_rule() == Recurrence("monthly", nth=LAST, weekday=4)
    assert make_event().recurrence_rule() == Recurrence() and not make_event().is_recurring


@pytest.mark.parametrize("fields, field", [
    ({"hours": (19, 19)}, "end"),  # ends when it starts
    ({"latitude": None, "longitude": None}, "latitude"),  # nowhere: no place, no coordinates
    ({"recurrence_kind": "weekly"}, "recurrence_weekdays"),  # weekly on no day
    ({"recurrence_kind": "weekly", "recurrence_weekdays": "MO,XX"}, "recurrence_weekdays"),
    ({"recurrence_kind": "weekly", "recurrence_weekdays": "WE"}, "start"),  # 1 Dec 2026 is a Tuesday
    ({"recurrence_kind": "monthly", "recurrence_nth": 2, "recurrence_weekday": 1}, "start"),  # the 1st Tuesday
    ({"recurrence_kind": "weekly", "recurrence_weekdays": "TU", "recurrence_until": date(2026, 11, 30)},
     "recurrence_until"),
    ({"time_zone": "Asia/Nowhere"}, "time_zone"),
    ({"languages_spoken": "ko, klingon"}, "languages_spoken"),
    ({"recurrence_interval": 0}, "recurrence_interval"),
])
def test_an_event_that_does_not_make_sense_is_refused_with_the_field_named(make_event, fields, field):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        make_event(**fields)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert not Event.objects.exists()


def test_an_event_at_a_place_takes_its_location_and_follows_it_when_it_moves(make_event, make_place, regions,
                                                                            translate):
    hall = make_place("수원시청", *SUWON_CITY_HALL, category="religious-community", address="수원시 팔달구 효원로 241",
                      region=regions["KR-41110"])
    english_hall = translate(hall, "en", "Suwon City Hall")
    event = make_event("한국어 교실", place=english_hall)  # the chooser may offer a translation
    assert event.place == hall  # the facts follow the Korean place
    assert (event.latitude, event.longitude, event.address, event.region) == (
        *SUWON_CITY_HALL, "수원시 팔달구 효원로 241", regions["KR-41110"])
    english = translate_event(event, "en", "Korean class")

    hall.latitude, hall.longitude, hall.address, hall.region = *ANSAN_CITY_HALL, "안산시 단원구", regions["KR-41270"]
    hall.save()
    for version in (event, english):
        version.refresh_from_db()
        assert (version.latitude, version.longitude, version.address, version.region_id) == (
            *ANSAN_CITY_HALL, "안산시 단원구", regions["KR-41270"].pk)

    hall.delete()  # the event keeps where it was
    event.refresh_from_db()
    assert event.place is None and (event.latitude, event.longitude) == ANSAN_CITY_HALL


def test_only_title_and_description_are_translated_and_translations_keep_the_facts(make_event, regions):
    fields = {field.field_name: field for field in get_translatable_fields(Event)}
    assert {name for name, field in fields.items() if isinstance(field, TranslatableField)} == {"title", "description"}
    for name in EVENT_SYNCHRONISED_FIELDS:
        assert isinstance(fields[name], SynchronizedField) and not fields[name].overridable, name

    event = make_event("한국어 교실", recurrence_kind="weekly", recurrence_weekdays="TU", cost="무료",
                       free_of_charge=True, region=regions["KR-41110"])
    english = translate_event(event, "en", "Korean class", "For beginners.")
    english.start = at(2030, 1, 1, 9)  # a translator cannot move the event
    english.save()
    english.refresh_from_db()
    assert english.start == event.start

    event.start, event.end = at(2026, 12, 8, 18), at(2026, 12, 8, 20)  # the source moves: every language follows
    event.cost = "5,000원"
    event.save()
    english.refresh_from_db()
    assert (english.start, english.end, english.cost, english.title) == (
        at(2026, 12, 8, 18), at(2026, 12, 8, 20), "5,000원", "Korean class")


# Expansion into occurrences


def test_weekly_events_expand_within_the_window_and_stop_at_until(make_event):
    make_event("한국어 교실", day=(2026, 12, 1), recurrence_kind="weekly", recurrence_weekdays="TU,TH",
               recurrence_until=date(2026, 12, 10))
    found = events.occurrences_near(start=at(2026, 12, 2), end=at(2027, 2, 1))
    assert titles_and_days(found) == [("한국어 교실", "2026-12-03"), ("한국어 교실", "2026-12-08"),
                                      ("한국어 교실", "2026-12-10")]
    assert all((item.start.hour, item.end.hour, str(item.start.tzinfo)) == (19, 21, "Asia/Seoul") for item in found)
    assert all(item.distance_km is None for item in found)


def test_monthly_on_the_last_friday_across_month_ends(make_event):
    make_event("상담의 날", day=(2026, 11, 27), recurrence_kind="monthly", recurrence_nth=LAST, recurrence_weekday=4)
    make_event("법률 상담", day=(2026, 12, 8), recurrence_kind="monthly", recurrence_nth=2, recurrence_weekday=1,
               recurrence_until=date(2027, 2, 9))
    found = events.occurrences_near(start=at(2026, 12, 1), end=at(2027, 4, 1))
    assert titles_and_days(found) == [
        ("법률 상담", "2026-12-08"), ("상담의 날", "2026-12-25"), ("법률 상담", "2027-01-12"),
        ("상담의 날", "2027-01-29"), ("법률 상담", "2027-02-09"), ("상담의 날", "2027-02-26"),
        ("상담의 날", "2027-03-26"),
    ]


def test_an_event_still_on_at_the_window_start_counts_and_one_over_does_not(make_event):
    make_event("야간 행사", day=(2026, 12, 1), hours=(22, 2))  # to 02:00 the next day
    assert len(events.occurrences_near(start=at(2026, 12, 2, 1), end=at(2026, 12, 3))) == 1
    assert events.occurrences_near(start=at(2026, 12, 2, 2), end=at(2026, 12, 3)) == []


def test_an_event_abroad_keeps_its_wall_clock_across_daylight_saving(make_event):
    make_event("Konsulartag", day=(2027, 3, 22), hours=(10, 12), time_zone="Europe/Berlin",
               recurrence_kind="weekly", recurrence_weekdays="MO")
    found = events.occurrences_near(start=at(2027, 3, 22), end=at(2027, 4, 6))
    assert [(item.start.hour, item.start.utcoffset()) for item in found] == [
        (10, timedelta(hours=1)), (10, timedelta(hours=2)), (10, timedelta(hours=2))]


def test_the_work_is_bounded(make_event):
    make_event("매일", day=(2026, 12, 7), recurrence_kind="weekly", recurrence_weekdays="MO,TU,WE,TH,FR,SA,SU")
    with pytest.raises(ValueError):
        events.occurrences_near(start=at(2026, 12, 1), end=at(2028, 1, 1))
    year = events.occurrences_near(start=at(2026, 12, 1), end=at(2027, 12, 1))
    assert len(year) == 359 <= MAX_OCCURRENCES
    assert len(events.occurrences_near(start=at(2026, 12, 1), end=at(2027, 12, 1), limit=5)) == 5


# Where and in which language


@pytest.fixture
def gathering(make_event, translate, make_place, regions):
    """A Korean class in Suwon (translated into English), a festival in Ansan, a market in Seoul."""
    near = make_event("한국어 교실", day=(2026, 12, 3), latitude=37.280, longitude=127.047,
                      region=regions["KR-41110"], recurrence_kind="weekly", recurrence_weekdays="TH")
    translate_event(near, "en", "Korean class")
    make_event("다문화 축제", day=(2026, 12, 5), latitude=ANSAN_CITY_HALL[0], longitude=ANSAN_CITY_HALL[1],
               region=regions["KR-41270"])
    make_event("서울 장터", day=(2026, 12, 4), latitude=37.5665, longitude=126.9780, region=regions["KR-11"])
    return near


WINDOW = dict(start=at(2026, 12, 1), end=at(2026, 12, 15))


def test_near_a_point_sorted_by_distance_then_start_with_the_radius_exact(gathering):
    found = events.occurrences_near(*SUWON_CITY_HALL, radius_km=30, locale="en", **WINDOW)
    assert titles_and_days(found) == [("Korean class", "2026-12-03"), ("Korean class", "2026-12-10"),
                                      ("다문화 축제", "2026-12-05")]
    assert [item.fallback for item in found] == [False, False, True]
    assert 2 < found[0].distance_km < 3 and found[2].distance_km == pytest.approx(18.7, abs=0.3)
    assert [item.event.title for item in events.occurrences_near(*SUWON_CITY_HALL, radius_km=5, **WINDOW)] == [
        "한국어 교실", "한국어 교실"]
    # No radius: every event, nearest first (Seoul is about 33 km away).
    assert [item.event.title for item in events.occurrences_near(*SUWON_CITY_HALL, **WINDOW)][-1] == "서울 장터"


def test_in_a_region_with_its_cities_sorted_by_start(gathering, regions):
    in_province = events.occurrences_near(region=regions["KR-41"], **WINDOW)
    assert titles_and_days(in_province) == [("한국어 교실", "2026-12-03"), ("다문화 축제", "2026-12-05"),
                                            ("한국어 교실", "2026-12-10")]
    assert titles_and_days(events.occurrences_near(region=regions["KR-11"], **WINDOW)) == [("서울 장터", "2026-12-04")]


def test_each_event_once_in_the_best_language(gathering):
    vietnamese = events.occurrences_near(locale="vi", **WINDOW)  # vi falls back to English, then Korean
    assert {(item.event.title, item.event.locale.language_code, item.fallback) for item in vietnamese} == {
        ("Korean class", "en", True), ("다문화 축제", "ko", True), ("서울 장터", "ko", True)}
    korean = events.occurrences_near(locale="ko", **WINDOW)
    assert {item.event.title for item in korean} == {"한국어 교실", "다문화 축제", "서울 장터"}
    assert not any(item.fallback for item in korean)


def test_a_radius_needs_a_point(gathering):
    with pytest.raises(ValueError):
        events.occurrences_near(radius_km=5, **WINDOW)


def test_upcoming_events_of_a_place_soonest_first(make_event, make_place, translate):
    hall = make_place("수원시 외국인복지센터", category="foreign-resident-centre")
    make_event("법률 상담", day=(2026, 12, 8), place=hall, recurrence_kind="monthly", recurrence_nth=2,
               recurrence_weekday=1)
    make_event("송년회", day=(2026, 12, 19), place=hall)
    make_event("다른 곳", day=(2026, 12, 2))
    english_hall = translate(hall, "en", "Suwon Foreign Workers Centre")
    found = events.upcoming_for_place(english_hall, "en", limit=3, now=at(2026, 12, 1))
    assert titles_and_days(found) == [("법률 상담", "2026-12-08"), ("송년회", "2026-12-19"), ("법률 상담", "2027-01-12")]
    assert all(item.fallback for item in found)


# Search


def test_an_event_is_indexed_with_its_page_its_point_and_its_next_date(make_event, regions, no_elasticsearch,
                                                                     django_capture_on_commit_callbacks):
    soon = datetime.now(SEOUL) + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event("다문화 축제", day=(soon.year, soon.month, soon.day), description="음식과 음악",
                           address="안산시 단원구 화랑로 387", region=regions["KR-41270"])
    entry = IndexEntry.objects.get(type="event", locale="ko")
    assert entry.url == f"/ko/events/{event.pk}/"
    assert (entry.latitude, entry.longitude) == SUWON_CITY_HALL
    assert "음식과 음악" in entry.body and "화랑로 387" in entry.body and str(soon.day) in entry.body
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert not IndexEntry.objects.filter(type="event").exists()


def test_events_are_narrowed_by_the_same_spatial_index_as_places(gathering):
    from django.db import connection

    from services import nearby, spatial

    if connection.vendor == "postgresql":
        expected = "gist"
    else:
        expected = "rtree" if spatial.rtree_module_available(connection) else "btree"
    assert spatial.index_kind(Event.objects.all()) == expected
    box = nearby.bounding_box(*SUWON_CITY_HALL, 30)
    indexed = set(spatial.filter_box(Event.objects.all(), box).values_list("title", flat=True))
    assert indexed == set(spatial.filter_box(Event.objects.all(), box, kind="btree").values_list("title", flat=True))
    assert indexed == {"한국어 교실", "Korean class", "다문화 축제"}


def test_a_translation_made_with_wagtail_localize_keeps_the_facts(make_event, make_place, regions):
    from wagtail_localize.models import TranslationSource

    hall = make_place("수원시청", *SUWON_CITY_HALL, region=regions["KR-41110"])
    event = make_event("법률 상담", day=(2026, 12, 8), place=hall, recurrence_kind="monthly", recurrence_nth=2,
                       recurrence_weekday=1, cost="무료")
    source, _created = TranslationSource.get_or_create_from_instance(event)
    translated, _created = source.create_or_update_translation(Locale.objects.get(language_code="vi"), fallback=True)
    assert translated.translation_key == event.translation_key and translated.locale.language_code == "vi"
    assert (translated.start, translated.place_id, translated.recurrence_nth, translated.cost, translated.region_id) == (
        event.start, hall.pk, 2, "무료", regions["KR-41110"].pk)

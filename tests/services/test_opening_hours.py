"""Opening hours (services.opening_hours): the syntax read and refused with reasons, described in the reader's
language, open or closed at a moment (holidays counted), checked in the admin, converted from the old free text."""
import importlib
import re
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from services.opening_hours import (
    DAY, ZONE, OpeningHoursError, describe, parse, parse_or_none, state_at, validate_opening_hours,
)

OFFICE = "Mo-Fr 09:00-18:00; PH off"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def seoul(*parts):
    return datetime(*parts, tzinfo=ZONE)


def lines(text, language, now=None):
    with translation.override(language):
        return [str(line) for line in describe(parse(text), now)]


def label(text, moment, language="en"):
    with translation.override(language):
        return state_at(parse(text), moment).label


# --- reading -------------------------------------------------------------------------------------


def test_days_ranges_lists_wraps_and_holidays_select_their_days():
    hours = parse("Mo,We 08:00-12:00; Fr-Mo 10:00-14:00; Sa,PH off")
    by_day = [hours.weekday_spans(weekday) for weekday in range(7)]
    assert by_day == [((600, 840),), (), ((480, 720),), (), ((600, 840),), (), ((600, 840),)]
    assert hours.spans_on(date(2026, 9, 25)) == ()  # 추석, a Friday: PH off comes later and wins


def test_a_rule_without_days_applies_to_every_day_holidays_too():
    hours = parse("09:00-18:00")
    assert all(hours.weekday_spans(weekday) == ((540, 1080),) for weekday in range(7))
    assert hours.spans_on(date(2026, 9, 25)) == ((540, 1080),)
    assert parse("24/7").spans_on(date(2026, 2, 17)) == ((0, DAY),)


def test_several_spans_24_00_and_overnight_hours():
    assert parse("Mo 13:00-18:00,09:00-12:00").weekday_spans(0) == ((540, 720), (780, 1080))
    assert parse("Mo 09:00-12:00,11:00-13:00").weekday_spans(0) == ((540, 780),)  # overlapping: joined
    assert parse("Sa 10:00-24:00").weekday_spans(5) == ((600, DAY),)
    assert parse("Fr 22:00-02:00").weekday_spans(4) == ((1320, DAY + 120),)  # ends on Saturday morning


def test_spaces_around_dashes_and_commas_are_read():
    assert parse("Mo - Fr 09:00 - 12:00, 13:00 - 18:00 ; Sa, PH off").rules == parse(
        "Mo-Fr 09:00-12:00,13:00-18:00; Sa,PH off").rules


def test_a_later_rule_replaces_earlier_ones_on_its_days_as_in_osm():
    chuseok_eve = date(2026, 9, 24)  # a Thursday
    assert parse(OFFICE).spans_on(chuseok_eve) == ()
    assert parse("PH off; Mo-Fr 09:00-18:00").spans_on(chuseok_eve) == ((540, 1080),)
    assert parse(OFFICE).spans_on(date(2026, 9, 23)) == ((540, 1080),)


@pytest.mark.parametrize("text, reason", [
    ("Mn 09:00-18:00", "Unknown day “Mn”: use Mo, Tu, We, Th, Fr, Sa, Su or PH."),
    ("mo-fr 09:00-18:00", "Unknown day “mo”"),
    ("Mo-Fr 9-18", "Hours must be like 09:00-18:00, not “9-18”."),
    ("Mo-Fr 9:00-18:00", "not “9:00-18:00”"),
    ("Mo-Fr 09:00-25:00", "not “09:00-25:00”"),
    ("Mo-Fr 09:60-18:00", "not “09:60-18:00”"),
    ("Mo-Fr 09:00-09:00", "“09:00-09:00” starts and ends at the same time."),
    ("Mo-Fr", "Give the hours after “Mo-Fr”"),
    ("Mo-Fr 09:00-18:00; Sa", "Give the hours after “Sa”"),
    ("Jan-Mar Mo-Fr 09:00-18:00", "Months are not supported (“Jan”)"),
    ('Mo-Fr 09:00-18:00 "by appointment"', "Comments in quotes are not supported"),
    ("week 01-10 Mo 09:00-12:00", "“week” is not supported"),
    ("Mo[1] 09:00-12:00", "“Mo[1]” is not supported"),
    ("SH off", "“SH” is not supported"),
    ("Mo-Fr sunrise-sunset", "“sunrise-sunset” is not supported"),
    ("Mo-Fr 10:00+", "“10:00+” is not supported"),
    ("Mo-Fr 09:00-18:00 || PH off", "“||” is not supported"),
    ("Mo,,Fr 09:00-12:00", "Unknown day “Mo,,Fr”"),
    ("Mo-Fr-Sa 09:00-12:00", "“Mo-Fr-Sa” does not"),
    ("PH-Mo 09:00-12:00", "A range of days joins two weekdays, like Mo-Fr: “PH-Mo” does not."),
    ("09:00-18:00 Mo-Fr", "Write the days before the hours"),
    ("Mo-Fr 09:00-18:00, Sa 10:00-12:00", "Separate rules with “;”: “Sa” starts a new rule."),
    ("Mo-Fr 09:00-18:00 Sa", "“Sa” is not supported"),
    ("평일 09:00-18:00", "Unknown day “평일”"),
    (" ; ", "Write the opening hours"),
])
def test_anything_else_is_refused_with_a_reason_naming_the_part(text, reason):
    with pytest.raises(OpeningHoursError) as refused:
        parse(text)
    assert reason in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_overnight_hours_are_not_an_end_before_the_start():
    assert parse("Fr-Sa 22:00-02:00") and parse("Mo-Su 18:00-17:00")


def test_parse_or_none_says_none_for_legacy_text_and_empty():
    assert parse_or_none("평일 09:00-18:00") is None and parse_or_none("") is None and parse_or_none(None) is None
    assert parse_or_none(OFFICE) is not None


def test_the_validator_gives_the_reason_in_the_active_language():
    with pytest.raises(ValidationError) as refused:
        validate_opening_hours("Mn 09:00-18:00")
    with translation.override("en"):
        assert refused.value.messages == ["Unknown day “Mn”: use Mo, Tu, We, Th, Fr, Sa, Su or PH."]
    validate_opening_hours(OFFICE)  # no error


def test_the_reason_is_translated_where_it_is_shown():
    error = OpeningHoursError("Unknown day “%(day)s”: use Mo, Tu, We, Th, Fr, Sa, Su or PH.", day="Mn")
    with translation.override("en"):
        assert error.translated() == str(error)


# --- describing --------------------------------------------------------------------------------


def test_described_in_english_consecutive_days_grouped():
    assert lines("Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off", "en") == [
        "Monday–Friday: 9 a.m.–6 p.m.", "Saturday: 9 a.m.–1 p.m.", "Sunday: closed", "Public holidays: closed"]
    assert lines("Mo,We 09:00-12:00,13:00-18:30", "en") == [
        "Monday: 9 a.m.–noon, 1 p.m.–6:30 p.m.", "Tuesday: closed", "Wednesday: 9 a.m.–noon, 1 p.m.–6:30 p.m.",
        "Thursday–Sunday: closed"]
    assert lines("24/7", "en") == ["Monday–Sunday: open 24 hours"]
    assert lines("Sa 10:00-24:00", "en")[1] == "Saturday: 10 a.m.–midnight"


def test_a_later_rule_for_every_day_leaves_no_holiday_line():
    assert lines("PH off; 10:00-16:00", "en") == ["Monday–Sunday: 10 a.m.–4 p.m."]


def test_described_in_vietnamese_with_its_day_names_and_24_hour_times():
    described = lines("Mo-Fr 09:00-18:00; Sa 10:00-24:00; PH off", "vi")
    assert described[0].startswith("Thứ Hai") and "Thứ Sáu" in described[0] and "09:00" in described[0]
    assert "18:00" in described[0] and "24:00" in described[1] and described[1].startswith("Thứ Bảy")
    assert not any(HANGUL.search(line) or "Monday" in line for line in described)


def test_described_in_korean_with_its_day_names_and_times():
    described = lines(OFFICE, "ko")
    assert described[0].startswith("월요일") and "금요일" in described[0]
    assert "오전 9:00" in described[0] and "오후 6:00" in described[0]


def test_described_in_urdu_with_its_day_names_and_times():
    described = lines(OFFICE, "ur")
    assert described[0].startswith("پیر") and "جمعہ" in described[0] and "صبح" in described[0]
    assert not any(re.search("[A-Za-z]{3}", line) for line in described[:1])


def test_the_line_of_today_is_marked_and_a_holiday_marks_the_holidays_line():
    with translation.override("en"):
        on_monday = describe(parse(OFFICE), seoul(2026, 6, 15, 12, 0))
        on_chuseok = describe(parse(OFFICE), seoul(2026, 9, 25, 12, 0))  # a Friday
    assert [line.today for line in on_monday] == [True, False, False]
    assert [line.today for line in on_chuseok] == [False, False, True]


# --- open now? --------------------------------------------------------------------------------


def test_around_the_closing_time():
    assert label(OFFICE, seoul(2026, 6, 15, 17, 59)) == "Open now · closes 6 p.m."
    assert label(OFFICE, seoul(2026, 6, 15, 18, 0)) == "Closed now · opens Tuesday 9 a.m."
    assert label(OFFICE, seoul(2026, 6, 15, 8, 30)) == "Closed now · opens 9 a.m."
    state = state_at(parse(OFFICE), seoul(2026, 6, 15, 17, 59))
    assert state.is_open and state.closes_at == seoul(2026, 6, 15, 18, 0)


def test_across_midnight_the_hours_of_the_evening_before_count():
    late = "Fr-Sa 22:00-02:00"
    assert label(late, seoul(2026, 6, 19, 23, 0)) == "Open now · closes 2 a.m."  # Friday night
    assert label(late, seoul(2026, 6, 20, 1, 30)) == "Open now · closes 2 a.m."  # Saturday, from Friday
    assert label(late, seoul(2026, 6, 20, 2, 0)) == "Closed now · opens 10 p.m."
    assert label(late, seoul(2026, 6, 21, 1, 59)) == "Open now · closes 2 a.m."  # Sunday, from Saturday
    assert label(late, seoul(2026, 6, 22, 1, 0)) == "Closed now · opens Friday 10 p.m."  # Sunday night: none


def test_open_until_midnight_closes_at_midnight():
    assert label("Mo-Fr 18:00-24:00", seoul(2026, 6, 15, 23, 0)) == "Open now · closes midnight"
    assert label("Mo-Fr 18:00-24:00", seoul(2026, 6, 15, 23, 0), "vi") .endswith("24:00")


def test_a_holiday_on_a_weekday_is_closed_and_the_next_opening_skips_it():
    # 추석 2026: Thursday 24 to Saturday 26 September; the office opens again on Monday.
    assert label(OFFICE, seoul(2026, 9, 23, 17, 0)) == "Open now · closes 6 p.m."
    assert label(OFFICE, seoul(2026, 9, 24, 10, 0)) == "Closed now · opens Monday 9 a.m."
    assert state_at(parse(OFFICE), seoul(2026, 9, 24, 10, 0)).opens_at == seoul(2026, 9, 28, 9, 0)
    # The same rules the other way round: the weekday rule comes later and keeps it open.
    assert label("PH off; Mo-Fr 09:00-18:00", seoul(2026, 9, 24, 10, 0)) == "Open now · closes 6 p.m."


def test_over_a_weekend_it_opens_on_monday():
    assert label(OFFICE, seoul(2026, 6, 19, 18, 30)) == "Closed now · opens Monday 9 a.m."  # Friday evening
    assert label(OFFICE, seoul(2026, 6, 20, 11, 0)) == "Closed now · opens Monday 9 a.m."  # Saturday


def test_always_open_never_open_and_other_time_zones():
    assert label("24/7", seoul(2026, 2, 17, 3, 0)) == "Open now"
    assert state_at(parse("24/7"), seoul(2026, 2, 17, 3, 0)).closes_at is None
    assert label("off", seoul(2026, 6, 15, 12, 0)) == "Closed now"
    utc_noon_in_seoul = datetime.fromisoformat("2026-06-15T03:00:00+00:00")  # 12:00 in Seoul, a Monday
    assert state_at(parse(OFFICE), utc_noon_in_seoul).is_open


def test_open_now_in_the_readers_language():
    korean = label(OFFICE, seoul(2026, 6, 19, 18, 30), "ko")
    assert "월요일" in korean and "오전 9:00" in korean


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_refuses_bad_syntax_with_the_reason(admin_client, admin_user, make_place, regions):
    from wagtail.users.models import UserProfile

    from services.wagtail_hooks import PlaceViewSet
    from tests.services.test_map_chooser import form_data

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    place = make_place("보건소", opening_hours=OFFICE, region=regions["KR-41110"])
    url = f"/admin/snippets/services/place/edit/{place.pk}/"
    response = admin_client.post(url, form_data(PlaceViewSet, place, opening_hours="Mo-Fr 9-18"))
    assert response.status_code == 200
    assert "Hours must be like 09:00-18:00, not “9-18”." in response.content.decode()
    place.refresh_from_db()
    assert place.opening_hours == OFFICE
    response = admin_client.post(url, form_data(PlaceViewSet, place, opening_hours="Mo-Sa 10:00-16:00; PH off"))
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Sa 10:00-16:00; PH off"


# --- the old free text (migration 0007) ---------------------------------------------------------

MIGRATION = importlib.import_module("services.migrations.0007_opening_hours_syntax")


@pytest.mark.parametrize("text, converted", [
    ("평일 09:00-18:00", OFFICE),
    ("평일 9:00~18:00, 토요일 09:00-13:00, 공휴일 휴무", "Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off"),
    ("평일 09:00-12:00, 13:00-18:00", "Mo-Fr 09:00-12:00,13:00-18:00; PH off"),
    ("토 10:00-14:00; 일요일 휴무", "Sa 10:00-14:00; Su off"),
    ("주말 휴무", "Sa-Su off"),
    ("24시간", "24/7"),
    ("연중무휴 24시간", "24/7"),
    ("평일 09:00-18:00 (상담은 예약)", None),
    ("평일 08:30-17:30, 응급실 24시간", None),
    ("상담 시간은 센터에 미리 확인하세요", None),
])
def test_the_usual_korean_texts_are_converted_and_the_rest_left(text, converted):
    assert MIGRATION.convert(text) == converted


@pytest.mark.django_db
def test_the_migration_converts_the_stored_places(make_place):
    from django.apps import apps

    usual = make_place("사무소", opening_hours="평일 09:00-18:00")
    unusual = make_place("센터", opening_hours="상담 시간은 센터에 미리 확인하세요")
    already = make_place("경찰서", opening_hours="24/7")
    MIGRATION.convert_places(apps, None)
    for place in (usual, unusual, already):
        place.refresh_from_db()
    assert (usual.opening_hours, unusual.opening_hours, already.opening_hours) == (
        OFFICE, "상담 시간은 센터에 미리 확인하세요", "24/7")

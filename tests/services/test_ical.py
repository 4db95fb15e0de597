"""iCal in and out: the supported subset read exactly, everything else refused per event with its line."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from services.ical import CalendarError, calendar_bytes, parse_calendar

SEOUL = ZoneInfo("Asia/Seoul")


def calendar(*events):
    """A calendar text of VEVENT bodies (lines between BEGIN:VEVENT and END:VEVENT)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for body in events:
        lines += ["BEGIN:VEVENT", *body.strip().splitlines(), "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def one(body):
    parsed = parse_calendar(calendar(body))
    assert parsed.errors == [], parsed.errors
    assert len(parsed.events) == 1
    return parsed.events[0]


def error_of(body):
    parsed = parse_calendar(calendar(body))
    assert parsed.events == []
    ((uid, line, reason),) = parsed.errors
    assert line == 4
    return reason


def test_a_weekly_class_with_a_zone_until_and_every_field():
    event = one("""
UID:class@suwon
SUMMARY:한국어 교실
DESCRIPTION:초급반\\, 무료
DTSTART;TZID=Asia/Seoul:20261201T190000
DTEND;TZID=Asia/Seoul:20261201T210000
RRULE:FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;UNTIL=20261231T145959Z
LOCATION:수원시 팔달구 매산로 1
GEO:37.28;127.047
URL:https://example.kr/register
""")
    assert (event.uid, event.title, event.description, event.address, event.url) == (
        "class@suwon", "한국어 교실", "초급반, 무료", "수원시 팔달구 매산로 1", "https://example.kr/register")
    assert (event.start, event.end, event.time_zone) == (
        datetime(2026, 12, 1, 19, tzinfo=SEOUL), datetime(2026, 12, 1, 21, tzinfo=SEOUL), "Asia/Seoul")
    assert event.recurrence == {"recurrence_kind": "weekly", "recurrence_weekdays": "TU,TH", "recurrence_interval": 2,
                                "recurrence_until": date(2026, 12, 31)}
    assert (event.latitude, event.longitude) == (37.28, 127.047)


@pytest.mark.parametrize("rule, expected", [
    ("FREQ=MONTHLY;BYDAY=2TU", {"recurrence_nth": 2, "recurrence_weekday": 1}),
    ("FREQ=MONTHLY;BYDAY=+2TU", {"recurrence_nth": 2, "recurrence_weekday": 1}),
    ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", {"recurrence_nth": 2, "recurrence_weekday": 1}),
    ("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", {"recurrence_nth": 2, "recurrence_weekday": 1,
                                        "recurrence_until": date(2027, 2, 9)}),
])
def test_monthly_on_the_nth_weekday(rule, expected):
    event = one(f"UID:m\nSUMMARY:법률 상담\nDTSTART;TZID=Asia/Seoul:20261208T140000\nDURATION:PT2H\nRRULE:{rule}")
    assert event.recurrence == {"recurrence_kind": "monthly", **expected}
    assert event.end - event.start == timedelta(hours=2)


def test_monthly_on_the_last_friday():
    event = one("UID:l\nSUMMARY:상담의 날\nDTSTART;TZID=Asia/Seoul:20261225T100000\nDTEND;TZID=Asia/Seoul:20261225T120000\n"
                "RRULE:FREQ=MONTHLY;BYDAY=-1FR")
    assert event.recurrence == {"recurrence_kind": "monthly", "recurrence_nth": -1, "recurrence_weekday": 4}


def test_weekly_count_and_a_missing_byday_mean_the_start_day():
    event = one("UID:w\nSUMMARY:x\nDTSTART;TZID=Asia/Seoul:20261202T100000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=3")
    assert event.recurrence == {"recurrence_kind": "weekly", "recurrence_weekdays": "WE", "recurrence_interval": 1,
                                "recurrence_until": date(2026, 12, 16)}


def test_until_before_the_days_start_time_excludes_that_day():
    # 31 December 10:00 Seoul is before the 19:00 class: the 31st has no occurrence (UNTIL is inclusive).
    event = one("UID:u\nSUMMARY:x\nDTSTART;TZID=Asia/Seoul:20261201T190000\nDURATION:PT2H\n"
                "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261231T010000Z")
    assert event.recurrence["recurrence_until"] == date(2026, 12, 30)


@pytest.mark.parametrize("dtstart, dtend, zone, start", [
    ("DTSTART:20261201T100000Z", "DTEND:20261201T110000Z", "UTC", datetime(2026, 12, 1, 10, tzinfo=timezone.utc)),
    ("DTSTART:20261201T190000", "DTEND:20261201T210000", "Asia/Seoul", datetime(2026, 12, 1, 19, tzinfo=SEOUL)),
    ("DTSTART;TZID=Europe/Berlin:20261201T100000", "DTEND;TZID=Europe/Berlin:20261201T120000", "Europe/Berlin",
     datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))),
    ("DTSTART;TZID=Korea Standard Time:20261201T190000", "DURATION:PT2H", "Asia/Seoul",
     datetime(2026, 12, 1, 19, tzinfo=SEOUL)),
    ("DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261207", "Asia/Seoul", datetime(2026, 12, 5, tzinfo=SEOUL)),
])
def test_utc_floating_named_windows_and_all_day_times(dtstart, dtend, zone, start):
    event = one(f"UID:t\nSUMMARY:x\n{dtstart}\n{dtend}")
    assert (event.time_zone, event.start) == (zone, start)
    assert str(event.start.tzinfo) == zone


def test_an_all_day_event_without_an_end_lasts_the_day():
    event = one("UID:d\nSUMMARY:x\nDTSTART;VALUE=DATE:20261205")
    assert event.end - event.start == timedelta(days=1)


@pytest.mark.parametrize("body, words", [
    ("SUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H", "no UID"),
    ("UID:a\nDTSTART:20261201T190000\nDURATION:PT1H", "no SUMMARY"),
    ("UID:a\nSUMMARY:x\nDURATION:PT1H", "no DTSTART"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000", "no DTEND or DURATION"),
    ("UID:a\nSUMMARY:x\nDTSTART:2026120T190000\nDURATION:PT1H", "unreadable DTSTART"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nGEO:north", "unreadable GEO"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDTEND:20261201T180000", "ends before it starts"),
    ("UID:a\nSUMMARY:x\nDTSTART;TZID=Mars/Olympus:20261201T190000\nDURATION:PT1H", "unknown time zone"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=DAILY", "FREQ=DAILY is not supported"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=YEARLY", "FREQ=YEARLY"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1", "BYMONTHDAY"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=5TU", "1st to 4th"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=1TU;INTERVAL=2",
     "every month"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
     "one weekday"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=1TU", "plain weekdays"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=WE", "not on one of"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=2TU", "weekday of the month"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2;UNTIL=20261231",
     "both COUNT and UNTIL"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;WKST=SU",
     "WKST"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE:20261208T190000",
     "EXDATE"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nRDATE:20261203T190000", "RDATE"),
    ("UID:a\nSUMMARY:x\nRECURRENCE-ID:20261208T190000\nDTSTART:20261208T200000\nDURATION:PT1H", "RECURRENCE-ID"),
    ("UID:a\nSUMMARY:x\nDTSTART:20261201T190000\nDURATION:PT1H\nSTATUS:CANCELLED", "cancelled"),
])
def test_what_cannot_be_kept_exactly_is_an_error_for_that_event(body, words):
    assert words in error_of(body)


def test_errors_name_the_event_and_its_line_and_good_events_are_kept():
    text = calendar(
        "UID:good\nSUMMARY:좋은 행사\nDTSTART:20261201T190000\nDURATION:PT1H",
        "UID:daily\nSUMMARY:매일\nDTSTART:20261201T190000\nDURATION:PT1H\nRRULE:FREQ=DAILY",
        "UID:good\nSUMMARY:again\nDTSTART:20261201T190000\nDURATION:PT1H",
    )
    parsed = parse_calendar(text)
    assert [event.uid for event in parsed.events] == ["good"] and parsed.events[0].line == 4
    assert [(uid, line) for uid, line, _reason in parsed.errors] == [("daily", 10), ("good", 17)]
    assert "more than once" in parsed.errors[1][2]


def test_text_that_is_no_calendar_is_refused_whole():
    with pytest.raises(CalendarError):
        parse_calendar("name,date\nfestival,2026-12-05\n")


def test_an_empty_calendar_has_nothing_and_no_errors():
    parsed = parse_calendar(calendar())
    assert (parsed.events, parsed.errors) == ([], [])


@pytest.mark.django_db
def test_the_feed_writes_utc_events_in_utc_and_zones_with_their_vtimezone(make_event):
    utc = make_event("UTC event", time_zone="UTC", day=(2026, 12, 1), hours=(10, 11))
    berlin = make_event("Konsulartag", time_zone="Europe/Berlin", day=(2027, 3, 22), hours=(10, 12),
                        recurrence_kind="weekly", recurrence_weekdays="MO")
    text = calendar_bytes([utc, berlin], "Test", lambda event: f"https://portal.example/ko/events/{event.pk}/",
                          now=datetime(2026, 11, 30, tzinfo=timezone.utc))
    assert b"DTSTART:20261201T100000Z" in text
    assert b"DTSTART;TZID=Europe/Berlin:20270322T100000" in text
    parsed = icalendar.Calendar.from_ical(text)
    assert [str(zone["TZID"]) for zone in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(parsed["X-WR-CALNAME"]) == "Test"

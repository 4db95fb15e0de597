"""Repeating events expand into the right dates: weekdays, n-th and last weekdays, month ends, time zones."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.recurrence import LAST, MAX_OCCURRENCES, Recurrence, nth_weekday, occurrences

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")


def at(zone, *args):
    return datetime(*args, tzinfo=zone)


def starts(found):
    return [(s.date().isoformat(), s.strftime("%H:%M")) for s, _e in found]


def test_a_single_event_is_found_only_in_its_window():
    start, end = at(SEOUL, 2026, 12, 5, 14), at(SEOUL, 2026, 12, 5, 16)
    assert occurrences(start, end, Recurrence(), at(SEOUL, 2026, 12, 1), at(SEOUL, 2027, 1, 1)) == [(start, end)]
    assert occurrences(start, end, Recurrence(), at(SEOUL, 2026, 12, 6), at(SEOUL, 2027, 1, 1)) == []
    # Overlapping the window's start counts: the event is still on.
    assert occurrences(start, end, Recurrence(), at(SEOUL, 2026, 12, 5, 15), at(SEOUL, 2027, 1, 1)) == [(start, end)]


def test_weekly_korean_class_on_tuesdays_and_thursdays_until_an_end_date():
    rule = Recurrence("weekly", weekdays=(1, 3), until=date(2026, 12, 17))
    found = occurrences(at(SEOUL, 2026, 12, 1, 19), at(SEOUL, 2026, 12, 1, 21), rule,
                        at(SEOUL, 2026, 11, 1), at(SEOUL, 2027, 3, 1))
    assert starts(found) == [("2026-12-01", "19:00"), ("2026-12-03", "19:00"), ("2026-12-08", "19:00"),
                             ("2026-12-10", "19:00"), ("2026-12-15", "19:00"), ("2026-12-17", "19:00")]
    assert all((e - s).seconds == 7200 for s, e in found)


def test_every_second_week_and_never_before_the_first_occurrence():
    rule = Recurrence("weekly", weekdays=(0, 6), interval=2)  # Monday and Sunday, fortnightly
    found = occurrences(at(SEOUL, 2026, 12, 2, 10), at(SEOUL, 2026, 12, 2, 11), rule,
                        at(SEOUL, 2026, 11, 1), at(SEOUL, 2027, 1, 1))
    # The week of 30 November: its Monday is before the first occurrence, its Sunday is not.
    assert [d for d, _t in starts(found)] == ["2026-12-06", "2026-12-14", "2026-12-20", "2026-12-28"]


@pytest.mark.parametrize(
    "year, month, nth, weekday, expected",
    [
        (2026, 12, 1, 0, date(2026, 12, 7)),  # first Monday
        (2026, 12, 4, 3, date(2026, 12, 24)),  # fourth Thursday
        (2027, 2, LAST, 6, date(2027, 2, 28)),  # last Sunday of a 28-day February
        (2028, 2, LAST, 1, date(2028, 2, 29)),  # last Tuesday, leap day
        (2026, 12, LAST, 3, date(2026, 12, 31)),  # last Thursday on the month's last day
        (2026, 11, LAST, 0, date(2026, 11, 30)),
    ],
)
def test_nth_and_last_weekday(year, month, nth, weekday, expected):
    assert nth_weekday(year, month, nth, weekday) == expected


def test_monthly_last_saturday_across_the_new_year():
    rule = Recurrence("monthly", nth=LAST, weekday=5)
    found = occurrences(at(SEOUL, 2026, 11, 28, 13), at(SEOUL, 2026, 11, 28, 15), rule,
                        at(SEOUL, 2026, 12, 1), at(SEOUL, 2027, 3, 1))
    assert [d for d, _t in starts(found)] == ["2026-12-26", "2027-01-30", "2027-02-27"]


def test_wall_clock_time_is_kept_across_daylight_saving():
    # A consulate's monthly session in Berlin at 18:00, before and after the March change.
    rule = Recurrence("monthly", nth=2, weekday=2)
    found = occurrences(at(BERLIN, 2027, 2, 10, 18), at(BERLIN, 2027, 2, 10, 20), rule,
                        at(BERLIN, 2027, 2, 1), at(BERLIN, 2027, 5, 1))
    assert starts(found) == [("2027-02-10", "18:00"), ("2027-03-10", "18:00"), ("2027-04-14", "18:00")]
    offsets = {s.utcoffset().total_seconds() / 3600 for s, _e in found}
    assert offsets == {1.0, 2.0}


def test_an_event_over_midnight_keeps_its_length():
    found = occurrences(at(SEOUL, 2026, 12, 31, 22), at(SEOUL, 2027, 1, 1, 1), Recurrence("weekly", weekdays=(3,)),
                        at(SEOUL, 2027, 1, 6), at(SEOUL, 2027, 1, 9))
    assert found == [(at(SEOUL, 2027, 1, 7, 22), at(SEOUL, 2027, 1, 8, 1))]


def test_a_huge_window_is_bounded():
    found = occurrences(at(SEOUL, 2000, 1, 1, 9), at(SEOUL, 2000, 1, 1, 10), Recurrence("weekly", weekdays=tuple(range(7))),
                        at(SEOUL, 2000, 1, 1), at(SEOUL, 2100, 1, 1))
    assert len(found) == MAX_OCCURRENCES


@pytest.mark.parametrize(
    "options",
    [dict(kind="yearly"), dict(kind="weekly"), dict(kind="weekly", weekdays=(7,)), dict(kind="weekly", weekdays=(1,), interval=0),
     dict(kind="monthly", nth=5, weekday=1), dict(kind="monthly", nth=1, weekday=9)],
)
def test_impossible_rules_are_refused(options):
    with pytest.raises(ValueError):
        Recurrence(**options)

"""Repeating events, expanded into the occurrences that fall in a window.

Rules are the two the centres use: every week on chosen weekdays (every n
weeks), and every month on the n-th (or last) given weekday; both may end on
a date. Occurrences keep the event's wall-clock time in its own time zone, so
a 19:00 class stays at 19:00 across a daylight-saving change (Korea has none,
but a consulate's event abroad may).
"""
import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

LAST = -1
MAX_OCCURRENCES = 1000  # per event and window: bounds the work of a silly window


@dataclass(frozen=True)
class Recurrence:
    kind: str = "none"  # "none" | "weekly" | "monthly"
    weekdays: tuple = field(default_factory=tuple)  # weekly: 0 = Monday … 6 = Sunday
    interval: int = 1  # weekly: every n weeks
    nth: int = 1  # monthly: 1–4, or LAST
    weekday: int = 0  # monthly: the weekday
    until: date | None = None  # last day an occurrence may start, inclusive

    def __post_init__(self):
        if self.kind not in ("none", "weekly", "monthly"):
            raise ValueError(f"unknown recurrence {self.kind!r}")
        if self.kind == "weekly" and (not self.weekdays or any(d not in range(7) for d in self.weekdays)):
            raise ValueError("a weekly event needs weekdays from 0 (Monday) to 6 (Sunday)")
        if self.interval < 1:
            raise ValueError("the interval is at least 1")
        if self.kind == "monthly" and (self.nth not in (1, 2, 3, 4, LAST) or self.weekday not in range(7)):
            raise ValueError("a monthly event is on the 1st–4th or last weekday of the month")


def nth_weekday(year, month, nth, weekday):
    """The date of the n-th (or last) weekday of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == LAST:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _start_dates(first_day, rule, last_day):
    """Dates on which the event starts, from first_day (the first occurrence) to last_day."""
    if rule.kind == "none":
        yield first_day
        return
    if rule.kind == "weekly":
        week_start = first_day - timedelta(days=first_day.weekday())
        while week_start <= last_day:
            for weekday in sorted(set(rule.weekdays)):
                day = week_start + timedelta(days=weekday)
                if first_day <= day <= last_day:
                    yield day
            week_start += timedelta(weeks=rule.interval)
        return
    year, month = first_day.year, first_day.month
    while date(year, month, 1) <= last_day:
        day = nth_weekday(year, month, rule.nth, rule.weekday)
        if first_day <= day <= last_day:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def occurrences(start, end, rule, window_start, window_end):
    """[(start, end)] of the occurrences overlapping [window_start, window_end), in order.

    start and end are the first occurrence's aware datetimes; every later one
    has the same wall-clock times and duration in start's time zone.
    """
    zone = start.tzinfo
    duration_days = end.date() - start.date()
    last_day = window_end.astimezone(zone).date()
    if rule.until:
        last_day = min(last_day, rule.until)
    found = []
    for day in _start_dates(start.date(), rule, last_day):
        begins = datetime.combine(day, start.timetz().replace(tzinfo=None), zone)
        ends = datetime.combine(day + duration_days, end.timetz().replace(tzinfo=None), zone)
        if ends > window_start and begins < window_end:
            found.append((begins, ends))
            if len(found) >= MAX_OCCURRENCES:
                break
    return found

"""Opening hours in a subset of OpenStreetMap's `opening_hours` syntax: read, described, open now or not.

The subset (anything else is refused with a reason naming the part):

    Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off
    Mo,We,Fr 09:00-12:00,13:00-18:00
    Fr-Mo 22:00-02:00          (a range may wrap; a span past midnight ends the next day)
    Sa,PH 10:00-24:00
    24/7
    09:00-18:00                (no days: every day)

Rules are separated by ";". A rule is an optional day selector (Mo Tu We Th Fr Sa Su, ranges,
lists, PH for Korean public holidays) and then times or "off" / "closed". As in OSM, a later
rule replaces the earlier ones on the days it selects: in "Mo-Fr 09:00-18:00; PH off" a holiday
on a Wednesday is closed, while in "PH off; Mo-Fr 09:00-18:00" it is open. The hours that
run past midnight belong to the day they start on. Times are wall-clock times in Korea.

Reasons are marked with gettext_noop: OpeningHoursError keeps the message and its values,
translated where they are shown (the admin's form, the import report).
"""
import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, pgettext
from django.utils.translation import gettext_noop as N_

from services import holidays

ZONE = ZoneInfo("Asia/Seoul")
DAY = 24 * 60  # minutes
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAY = "PH"
OFF = ("off", "closed")
ALWAYS = "24/7"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LOOKAHEAD_DAYS = 7  # "opens …" looks this far ahead
SPAN = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")
# Parts of the full syntax this subset leaves out, named as such rather than as unknown days.
UNSUPPORTED_WORDS = ("week", "SH", "easter", "sunrise", "sunset", "dawn", "dusk", "open", "unknown")
# The same msgids as services.models.WEEKDAY_CHOICES (not imported: the model imports this module).
WEEKDAY_NAMES = (gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"),
                 gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday"), gettext_lazy("Sunday"))

UNKNOWN_DAY = N_("Unknown day “%(day)s”: use Mo, Tu, We, Th, Fr, Sa, Su or PH.")
BAD_RANGE = N_("A range of days joins two weekdays, like Mo-Fr: “%(days)s” does not.")
BAD_HOURS = N_("Hours must be like 09:00-18:00, not “%(hours)s”.")
SAME_START_AND_END = N_("“%(hours)s” starts and ends at the same time.")
HOURS_MISSING = N_("Give the hours after “%(days)s”, for example “%(days)s 09:00-18:00”, or “%(days)s off”.")
DAYS_FIRST = N_("Write the days before the hours, for example “Mo-Fr 09:00-18:00”.")
NO_MONTHS = N_("Months are not supported (“%(part)s”): give hours that hold all year.")
NO_COMMENTS = N_("Comments in quotes are not supported: put notes in the description.")
NOT_SUPPORTED = N_("“%(part)s” is not supported: use days (Mo-Fr, Sa, PH), hours (09:00-18:00) and off.")
RULES_WITH_COMMA = N_("Separate rules with “;”: “%(part)s” starts a new rule.")
EMPTY = N_("Write the opening hours, for example: Mo-Fr 09:00-18:00; PH off")


class OpeningHoursError(ValueError):
    """Text that is not opening hours of the supported syntax; message % params says why (in English)."""

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params

    def translated(self):
        """The reason in the active language."""
        text = gettext(self.message)
        return text % self.params if self.params else text


@dataclass(frozen=True)
class Rule:
    """One rule: the days it selects and its spans, ((start, end) in minutes from the day's midnight; () is closed).

    An end past 24:00 (DAY) runs into the next day.
    """

    weekdays: frozenset
    public_holidays: bool  # PH is in the selector
    every_day: bool  # no selector: every date, holidays too
    spans: tuple

    def applies_to(self, date, holiday):
        return self.every_day or date.weekday() in self.weekdays or (self.public_holidays and holiday)


@dataclass(frozen=True)
class OpeningHours:
    text: str
    rules: tuple

    def spans_on(self, date):
        """The spans of that date: those of the last rule that selects it."""
        holiday = holidays.is_public_holiday(date)
        for rule in reversed(self.rules):
            if rule.applies_to(date, holiday):
                return rule.spans
        return ()

    def weekday_spans(self, weekday):
        """The spans of that weekday when it is not a holiday."""
        for rule in reversed(self.rules):
            if rule.every_day or weekday in rule.weekdays:
                return rule.spans
        return ()

    def holiday_rule(self):
        """The rule holidays follow when a rule names PH and no later rule covers every day, else None."""
        for rule in reversed(self.rules):
            if rule.every_day:
                return None
            if rule.public_holidays:
                return rule
        return None


# Reading


def parse(text):
    """OpeningHours of the text, or OpeningHoursError with the reason naming the bad part."""
    text = (text or "").strip()
    if '"' in text:
        raise OpeningHoursError(NO_COMMENTS)
    if "||" in text:
        raise OpeningHoursError(NOT_SUPPORTED, part="||")
    rules = tuple(_parse_rule(part) for part in text.split(";") if part.strip())
    if not rules:
        raise OpeningHoursError(EMPTY)
    return OpeningHours(text=text, rules=rules)


def parse_or_none(text):
    """OpeningHours, or None for empty text or text that does not parse (legacy free text)."""
    try:
        return parse(text) if (text or "").strip() else None
    except OpeningHoursError:
        return None


def validate_opening_hours(value):
    """The model field's validator: the reason, in the editor's language, as the form's error."""
    try:
        parse(value)
    except OpeningHoursError as error:
        # Lazy: the message is translated where the form shows it, in the editor's language.
        raise ValidationError(gettext_lazy(error.message), code="opening_hours", params=error.params or None)


def _parse_rule(rule):
    # "Mo - Fr", "Sa, PH" and "09:00 - 18:00" are read as "Mo-Fr", "Sa,PH" and "09:00-18:00".
    tokens = re.sub(r"\s*([,-])\s*", r"\1", rule.strip()).split()
    if tokens == [ALWAYS]:
        return Rule(frozenset(range(7)), False, True, ((0, DAY),))
    if not tokens[0][0].isalpha() or tokens[0] in OFF:
        spans = _parse_times(tokens[0])
        if len(tokens) > 1:
            if tokens[1][0].isalpha():
                raise OpeningHoursError(DAYS_FIRST)
            raise OpeningHoursError(NOT_SUPPORTED, part=tokens[1])
        return Rule(frozenset(range(7)), False, True, spans)
    weekdays, public_holidays = _parse_days(tokens[0])
    if len(tokens) == 1:
        raise OpeningHoursError(HOURS_MISSING, days=tokens[0])
    spans = _parse_times(tokens[1])
    if len(tokens) > 2:
        raise OpeningHoursError(NOT_SUPPORTED, part=tokens[2])
    return Rule(frozenset(weekdays), public_holidays, False, spans)


def _parse_days(selector):
    weekdays, public_holidays = set(), False
    for item in selector.split(","):
        if not item:  # "Mo,,Fr", "Sa,"
            raise OpeningHoursError(UNKNOWN_DAY, day=selector)
        if item == HOLIDAY:
            public_holidays = True
        elif "-" in item:
            weekdays.update(_day_range(item))
        else:
            weekdays.add(_weekday(item))
    return weekdays, public_holidays


def _day_range(item):
    ends = item.split("-")
    if len(ends) != 2 or HOLIDAY in ends or "" in ends:
        raise OpeningHoursError(BAD_RANGE, days=item)
    first, last = (_weekday(end) for end in ends)
    return {(first + step) % 7 for step in range((last - first) % 7 + 1)}


def _weekday(name):
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    if name[:3] in MONTHS:
        raise OpeningHoursError(NO_MONTHS, part=name)
    if not name.isalpha() or name in UNSUPPORTED_WORDS:  # [n] selectors, week numbers, school holidays…
        raise OpeningHoursError(NOT_SUPPORTED, part=name)
    raise OpeningHoursError(UNKNOWN_DAY, day=name)


def _parse_times(token):
    if token in OFF:
        return ()
    spans = []
    for part in token.split(","):
        match = SPAN.fullmatch(part)
        if not match:
            if part in WEEKDAYS or part == HOLIDAY or part.split("-")[0] in WEEKDAYS:
                raise OpeningHoursError(RULES_WITH_COMMA, part=part)
            if any(character.isalpha() or character in "+[" for character in part):
                raise OpeningHoursError(NOT_SUPPORTED, part=part)
            raise OpeningHoursError(BAD_HOURS, hours=part)
        start_hour, start_minute, end_hour, end_minute = (int(number) for number in match.groups())
        if start_hour > 23 or end_hour > 24 or start_minute > 59 or end_minute > 59 or (end_hour == 24 and end_minute):
            raise OpeningHoursError(BAD_HOURS, hours=part)
        start, end = start_hour * 60 + start_minute, end_hour * 60 + end_minute
        if start == end:
            raise OpeningHoursError(SAME_START_AND_END, hours=part)
        spans.append((start, end if end > start else end + DAY))  # an earlier end is the next morning
    return _merged(spans)


def _merged(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


# Describing, in the active language


@dataclass(frozen=True)
class Line:
    """One line of the description: "Monday–Friday" and "9:00–18:00"; today is True on the line of now's day."""

    days: str
    hours: str
    today: bool = False

    def __str__(self):
        return gettext("%(days)s: %(hours)s") % {"days": self.days, "hours": self.hours}


def weekday_name(weekday):
    return str(WEEKDAY_NAMES[weekday])


def format_minutes(minutes):
    """A time of day in the language's TIME_FORMAT; 24:00 as such where the day has 24 hours, else "midnight"."""
    minutes %= 2 * DAY
    if minutes == DAY:
        time_format = formats.get_format("TIME_FORMAT")
        if "H" in time_format or "G" in time_format:
            return formats.time_format(datetime.time(0, 0), re.sub("[HG]", "24", time_format))
        return gettext("midnight")
    return formats.time_format(datetime.time(minutes % DAY // 60, minutes % 60))


def format_spans(spans):
    if not spans:
        return pgettext("opening hours", "closed")
    if spans == ((0, DAY),):
        return gettext("open 24 hours")
    separator = pgettext("between time ranges", ", ")
    return separator.join(
        gettext("%(start)s–%(end)s") % {"start": format_minutes(start), "end": format_minutes(end)}
        for start, end in spans)


def describe(hours, now=None):
    """[Line] for the reader: consecutive weekdays with the same hours grouped, then public holidays
    if a rule names them (the last such rule: write PH rules last).

    now (optional): the line of its day (in Korea) gets today=True; on a holiday, the holidays' line if there is one.
    """
    today, holiday_today = None, False
    if now is not None:
        today = now.astimezone(ZONE).date()
        holiday_today = holidays.is_public_holiday(today) and hours.holiday_rule() is not None
    lines, weekday = [], 0
    while weekday < 7:
        spans = hours.weekday_spans(weekday)
        last = weekday
        while last < 6 and hours.weekday_spans(last + 1) == spans:
            last += 1
        days = weekday_name(weekday) if last == weekday else gettext("%(first)s–%(last)s") % {
            "first": weekday_name(weekday), "last": weekday_name(last)}
        is_today = today is not None and not holiday_today and weekday <= today.weekday() <= last
        lines.append(Line(days, format_spans(spans), is_today))
        weekday = last + 1
    holiday_rule = hours.holiday_rule()
    if holiday_rule is not None:
        lines.append(Line(gettext("Public holidays"), format_spans(holiday_rule.spans), holiday_today))
    return lines


# Open now?


@dataclass(frozen=True)
class OpeningState:
    """Open or closed at moment; closes_at / opens_at: the next change within LOOKAHEAD_DAYS, else None."""

    moment: datetime.datetime
    is_open: bool
    closes_at: datetime.datetime = None
    opens_at: datetime.datetime = None

    @property
    def label(self):
        """"Open now · closes 18:00", "Closed now · opens Monday 09:00"… in the active language."""
        if self.is_open:
            if self.closes_at is None:
                return gettext("Open now")
            if self.closes_at - self.moment <= datetime.timedelta(days=1):
                return gettext("Open now · closes %(time)s") % {"time": _time_of(self.closes_at, closing=True)}
            return gettext("Open now · closes %(day)s %(time)s") % {
                "day": weekday_name(self.closes_at.weekday()), "time": _time_of(self.closes_at, closing=True)}
        if self.opens_at is None:
            return gettext("Closed now")
        if self.opens_at.date() == self.moment.date():
            return gettext("Closed now · opens %(time)s") % {"time": _time_of(self.opens_at)}
        return gettext("Closed now · opens %(day)s %(time)s") % {
            "day": weekday_name(self.opens_at.weekday()), "time": _time_of(self.opens_at)}

    def __str__(self):
        return self.label


def _time_of(moment, closing=False):
    minutes = moment.hour * 60 + moment.minute
    return format_minutes(DAY if closing and minutes == 0 else minutes)  # closing at 00:00 is the day's end


def open_intervals(hours, first_day, last_day):
    """[(start, end)]: aware datetimes in Korea of the open times that start from first_day to last_day,
    joined where they touch."""
    intervals = []
    day = first_day
    while day <= last_day:
        midnight = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=ZONE)
        for start, end in hours.spans_on(day):
            begins, ends = midnight + datetime.timedelta(minutes=start), midnight + datetime.timedelta(minutes=end)
            if intervals and begins <= intervals[-1][1]:
                intervals[-1] = (intervals[-1][0], max(intervals[-1][1], ends))
            else:
                intervals.append((begins, ends))
        day += datetime.timedelta(days=1)
    return intervals


def state_at(hours, moment):
    """OpeningState at moment (an aware datetime), holidays taken into account."""
    moment = moment.astimezone(ZONE)
    today = moment.date()
    last_day = today + datetime.timedelta(days=LOOKAHEAD_DAYS)
    # The day before: its hours may run past midnight into today.
    intervals = open_intervals(hours, today - datetime.timedelta(days=1), last_day)
    horizon = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=ZONE)
    for begins, ends in intervals:
        if begins <= moment < ends:
            return OpeningState(moment, True, closes_at=ends if ends < horizon else None)
        if begins > moment:
            return OpeningState(moment, False, opens_at=begins)
    return OpeningState(moment, False)

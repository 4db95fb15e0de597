"""iCalendar (RFC 5545) in and out, for the subset of repetitions the portal can keep exactly.

In: parse_calendar(text) reads each VEVENT into EventData, or an EventError
naming its UID, the line its BEGIN:VEVENT is on and the reason. A repetition
the portal cannot represent (daily, yearly, exceptions, changed occurrences...)
is an error for that event: never imported approximately.

Out: calendar_bytes(events, ...) writes VEVENTs with a UID, DTSTART/DTEND with
TZID and the matching VTIMEZONE (UTC written as such), the RRULE of the
event's services.recurrence rule, SUMMARY, DESCRIPTION, LOCATION, GEO and URL.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import icalendar
from django.utils.translation import gettext_noop as N_
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from portal import control_characters
from services.import_reasons import Reason, control_character_reason, reason_of, unexpected_error_reason
from services.models import WEEKDAY_CODES, format_weekdays
from services.recurrence import LAST, MAX_OCCURRENCES, Recurrence, nth_weekday, occurrences

FLOATING_TIME_ZONE = "Asia/Seoul"  # times without a zone are Korean wall-clock times
# Dates outside these years are refused for the event: Python's dates end at years 1 and 9999 (a
# time zone or a duration pushes past them), and no event of the portal is that far away.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
SUPPORTED_RRULE_PARTS = {"FREQ", "BYDAY", "INTERVAL", "UNTIL", "COUNT", "BYSETPOS", "WKST"}
UNSUPPORTED_PROPERTIES = {
    "RDATE": N_("extra dates (RDATE) are not supported"),
    "EXDATE": N_("cancelled occurrences (EXDATE) are not supported"),
    "EXRULE": N_("exception rules (EXRULE) are not supported"),
    "RECURRENCE-ID": N_("a changed single occurrence (RECURRENCE-ID) is not supported"),
}
USED_PROPERTIES = {"UID", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DURATION", "RRULE", "LOCATION", "GEO",
                   "URL", "STATUS"}


class CalendarError(ValueError):
    """The text is not an iCalendar at all: nothing can be read from it. Its argument is a Reason."""


class EventError(ValueError):
    """One VEVENT that cannot be imported, and why (a services.import_reasons.Reason)."""

    def __init__(self, message, **params):
        super().__init__(message if isinstance(message, Reason) else Reason(message, **params))


@dataclass
class EventWords:
    """What a translation reads of a VEVENT: its UID, title and description."""

    uid: str
    line: int  # where its BEGIN:VEVENT is
    title: str
    description: str


@dataclass
class EventData(EventWords):
    """One VEVENT as the fields of services.models.Event (location may be incomplete: the importer geocodes)."""

    start: datetime  # aware, in time_zone
    end: datetime
    time_zone: str
    recurrence: dict  # recurrence_* fields of Event
    address: str
    latitude: float | None
    longitude: float | None
    url: str

    def event_fields(self):
        return dict(title=self.title, description=self.description, start=self.start, end=self.end,
                    time_zone=self.time_zone, address=self.address, latitude=self.latitude,
                    longitude=self.longitude, registration_url=self.url, **self.recurrence)


@dataclass
class ParsedCalendar:
    events: list  # [EventData]
    errors: list  # [(uid or "", line, reason)]


def parse_calendar(text, words_only=False):
    """Every VEVENT of the text: EventData for the good ones, (uid, line, reason) for the others.

    words_only: read only UID, SUMMARY and DESCRIPTION (EventWords), as a translation does.
    CalendarError when the text is no calendar, or is cut off (a component never ended).
    """
    _check_complete(text)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as error:
        raise CalendarError(Reason(N_("not an iCalendar file: %(error)s"), error=str(error))) from None
    lines = [number for number, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]
    components = [component for calendar in calendars for component in calendar.walk("VEVENT")]
    parsed = ParsedCalendar([], [])
    seen = set()
    read = _words if words_only else _event
    for index, component in enumerate(components):
        line = lines[index] if index < len(lines) else 0
        uid = str(component.get("UID", "")).strip()
        try:
            if not uid:
                raise EventError(N_("no UID: an event needs one to be updated, not duplicated, on the next import"))
            _check_text("UID", uid)
            if uid in seen:
                raise EventError(N_("the UID appears more than once in the file"))
            seen.add(uid)
            parsed.events.append(read(component, uid, line))
        except EventError as error:
            parsed.errors.append((control_characters.visible(uid), line, reason_of(error)))
        except Exception as error:  # noqa: BLE001 (a value no rule foresaw: this event only, the others go on)
            parsed.errors.append((control_characters.visible(uid), line, unexpected_error_reason(error)))
    return parsed


def _check_complete(text):
    """CalendarError when a component (VCALENDAR, VEVENT…) is begun and never ended: the file was cut off."""
    open_components = []
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line[:1] in (" ", "\t"):
            continue  # the folded continuation of the line before (RFC 5545 3.1)
        name, _, value = line.partition(":")
        name, value = name.upper(), value.strip().upper()
        if name == "BEGIN":
            open_components.append((value, number))
        elif name == "END" and open_components and open_components[-1][0] == value:
            open_components.pop()
    if open_components:
        component, begun = open_components[-1]
        raise CalendarError(Reason(
            N_("the file is cut off at line %(end)s: the %(component)s begun at line %(begun)s has no "
               "END:%(component)s (an interrupted download or export?)"),
            end=len(lines), component=component, begun=begun))


def _check_text(name, value, allowed=""):
    found = control_characters.find(value, allowed)
    if found is not None:
        raise EventError(control_character_reason(name, found))


def _text(component, name, allowed=""):
    value = str(component.get(name, "")).strip()
    _check_text(name, value, allowed)
    return value


def _check_broken(component, names):
    broken = [f"{name}: {reason}" for name, reason in component.errors if name in names]
    if broken:
        raise EventError(N_("unreadable %(problems)s"), problems="; ".join(broken))


def _words(component, uid, line):
    _check_broken(component, {"SUMMARY", "DESCRIPTION"})
    title = _text(component, "SUMMARY")
    if not title:
        raise EventError(N_("no SUMMARY (title)"))
    return EventWords(uid=uid, line=line, title=title,
                      description=_text(component, "DESCRIPTION", control_characters.LINE_BREAKS_AND_TABS))


def _event(component, uid, line):
    _check_broken(component, USED_PROPERTIES)
    for name, message in UNSUPPORTED_PROPERTIES.items():
        if name in component:
            raise EventError(message)
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        raise EventError(N_("the event is cancelled (STATUS:CANCELLED)"))
    words = _words(component, uid, line)
    start, end, zone_name = _times(component)
    geo = component.get("GEO")
    return EventData(
        uid=uid, line=line, title=words.title, description=words.description,
        start=start, end=end, time_zone=zone_name, recurrence=_recurrence(component, start, end),
        address=_text(component, "LOCATION"),
        latitude=geo.latitude if geo else None, longitude=geo.longitude if geo else None,
        url=_text(component, "URL"),
    )


def _check_year(name, value):
    """EventError for a date or date-time (of the property name) outside EARLIEST_YEAR..LATEST_YEAR."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        day = value.date() if isinstance(value, datetime) else value
        raise EventError(N_("%(name)s %(day)s is outside the years %(earliest)s–%(latest)s the portal keeps"),
                         name=name, day=day.isoformat(), earliest=EARLIEST_YEAR, latest=LATEST_YEAR)


def _zone_of(prop):
    """(aware datetime, IANA zone name) of a DTSTART/DTEND date-time value."""
    value = prop.dt
    tzid = prop.params.get("TZID")
    if isinstance(value.tzinfo, ZoneInfo):
        return value, value.tzinfo.key
    if value.tzinfo is not None and value.utcoffset() == timedelta(0) and not tzid:
        return value.astimezone(timezone.utc), "UTC"
    if tzid:  # a zone defined in the file (VTIMEZONE), or not at all: use its IANA name when it has one
        name = tzid if tzid in available_timezones() else WINDOWS_TO_OLSON.get(tzid)
        if name is None:
            raise EventError(N_("unknown time zone %(zone)s: use an IANA name such as Asia/Seoul"), zone=repr(tzid))
        return value.replace(tzinfo=ZoneInfo(name)), name
    return value.replace(tzinfo=ZoneInfo(FLOATING_TIME_ZONE)), FLOATING_TIME_ZONE


def _times(component):
    """(start, end, zone name): all-day events run from midnight to midnight, Korean time."""
    dtstart = component.get("DTSTART")
    if dtstart is None:
        raise EventError(N_("no DTSTART"))
    value = dtstart.dt
    _check_year("DTSTART", value)
    if component.get("DTEND") is not None:
        _check_year("DTEND", component.get("DTEND").dt)
    if not isinstance(value, datetime):  # a DATE: an all-day event
        zone = ZoneInfo(FLOATING_TIME_ZONE)
        start = datetime.combine(value, time(), zone)
        dtend = component.get("DTEND")
        if dtend is not None and not isinstance(dtend.dt, datetime):
            end = datetime.combine(dtend.dt, time(), zone)
        else:
            duration = component.get("DURATION").dt if component.get("DURATION") else timedelta(days=1)
            end = _plus_duration(start, duration)
        zone_name = FLOATING_TIME_ZONE
    else:
        start, zone_name = _zone_of(dtstart)
        if component.get("DTEND") is not None:
            if not isinstance(component.get("DTEND").dt, datetime):
                raise EventError(N_("DTEND is a date but DTSTART a date and time"))
            end = _zone_of(component.get("DTEND"))[0]
        elif component.get("DURATION") is not None:
            end = _plus_duration(start, component.get("DURATION").dt)
        else:
            raise EventError(N_("no DTEND or DURATION: the end of the event is unknown"))
    _check_year("DTEND" if component.get("DTEND") is not None else "DURATION", end)
    zone = ZoneInfo(zone_name)
    start, end = start.astimezone(zone), end.astimezone(zone)
    if end <= start:
        raise EventError(N_("the event ends before it starts"))
    return start, end, zone_name


def _plus_duration(start, duration):
    try:
        return start + duration
    except OverflowError:
        raise EventError(N_("DURATION %(duration)s ends after the year %(latest)s"),
                         duration=duration, latest=LATEST_YEAR) from None


def _weekday(code):
    if code not in WEEKDAY_CODES:
        raise EventError(N_("unknown weekday %(code)s in RRULE"), code=repr(code))
    return WEEKDAY_CODES.index(code)


def _monthly_day(rule):
    """(nth, weekday) from BYDAY=2TU, BYDAY=-1FR or BYDAY=TU;BYSETPOS=2."""
    days, positions = rule.get("BYDAY", []), rule.get("BYSETPOS", [])
    if len(days) != 1 or len(positions) > 1:
        raise EventError(N_("a monthly RRULE must name one weekday of the month, such as BYDAY=2TU or BYDAY=-1FR"))
    day = str(days[0]).upper()
    code, prefix = day[-2:], day[:-2]
    if prefix and positions:
        raise EventError(N_("give the week either in BYDAY (2TU) or in BYSETPOS, not both"))
    try:
        nth = int(prefix or (positions[0] if positions else ""))
    except ValueError:
        raise EventError(N_("a monthly RRULE must say which week: BYDAY=2TU, BYDAY=-1FR or BYSETPOS")) from None
    if nth not in (1, 2, 3, 4, LAST):
        raise EventError(N_("only the 1st to 4th or the last weekday of a month is supported, not %(day)s"), day=day)
    return nth, _weekday(code)


def _until_date(value, start):
    """UNTIL as the last day an occurrence may start, in the event's zone (UNTIL is inclusive)."""
    _check_year("UNTIL", value)
    if not isinstance(value, datetime):
        return value
    local = value.astimezone(start.tzinfo) if value.tzinfo else value
    return local.date() if local.time() >= start.time() else local.date() - timedelta(days=1)


def _recurrence(component, start, end):
    """The recurrence_* fields of Event for the RRULE, or EventError for one the portal cannot keep."""
    rules = component.get("RRULE")
    if rules is None:
        return {"recurrence_kind": "none"}
    if isinstance(rules, list):
        raise EventError(N_("more than one RRULE is not supported"))
    unsupported = sorted(set(rules) - SUPPORTED_RRULE_PARTS)
    if unsupported:
        raise EventError(N_("RRULE part %(parts)s is not supported"), parts=", ".join(unsupported))
    if not rules.get("FREQ"):
        raise EventError(N_("the RRULE has no FREQ"))
    frequency = str(rules["FREQ"][0]).upper()
    interval = int(rules.get("INTERVAL", [1])[0])
    if "COUNT" in rules and "UNTIL" in rules:
        raise EventError(N_("an RRULE cannot have both COUNT and UNTIL"))
    if frequency == "WEEKLY":
        if rules.get("BYSETPOS") or any(not str(day).isalpha() for day in rules.get("BYDAY", [])):
            raise EventError(N_("a weekly RRULE takes plain weekdays (BYDAY=TU,TH), without positions"))
        weekdays = tuple(sorted({_weekday(str(day).upper()) for day in rules.get("BYDAY", [])})) or (start.weekday(),)
        if not 1 <= interval <= 52:
            raise EventError(N_("INTERVAL of a weekly RRULE must be from 1 to 52"))
        if interval > 1 and len(weekdays) > 1 and str(rules.get("WKST", ["MO"])[0]).upper() != "MO":
            raise EventError(N_("weeks starting on another day than Monday (WKST) are not supported"))
        rule = Recurrence("weekly", weekdays=weekdays, interval=interval)
        if start.weekday() not in weekdays:
            raise EventError(N_("DTSTART is not on one of the RRULE's weekdays"))
        fields = {"recurrence_kind": "weekly", "recurrence_weekdays": format_weekdays(weekdays),
                  "recurrence_interval": interval}
    elif frequency == "MONTHLY":
        if interval != 1:
            raise EventError(N_("a monthly RRULE must repeat every month (INTERVAL=1)"))
        nth, weekday = _monthly_day(rules)
        rule = Recurrence("monthly", nth=nth, weekday=weekday)
        if nth_weekday(start.year, start.month, nth, weekday) != start.date():
            raise EventError(N_("DTSTART is not on the RRULE's weekday of the month"))
        fields = {"recurrence_kind": "monthly", "recurrence_nth": nth, "recurrence_weekday": weekday}
    else:
        raise EventError(N_("FREQ=%(frequency)s is not supported: only WEEKLY and MONTHLY repetitions"),
                         frequency=frequency)
    if "UNTIL" in rules:
        fields["recurrence_until"] = _until_date(rules["UNTIL"][0], start)
    elif "COUNT" in rules:
        fields["recurrence_until"] = _until_from_count(int(rules["COUNT"][0]), start, end, rule)
    return fields


def _until_from_count(count, start, end, rule):
    """COUNT=n as the day of the n-th occurrence."""
    if not 1 <= count <= MAX_OCCURRENCES:
        raise EventError(N_("COUNT must be from 1 to %(count)s"), count=MAX_OCCURRENCES)
    span = timedelta(weeks=count * rule.interval + 1) if rule.kind == "weekly" else timedelta(days=31 * count + 31)
    return occurrences(start, end, rule, start, start + span)[count - 1][0].date()


# Out


def _rrule(event):
    """The RRULE of the event's rule (None when it does not repeat); UNTIL in UTC as RFC 5545 asks."""
    rule = event.recurrence_rule()
    if rule.kind == "none":
        return None
    if rule.kind == "weekly":
        value = {"FREQ": "WEEKLY", "BYDAY": format_weekdays(rule.weekdays).split(",")}
        if rule.interval > 1:
            value["INTERVAL"] = rule.interval
    else:
        value = {"FREQ": "MONTHLY", "BYDAY": [f"{rule.nth}{WEEKDAY_CODES[rule.weekday]}"]}
    if rule.until:
        last_moment = datetime.combine(rule.until, time(23, 59, 59), event.zone)
        value["UNTIL"] = last_moment.astimezone(timezone.utc)
    return value


def event_component(event, url, stamp):
    """The VEVENT of an event (in the language version given)."""
    component = icalendar.Event()
    component.add("uid", event.uid or f"{event.translation_key}@events")
    component.add("dtstamp", stamp)
    zone = event.zone
    component.add("dtstart", event.start.astimezone(zone))
    component.add("dtend", event.end.astimezone(zone))
    rule = _rrule(event)
    if rule:
        component.add("rrule", rule)
    component.add("summary", event.title)
    if event.description:
        component.add("description", event.description)
    if event.address:
        component.add("location", event.address)
    component.add("geo", (event.latitude, event.longitude))
    if url:
        component.add("url", url)
    return component


def calendar_bytes(events, name, url_for, now=None):
    """An iCalendar of the events (each in the language it should be shown in), as UTF-8 bytes.

    url_for(event) gives the absolute URL of the event's page. Each zone used
    gets its VTIMEZONE, covering the events' whole span, so calendar apps that
    do not know IANA names still show the right times.
    """
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Immigrant information portal//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    first, last = stamp.date(), stamp.date()
    for event in events:
        calendar.add_component(event_component(event, url_for(event), stamp))
        first = min(first, event.start.date() - timedelta(days=1))
        last = max(last, event.recurrence_until or event.end.date(), event.end.date() + timedelta(days=366))
        if event.is_recurring and not event.recurrence_until:  # endless: the zone's rules for some years ahead
            last = max(last, stamp.date() + timedelta(days=3 * 366))
    calendar.add_missing_timezones(first_date=first, last_date=last + timedelta(days=1))
    return calendar.to_ical()

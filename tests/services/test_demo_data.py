"""The demo data that `make run` loads: services/data/demo-places.csv and demo-events.ics.

The places must import cleanly (load_demo runs import_places on them), cover
the categories and the province, and lie inside their regions; the events must
be valid iCalendar that the portal's own parser accepts, at places of the CSV.
"""
import csv
import json
from datetime import date, datetime

import icalendar
import pytest

from services import categories
from services.ical import parse_calendar
from services.importer import import_file
from services.models import Place
from services.regions import DATA_FILE as REGIONS_FILE

PLACES_FILE = REGIONS_FILE.with_name("demo-places.csv")
EVENTS_FILE = REGIONS_FILE.with_name("demo-events.ics")
# Categories the demo leaves empty on purpose, with the reason (see services/data/DEMO-DATA.md).
OMITTED_CATEGORIES = {"pharmacy": "no pharmacy near a support centre was known well enough to name"}


def read_rows():
    with open(PLACES_FILE, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_regions():
    with open(REGIONS_FILE, encoding="utf-8") as file:
        return {region["code"]: region for region in json.load(file)["regions"]}


ROWS = read_rows()
KOREAN = {row["external_id"]: row for row in ROWS if row["locale"] == "ko"}


def test_enough_places_across_the_categories_and_the_province():
    assert len(KOREAN) >= 80
    present = {row["category"] for row in KOREAN.values()}
    assert present == set(categories.CODES) - set(OMITTED_CATEGORIES)
    regions = read_regions()
    cities = {row["region"] for row in KOREAN.values() if regions[row["region"]]["parent"] == "KR-41"}
    assert len(cities) >= 15


def test_every_place_lies_inside_its_region():
    regions = read_regions()
    outside = []
    for row in KOREAN.values():
        south, west, north, east = regions[row["region"]]["bbox"]
        if not (south <= float(row["latitude"]) <= north and west <= float(row["longitude"]) <= east):
            outside.append(row["external_id"])
    assert outside == []


def test_every_translation_has_a_korean_row_and_the_key_places_are_translated():
    orphans = [(row["external_id"], row["locale"]) for row in ROWS
               if row["locale"] != "ko" and row["external_id"] not in KOREAN]
    assert orphans == []
    assert all(row["name"] and row["description"] for row in ROWS)
    by_locale = {}
    for row in ROWS:
        by_locale.setdefault(row["locale"], set()).add(row["external_id"])
    assert by_locale["en"] == set(KOREAN)
    assert len(by_locale["vi"] & by_locale["zh-hans"]) >= 40


def test_the_demo_opening_hours_are_all_structured_and_the_open_ones_known():
    from services.opening_hours import parse

    hours = {external_id: row["opening_hours"] for external_id, row in KOREAN.items()}
    assert all(parse(text) for text in hours.values() if text)  # no free text: notes are in the descriptions
    assert hours["suwon-immigration-office"] == "Mo-Fr 09:00-18:00; PH off"
    assert hours["suwon-jungbu-police"] == "24/7"
    assert sum(1 for text in hours.values() if text) >= 70


@pytest.mark.django_db
def test_the_demo_places_import_without_errors_and_a_rerun_changes_nothing(regions):
    report = import_file(PLACES_FILE)
    assert report.errors == []
    assert report.created == len(ROWS)
    assert Place.objects.filter(locale__language_code="ko").count() == len(KOREAN)
    interpreter = Place.objects.get(external_id="ansan-foreign-resident-support", locale__language_code="vi")
    assert interpreter.region.code == "KR-41270" and interpreter.interpretation_available
    again = import_file(PLACES_FILE)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, len(ROWS), [])


def read_calendar():
    with open(EVENTS_FILE, "rb") as file:
        return file.read()


def test_the_demo_events_are_valid_icalendar_at_demo_places():
    data = read_calendar()
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line endings only
    assert max(len(line) for line in data.split(b"\r\n")) <= 75  # folded lines
    calendar = icalendar.Calendar.from_ical(data)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = calendar.walk("VEVENT")
    assert len(events) >= 12
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids) and all(uid.endswith("@demo.portal") for uid in uids)
    for event in events:
        place = KOREAN[str(event["X-PORTAL-PLACE"])]
        assert str(event["LOCATION"]) == place["address"]
        assert (event["GEO"].latitude, event["GEO"].longitude) == (float(place["latitude"]), float(place["longitude"]))
        assert event["DTSTART"].params["TZID"] == "Asia/Seoul" and event["DTEND"].dt > event["DTSTART"].dt


def test_the_demo_always_has_upcoming_events():
    events = icalendar.Calendar.from_ical(read_calendar()).walk("VEVENT")
    one_off = [event["DTSTART"].dt.date() for event in events if "RRULE" not in event]
    assert one_off and all(date(2026, 12, 1) <= day <= date(2027, 3, 31) for day in one_off)
    rules = [event["RRULE"] for event in events if "RRULE" in event]
    assert {rule["FREQ"][0] for rule in rules} == {"WEEKLY", "MONTHLY"}
    assert any("UNTIL" not in rule for rule in rules)  # never runs dry, whenever the demo is loaded
    assert all(rule["UNTIL"][0] >= datetime(2027, 12, 1).astimezone() for rule in rules if "UNTIL" in rule)


def test_the_portal_importer_accepts_every_demo_event():
    parsed = parse_calendar(read_calendar().decode("utf-8"))
    assert parsed.errors == []
    kinds = {event.uid: event.recurrence for event in parsed.events}
    assert kinds["ansan-legal-counselling-day@demo.portal"]["recurrence_nth"] == 2  # 2nd Sunday
    assert kinds["namyangju-health-check-day@demo.portal"]["recurrence_nth"] == -1  # last Saturday

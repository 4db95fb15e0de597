"""`import_places`: a CSV of places (the open-data exports provinces publish) into Place snippets.

Unlike the page import, a bad row does not stop the file: open-data exports
always hold a few broken rows, and the good ones should not wait for them.
Each row is written in its own savepoint and every bad row is reported with
its line number and the reason, a row the CSV reader cannot read too (a value
over its 128 KB limit, a quote never closed): reading goes on at the next
line. Rows are matched by external_id (per locale), so a re-run updates in
place and an unchanged row writes nothing.

Korean rows carry the facts; a row in another locale is a translation of the
Korean row with the same external_id and brings only its name and description.
"""
import csv
import io
import itertools
import logging
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop as N_
from wagtail.models import Locale

from portal import control_characters, languages
from portal.reports import ImportReport
from services import categories, opening_hours
from services.import_reasons import (
    Reason, control_character_reason, reason_of, unexpected_error_reason, validation_problems,
)
from services.models import Place, Region
from services.regions import region_for_point

COLUMNS = (
    "external_id", "locale", "name", "description", "category", "address", "address_romanised", "latitude",
    "longitude", "region", "phone", "website", "opening_hours", "by_appointment", "temporarily_closed",
    "languages", "interpretation", "free", "barrier_free",
)
REQUIRED_COLUMNS = ("external_id", "name", "category", "latitude", "longitude")
TRUE, FALSE = {"1", "true", "yes", "y", "예", "o"}, {"", "0", "false", "no", "n", "아니오", "x"}
BOOLEAN_FIELDS = {"by_appointment": "by_appointment", "temporarily_closed": "temporarily_closed",
                  "interpretation": "interpretation_available", "free": "free_of_charge",
                  "barrier_free": "barrier_free"}
TEXT_FIELDS = {"address": "address", "phone": "phone", "website": "website",
               "opening_hours": "opening_hours", "languages": "languages_spoken"}
# Columns whose values may hold line breaks and tabs (in quotes); in the others a line break means a
# quote was left open and swallowed the next lines.
MULTILINE_COLUMNS = {"description", "opening_hours", "address"}
logger = logging.getLogger(__name__)


class RowError(Exception):
    """A bad row; its one argument is the Reason (services.import_reasons)."""




def _flag(row, column):
    value = (row.get(column) or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(Reason(N_("%(column)s must be yes or no, not %(value)s"), column=column, value=repr(value)))


def _coordinates(row):
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        raise RowError(Reason(N_("bad coordinates %(latitude)s, %(longitude)s: not numbers"),
                              latitude=repr(row.get("latitude")), longitude=repr(row.get("longitude"))))
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RowError(Reason(N_("bad coordinates %(latitude)s, %(longitude)s: out of range"),
                              latitude=latitude, longitude=longitude))
    return latitude, longitude


def _check_opening_hours(text):
    """RowError naming the bad part when the hours are not opening-hours syntax (services.opening_hours)."""
    if text.strip():
        try:
            opening_hours.parse(text)
        except opening_hours.OpeningHoursError as error:
            raise RowError(Reason(N_("bad opening_hours: %(reason)s"), reason=Reason(error.message, **error.params)))


def _source_values(row, regions):
    """The Place fields of a Korean row, or RowError with the reason."""
    category = row["category"]
    if not categories.get(category):
        raise RowError(Reason(N_("unknown category %(category)s"), category=repr(category)))
    latitude, longitude = _coordinates(row)
    region = None
    if row.get("region"):
        region = regions.get(row["region"])
        if region is None:
            raise RowError(Reason(N_("unknown region %(region)s"), region=repr(row["region"])))
    _check_opening_hours(row.get("opening_hours") or "")
    values = dict(name=row["name"], description=row.get("description") or "", category=category,
                  latitude=latitude, longitude=longitude, region=region)
    values.update({attribute: row.get(column) or "" for column, attribute in TEXT_FIELDS.items()})
    if "address_romanised" in row:  # a newer column: a file without it keeps the editor's Latin address
        values["address_romanised"] = row["address_romanised"]
    values.update({attribute: _flag(row, column) for column, attribute in BOOLEAN_FIELDS.items()})
    return values


def _save(place, values, report, saved):
    """Set values on the place; save (after validation) only when something changed.

    saved: None, or a list that gets (place, created) for each place written.
    """
    changed = place.pk is None or any(getattr(place, name) != value for name, value in values.items())
    if not changed:
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(place, name, value)
    try:
        place.full_clean(exclude=["translation_key"], validate_unique=False)
    except ValidationError as error:
        raise RowError(validation_problems(error))
    created = place.pk is None
    place.save()
    if saved is not None:
        saved.append((place, created))
    if created:
        report.created += 1
    else:
        report.updated += 1


def _import_row(row, locales, regions, report, saved):
    row = {key: (value or "").strip() for key, value in row.items() if key}
    for column in ("external_id", "name"):
        if not row.get(column):
            raise RowError(Reason(N_("missing %(column)s"), column=column))
    locale = locales.get(row.get("locale") or languages.SOURCE_LANGUAGE)
    if locale is None:
        raise RowError(Reason(N_("unknown locale %(locale)s"), locale=repr(row.get("locale"))))
    existing = Place.objects.filter(external_id=row["external_id"], locale=locale).first()
    if locale.language_code == languages.SOURCE_LANGUAGE:
        values = _source_values(row, regions)
        if values["region"] is None:
            # No region in the row: keep the place's own (an editor may have chosen it), else suggest one.
            values["region"] = (existing.region if existing is not None and existing.region_id
                                else region_for_point(values["latitude"], values["longitude"], regions.values()))
        _save(existing or Place(locale=locale, external_id=row["external_id"]), values, report, saved)
        return
    source = Place.objects.filter(external_id=row["external_id"],
                                  locale__language_code=languages.SOURCE_LANGUAGE).first()
    if source is None:
        raise RowError(Reason(N_("no Korean row with external_id %(external_id)s to translate"),
                              external_id=repr(row["external_id"])))
    # Place.save() copies the facts from the source; only the words are the row's.
    translation = existing or source.copy_for_translation(locale)
    _save(translation, {"name": row["name"], "description": row.get("description") or ""}, report, saved)


NEVER_CLOSED = Reason(N_("a quote opened on this line is never closed: it took in the lines after it"))


def _csv_problem(error, lines_read=1):
    """What a csv.Error met after reading lines_read lines of a record means, for the editor."""
    text = str(error)
    if "unexpected end of data" in text:
        return Reason(N_("a quote is opened and never closed: the file ends inside it"))
    if lines_read > 1:  # whatever the reader tripped on, it was reading past the record's line
        return NEVER_CLOSED
    if "field larger than field limit" in text:
        return Reason(N_("a value is longer than %(size)s KB"), size=csv.field_size_limit() // 1024)
    if "expected after" in text:
        return Reason(N_('a quoted value is followed by other characters before the next comma '
                         '(write "" for a quote inside quotes)'))
    return Reason(N_("unreadable CSV (%(error)s)"), error=text)


def _swallowed_lines(fields, header):
    """True when a record read over several lines looks like a quote left open, not a multi-line value."""
    if len(fields) != len(header):
        return True
    return any("\n" in value for column, value in zip(header, fields) if column not in MULTILINE_COLUMNS)


def read_records(lines):
    """(header, [(line number, fields or None, problem or None)]) of CSV text lines.

    A record that cannot be read, or that swallowed the next lines through a
    quote left open, is reported at its first line, and reading starts again
    at the line after it: the rows after a broken one are not lost.
    """
    lines = list(lines)
    header_reader = csv.reader(lines, strict=True)
    try:
        header = next(header_reader, [])
    except csv.Error as error:
        return [], [(1, None, _csv_problem(error))]
    records, start = [], header_reader.line_num  # index of the line where reading (re)starts
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), strict=True)
        restart = None
        while restart is None:
            first = start + reader.line_num  # index of the record's first line
            try:
                fields = next(reader)
            except StopIteration:
                return header, records
            except csv.Error as error:
                records.append((first + 1, None, _csv_problem(error, start + reader.line_num - first)))
                restart = first + 1
                continue
            if not fields:
                continue  # a blank line
            if start + reader.line_num - first > 1 and _swallowed_lines(fields, header):
                records.append((first + 1, None, NEVER_CLOSED))
                restart = first + 1
                continue
            records.append((first + 1, fields, None))
        start = restart
    return header, records


def _check_control_characters(row):
    for column, value in row.items():
        allowed = control_characters.LINE_BREAKS_AND_TABS if column in MULTILINE_COLUMNS else ""
        found = control_characters.find(value, allowed)
        if found is not None:
            raise RowError(control_character_reason(column, found))


def _row(header, fields):
    """The record as {column: value}, like csv.DictReader (missing values empty, extra ones dropped)."""
    return {column: value for column, value in itertools.zip_longest(header, fields, fillvalue="") if column}


def import_rows(lines, saved=None):
    """Import CSV text lines (header first); returns an ImportReport. Bad rows are skipped and reported.

    saved: None, or a list that gets (place, created) for each place written (the admin's preview lists them).
    """
    header, records = read_records(lines)
    report = ImportReport()
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.errors.append((1, Reason(N_("missing columns: %(columns)s"), columns=", ".join(missing))))
        return report
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    for line, fields, problem in records:
        if problem:
            report.errors.append((line, problem))
            continue
        try:
            with transaction.atomic():
                row = _row(header, fields)
                _check_control_characters(row)
                _import_row(row, locales, regions, report, saved)
        except RowError as error:
            report.errors.append((line, reason_of(error)))
        except Exception as error:  # noqa: BLE001 (a bug or the database: this row only, the others go on)
            logger.info("import_places: line %s failed", line, exc_info=True)
            report.errors.append((line, unexpected_error_reason(error)))
    return report


def import_file(path):
    """Import a UTF-8 CSV file, with or without a byte order mark."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return import_rows(file)


def import_text(text, saved=None):
    """Import the text of a CSV file (an upload in the admin), its lines split as import_file reads them."""
    return import_rows(io.StringIO(text, newline=""), saved=saved)

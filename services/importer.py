"""`import_places`: a CSV of places (the open-data exports provinces publish) into Place snippets.

Unlike the page import, a bad row does not stop the file: open-data exports
always hold a few broken rows, and the good ones should not wait for them.
Each row is written in its own savepoint and every bad row is reported with
its line number and the reason. Rows are matched by external_id (per locale),
so a re-run updates in place and an unchanged row writes nothing.

Korean rows carry the facts; a row in another locale is a translation of the
Korean row with the same external_id and brings only its name and description.
"""
import csv
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Locale

from portal import languages
from services import categories
from services.models import Place, Region
from services.regions import region_for_point

COLUMNS = (
    "external_id", "locale", "name", "description", "category", "address", "latitude", "longitude",
    "region", "phone", "website", "opening_hours", "by_appointment", "temporarily_closed",
    "languages", "interpretation", "free", "barrier_free",
)
REQUIRED_COLUMNS = ("external_id", "name", "category", "latitude", "longitude")
TRUE, FALSE = {"1", "true", "yes", "y", "예", "o"}, {"", "0", "false", "no", "n", "아니오", "x"}
BOOLEAN_FIELDS = {"by_appointment": "by_appointment", "temporarily_closed": "temporarily_closed",
                  "interpretation": "interpretation_available", "free": "free_of_charge",
                  "barrier_free": "barrier_free"}
TEXT_FIELDS = {"address": "address", "phone": "phone", "website": "website",
               "opening_hours": "opening_hours", "languages": "languages_spoken"}


class RowError(Exception):
    pass


@dataclass
class ImportReport:
    """What an import did (places here, events in services.event_import): counts, and each bad
    row or event as a tuple ending in the reason ((line, reason) or (uid, line, reason))."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.errors)

    rows = events = total  # read naturally where rows or events are counted


def _flag(row, column):
    value = (row.get(column) or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(f"{column} must be yes or no, not {value!r}")


def _coordinates(row):
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        raise RowError(f"bad coordinates {row.get('latitude')!r}, {row.get('longitude')!r}: not numbers")
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RowError(f"bad coordinates {latitude}, {longitude}: out of range")
    return latitude, longitude


def _source_values(row, regions):
    """The Place fields of a Korean row, or RowError with the reason."""
    category = row["category"]
    if not categories.get(category):
        raise RowError(f"unknown category {category!r}")
    latitude, longitude = _coordinates(row)
    region = None
    if row.get("region"):
        region = regions.get(row["region"])
        if region is None:
            raise RowError(f"unknown region {row['region']!r}")
    values = dict(name=row["name"], description=row.get("description") or "", category=category,
                  latitude=latitude, longitude=longitude, region=region)
    values.update({attribute: row.get(column) or "" for column, attribute in TEXT_FIELDS.items()})
    values.update({attribute: _flag(row, column) for column, attribute in BOOLEAN_FIELDS.items()})
    return values


def _save(place, values, report):
    """Set values on the place; save (after validation) only when something changed."""
    changed = place.pk is None or any(getattr(place, name) != value for name, value in values.items())
    if not changed:
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(place, name, value)
    try:
        place.full_clean(exclude=["translation_key"], validate_unique=False)
    except ValidationError as error:
        raise RowError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()))
    created = place.pk is None
    place.save()
    if created:
        report.created += 1
    else:
        report.updated += 1


def _import_row(row, locales, regions, report):
    row = {key: (value or "").strip() for key, value in row.items() if key}
    for column in ("external_id", "name"):
        if not row.get(column):
            raise RowError(f"missing {column}")
    locale = locales.get(row.get("locale") or languages.SOURCE_LANGUAGE)
    if locale is None:
        raise RowError(f"unknown locale {row.get('locale')!r}")
    existing = Place.objects.filter(external_id=row["external_id"], locale=locale).first()
    if locale.language_code == languages.SOURCE_LANGUAGE:
        values = _source_values(row, regions)
        if values["region"] is None:
            # No region in the row: keep the place's own (an editor may have chosen it), else suggest one.
            values["region"] = (existing.region if existing is not None and existing.region_id
                                else region_for_point(values["latitude"], values["longitude"], regions.values()))
        _save(existing or Place(locale=locale, external_id=row["external_id"]), values, report)
        return
    source = Place.objects.filter(external_id=row["external_id"],
                                  locale__language_code=languages.SOURCE_LANGUAGE).first()
    if source is None:
        raise RowError(f"no Korean row with external_id {row['external_id']!r} to translate")
    # Place.save() copies the facts from the source; only the words are the row's.
    translation = existing or source.copy_for_translation(locale)
    _save(translation, {"name": row["name"], "description": row.get("description") or ""}, report)


def import_rows(lines):
    """Import CSV text lines (header first); returns an ImportReport. Bad rows are skipped and reported."""
    reader = csv.DictReader(lines)
    report = ImportReport()
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        report.errors.append((1, f"missing columns: {', '.join(missing)}"))
        return report
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    line = reader.line_num + 1  # where the next record starts (a quoted value may span lines)
    for row in reader:
        try:
            with transaction.atomic():
                _import_row(row, locales, regions, report)
        except RowError as error:
            report.errors.append((line, str(error)))
        line = reader.line_num + 1
    return report


def import_file(path):
    """Import a UTF-8 CSV file, with or without a byte order mark."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return import_rows(file)

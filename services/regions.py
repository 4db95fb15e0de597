"""Load the region reference data (services/data/regions.json) into the database.

Regions are data, not code: correcting a name or adding a province is an edit
of the JSON file and a re-run of `manage.py load_regions`, which updates in
place (by code) and never duplicates.
"""
import json
from pathlib import Path

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


def read_regions(path=DATA_FILE):
    with open(path, encoding="utf-8") as file:
        return json.load(file)["regions"]


@transaction.atomic
def load_regions(path=DATA_FILE):
    """Create or update every region of the file; returns (created, updated, unchanged) counts."""
    from services.models import Region

    entries = read_regions(path)
    by_code = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    # Provinces first, so each city finds its parent.
    for entry in sorted(entries, key=lambda e: e["parent"] is not None):
        latitude, longitude = entry["centroid"]
        south, west, north, east = entry["bbox"]
        parent = by_code.get(entry["parent"]) or (
            Region.objects.get(code=entry["parent"]) if entry["parent"] else None)
        values = dict(kind=entry["kind"], parent=parent, names=entry["names"], latitude=latitude,
                      longitude=longitude, south=south, west=west, north=north, east=east)
        region = Region.objects.filter(code=entry["code"]).first()
        if region is None:
            region = Region(code=entry["code"], **values)
            region.full_clean()
            region.save()
            counts["created"] += 1
        elif any(getattr(region, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(region, field, value)
            region.full_clean()
            region.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        by_code[region.code] = region
    return counts

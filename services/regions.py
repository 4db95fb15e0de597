"""Load the region reference data (services/data/regions.json) into the database.

Regions are data, not code: correcting a name or adding a province is an edit
of the JSON file and a re-run of `manage.py load_regions`, which updates in
place (by code) and never duplicates.

region_for_point suggests the region of a place saved without one.
"""
import json
from pathlib import Path

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


def read_regions(path=DATA_FILE):
    with open(path, encoding="utf-8") as file:
        return json.load(file)["regions"]


@transaction.atomic
def load_regions(path=DATA_FILE, update=True):
    """Create or update every region of the file; returns (created, updated, unchanged) counts.
    update=False only creates the missing ones (setup_portal: editors' changes stay)."""
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
        elif update and any(getattr(region, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(region, field, value)
            region.full_clean()
            region.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        by_code[region.code] = region
    return counts


def _depth(region, by_pk):
    """0 for a province, 1 for its cities and counties (and so on, should districts be added)."""
    depth = 0
    while region.parent_id is not None and region.parent_id in by_pk:
        region, depth = by_pk[region.parent_id], depth + 1
    return depth


def region_for_point(latitude, longitude, regions=None):
    """A suggestion of the region a point lies in: the most specific region (a city or
    county rather than its province) whose bounding box holds the point, the one with the
    nearest centroid when boxes overlap; None when the point is outside every box.

    Only a suggestion: the boxes in regions.json are approximate rectangles drawn
    generously around land and islands, so they overlap near borders (Suwon's box holds
    part of Hwaseong) and a point near a border may get the neighbour. A point in the
    province's box but in no city's (the sea off the coast, a gap between boxes) gets
    the province; the open sea and other provinces get None. Used when an editor or an
    import leaves the region empty; an editor's choice is never replaced. regions: the
    Region objects to choose from (all, by default), so an import asks the database once.
    """
    from services.models import Region
    from services.nearby import distance_km

    regions = list(Region.objects.all() if regions is None else regions)
    by_pk = {region.pk: region for region in regions}
    holding = [region for region in regions
               if region.south <= latitude <= region.north and region.west <= longitude <= region.east]
    if not holding:
        return None
    return min(holding, key=lambda region: (
        -_depth(region, by_pk), distance_km((latitude, longitude), (region.latitude, region.longitude))))


from django.db import migrations

from services import spatial


class Migration(migrations.Migration):
    """The spatial index for the nearby query (services/spatial.py, docs/decisions/0006-nearby-index.md):
    an R*Tree kept by triggers on SQLite, a GiST index on point(longitude, latitude) on PostgreSQL,
    nothing on other databases (they keep the (latitude, longitude) B-tree)."""

    dependencies = [("services", "0001_initial")]

    operations = spatial.operations("services_place")

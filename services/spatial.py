"""A spatial index on a table's (latitude, longitude) columns, and the box query that uses it.

Why: a B-tree on (latitude, longitude) narrows by latitude only. A 5 km box is then
a band right across the province in which every row's longitude is still read and
compared, so the work grows with the province, not with the neighbourhood. An
index over both coordinates reads only the rows near the box (docs/decisions/
0006-nearby-index.md has the measurements).

- SQLite: an R*Tree virtual table `<table>_rtree(id, min_lat, max_lat, min_lon, max_lon)`
  holding each row as a point (a box with min = max), kept in step with the table by
  triggers. The R*Tree stores 32-bit floats rounded outwards, so it finds a superset
  (by less than a metre); the exact comparison on the table's own columns follows.
- PostgreSQL: a GiST index on the expression point(longitude, latitude), queried with
  `point(longitude, latitude) <@ box(...)`, which is exact (edges included).
- Any other database, or an SQLite built without the R*Tree module: the B-tree ranges.

The table needs columns `id`, `latitude` and `longitude` (NULL coordinates are left
out of the index). `operations(table)` gives the migration operations; the same code
serves any such table (places, events).
"""
from django.db import connections, migrations
from django.db.models import BooleanField, F, Field, FloatField, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.db.utils import OperationalError

_index_exists = {}  # (database name, table) -> bool: see index_exists()


def rtree_name(table):
    return f"{table}_rtree"


def gist_name(table):
    return f"{table}_point_gist"


def trigger_names(table):
    return [f"{table}_rtree_{event}" for event in ("insert", "update", "delete")]


# --- creating and dropping the index ----------------------------------------------------


def rtree_module_available(connection):
    """Whether this SQLite has the R*Tree module (it is optional when SQLite is compiled)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.spatial_rtree_probe USING rtree(id, min_x, max_x)")
        except OperationalError:
            return False
        cursor.execute("DROP TABLE temp.spatial_rtree_probe")
    return True


def _sqlite_triggers(table, quote):
    rtree, source = quote(rtree_name(table)), quote(table)
    insert, update, delete = (quote(name) for name in trigger_names(table))
    # Inserted as a SELECT ... WHERE so that a row without coordinates is simply not indexed.
    add_new = (f"INSERT INTO {rtree} (id, min_lat, max_lat, min_lon, max_lon) "
               "SELECT new.id, new.latitude, new.latitude, new.longitude, new.longitude "
               "WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {source} BEGIN {add_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF id, latitude, longitude ON {source} "
        f"BEGIN DELETE FROM {rtree} WHERE id = old.id; {add_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {source} "
        f"BEGIN DELETE FROM {rtree} WHERE id = old.id; END",
    ]


def _sqlite_refill(table, quote):
    rtree = quote(rtree_name(table))
    return [
        f"DELETE FROM {rtree}",
        f"INSERT INTO {rtree} (id, min_lat, max_lat, min_lon, max_lon) "
        f"SELECT id, latitude, latitude, longitude, longitude FROM {quote(table)} "
        "WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
    ]


def install(connection, table):
    """Create the spatial index of the table (and fill it from the rows already there)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {quote(gist_name(table))} ON {quote(table)} "
                           "USING gist (point(longitude, latitude))")
        elif connection.vendor == "sqlite" and rtree_module_available(connection):
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {quote(rtree_name(table))} "
                           "USING rtree(id, min_lat, max_lat, min_lon, max_lon)")
            for statement in _sqlite_triggers(table, quote) + _sqlite_refill(table, quote):
                cursor.execute(statement)
    _index_exists.pop((connection.settings_dict["NAME"], table), None)


def uninstall(connection, table):
    """Drop the spatial index; queries go back to the B-tree ranges."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {quote(gist_name(table))}")
        elif connection.vendor == "sqlite":
            for name in trigger_names(table):
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
            cursor.execute(f"DROP TABLE IF EXISTS {quote(rtree_name(table))}")
    _index_exists.pop((connection.settings_dict["NAME"], table), None)


def repair(connection, table):
    """Put back the SQLite triggers when a migration has rebuilt the table.

    Django's SQLite schema editor alters a table by copying it into a new one and
    dropping the old, and SQLite drops a table's triggers with it: the R*Tree would
    silently stop following the table. Run after every migrate (services.apps);
    when a trigger is missing it recreates them and refills the index. Idempotent.
    """
    if connection.vendor != "sqlite" or not index_exists(connection, table):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        present = {row[0] for row in cursor.fetchall()}
        if present >= set(trigger_names(table)):
            return False
        quote = connection.ops.quote_name
        for statement in _sqlite_triggers(table, quote) + _sqlite_refill(table, quote):
            cursor.execute(statement)
    return True


def repair_after_migrate(sender, using="default", **kwargs):
    """post_migrate: repair() every table that has an R*Tree on that database."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%%!_rtree' ESCAPE '!'")
        tables = [name[:-len("_rtree")] for (name,) in cursor.fetchall()]
    for table in tables:
        repair(connection, table)


def operations(table):
    """The migration operations that add (and, reversed, drop) the table's spatial index."""

    def forward(apps, schema_editor):
        install(schema_editor.connection, table)

    def backward(apps, schema_editor):
        uninstall(schema_editor.connection, table)

    return [migrations.RunPython(forward, backward, elidable=False)]


# --- querying -----------------------------------------------------------------------------


def index_exists(connection, table):
    """Whether the table has its spatial index on this database (asked once per process and
    database; install and uninstall forget the answer)."""
    key = (connection.settings_dict["NAME"], table)
    if key not in _index_exists:
        if connection.vendor == "sqlite":
            sql, name = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", rtree_name(table)
        elif connection.vendor == "postgresql":
            sql = "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s"
            name = gist_name(table)
        else:
            return False
        with connection.cursor() as cursor:
            cursor.execute(sql, [name])
            _index_exists[key] = cursor.fetchone() is not None
    return _index_exists[key]


def index_kind(queryset):
    """"gist", "rtree" or "btree": how filter_box narrows this queryset on its database."""
    connection = connections[queryset.db]
    if not index_exists(connection, queryset.model._meta.db_table):
        return "btree"
    return "gist" if connection.vendor == "postgresql" else "rtree"


def filter_box(queryset, box, kind=None):
    """The rows of the queryset whose (latitude, longitude) lies in the box, edges included.

    box has south, west, north, east in degrees; east < west means the box crosses the
    antimeridian (two boxes). kind forces an index ("btree" to compare, as the benchmark
    does); by default the best one the database has. Every kind gives the same rows.
    """
    kind = kind or index_kind(queryset)
    if kind == "gist":
        return queryset.filter(_pg_point_in_boxes(box))
    if kind == "rtree":
        quote = connections[queryset.db].ops.quote_name
        subquery, params = _rtree_subquery(quote(rtree_name(queryset.model._meta.db_table)), box)
        return queryset.filter(pk__in=RawSQL(subquery, params)).filter(_exact_ranges(box, Unindexed))
    return queryset.filter(_exact_ranges(box, F))


def _longitude_ranges(box):
    """One (west, east) range, or two when the box crosses the antimeridian."""
    if box.west <= box.east:
        return [(box.west, box.east)]
    return [(box.west, 180.0), (-180.0, box.east)]


def _exact_ranges(box, column):
    latitude, longitude = column("latitude"), column("longitude")
    condition = Q(GreaterThanOrEqual(latitude, box.south), LessThanOrEqual(latitude, box.north))
    ranges = Q()
    for west, east in _longitude_ranges(box):
        ranges |= Q(GreaterThanOrEqual(longitude, west), LessThanOrEqual(longitude, east))
    return condition & ranges


class Unindexed(Func):
    """`+column`: the same value, but SQLite's planner will not answer the comparison from
    a B-tree index, so the query stays driven by the R*Tree (see "Disqualifying WHERE
    clause terms using unary +" in SQLite's query optimizer overview)."""

    template = "+%(expressions)s"
    output_field = FloatField()


def _rtree_subquery(rtree, box):
    parts, params = [], []
    for west, east in _longitude_ranges(box):
        # An overlap test, the form the R*Tree answers from its nodes.
        parts.append(f"SELECT id FROM {rtree} "
                     "WHERE max_lat >= %s AND min_lat <= %s AND max_lon >= %s AND min_lon <= %s")
        params += [box.south, box.north, west, east]
    return " UNION ALL ".join(parts), params


def _pg_point(x, y):
    return Func(x, y, function="point", output_field=Field())


def _pg_point_in_boxes(box):
    """point(longitude, latitude) <@ box(...) [OR ... for the second box]: the GiST index's expression."""
    condition = Q()
    for west, east in _longitude_ranges(box):
        corners = Func(_pg_point(Value(west), Value(box.south)), _pg_point(Value(east), Value(box.north)),
                       function="box", output_field=Field())
        condition |= Q(Func(_pg_point(F("longitude"), F("latitude")), corners, template="%(expressions)s",
                            arg_joiner=" <@ ", output_field=BooleanField()))
    return condition

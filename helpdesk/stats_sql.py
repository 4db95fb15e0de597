"""What the statistics need beyond the ORM: named indexes, two hand-assembled queries, planner settings.

Each function takes a queryset (so the filters stay written once, in
helpdesk.statistics.cases) and runs its SQL: on SQLite through the index it
names (INDEXED BY), wrapped in GROUPING SETS (which the ORM cannot express),
or as a UNION ALL of ordered, limited slices (which Django does not build on
SQLite).
"""
from django.db import connection

from helpdesk.models import Case


def quote(name):
    return connection.ops.quote_name(name)


def sql_through(queryset, index):
    """(sql, params) of the queryset, on SQLite reading the cases through `index` (INDEXED BY).

    SQLite keeps no histogram (no STAT4 in the usual builds), so it takes a
    year to be a small part of the cases: it would rather look a language up
    in the inbox's index and sort the year's cases than walk a statistics
    index in order. Naming the index makes the plan the one measured, with or
    without planner statistics (with them, SQLite also skips through the
    leading columns; without, it reads the whole index, still in order).
    PostgreSQL, whose statistics see the range's size, plans by itself.
    """
    sql, params = queryset.query.sql_with_params()
    if connection.vendor == "sqlite":
        table = quote(Case._meta.db_table)
        sql = sql.replace(f"FROM {table}", f"FROM {table} INDEXED BY {quote(index)}")
    return sql, params


def fetch(queryset, index):
    """The rows (tuples, in the queryset's column order) of a values/values_list queryset, read through `index`."""
    sql, params = sql_through(queryset, index)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def grouping_sets(queryset, sets):
    """PostgreSQL: for each tuple of columns in `sets`, its groups as (values..., rows): one pass over the rows.

    GROUP BY GROUPING SETS fills one hash table per set while reading the
    rows once, where one GROUP BY per set would read them once per set.
    """
    columns = list(dict.fromkeys(column for columns_of_set in sets for column in columns_of_set))
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    listed = ", ".join(quote(column) for column in columns)
    grouped = ", ".join("(" + ", ".join(quote(column) for column in columns_of_set) + ")" for columns_of_set in sets)
    # GROUPING() of a row: one bit per column (the first highest), set for each column its set leaves out.
    masks = [sum(1 << (len(columns) - 1 - index) for index, column in enumerate(columns) if column not in columns_of_set)
             for columns_of_set in sets]
    groups = [[] for _set in sets]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {listed}, GROUPING({listed}), COUNT(*) FROM ({sql}) AS selected "
                       f"GROUP BY GROUPING SETS ({grouped})", params)
        for *values, mask, count in cursor.fetchall():
            index = masks.index(mask)
            groups[index].append((*(values[columns.index(column)] for column in sets[index]), count))
    return groups


def values_at_ranks(ordered, field, count, ranks, index):
    """{rank: value} of `ordered` (the `count` rows of a queryset, ranked by `field`, 0 the smallest): one query.

    For each of `ranks`, the value at that rank and at the next one (the two a
    percentile interpolates between). A UNION ALL of one two-row slice per
    rank: each slice walks `index` (which must begin with the field) in order
    and stops at its rank, nothing is sorted; ranks in the upper half are read
    from the other end (descending), the shorter walk. A rank missing from the
    answer was deleted since the rows were counted.
    """
    wanted = sorted(set(ranks))
    parts, params = [], []
    for part, rank in enumerate(wanted):
        last = min(rank + 1, count - 1)
        if rank < count / 2:
            sliced = ordered.order_by(field)[rank:last + 1]
        else:
            sliced = ordered.order_by(f"-{field}")[count - 1 - last:count - rank]
        sql, part_params = sql_through(sliced.values_list(field), index)
        parts.append(f"SELECT {part} AS part, {quote(field)} FROM ({sql}) AS part_{part}")
        params += part_params
    found = {part: [] for part in range(len(wanted))}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for part, value in cursor.fetchall():
            found[part].append(value)
    # A slice's rows come in either order: sorted, they are the values at rank, rank + 1.
    return {rank + offset: value for part, rank in enumerate(wanted)
            for offset, value in enumerate(sorted(found[part]))}


def prepare_session():
    """Inside the dashboard's transaction: no JIT compilation on PostgreSQL.

    With the default jit_above_cost, a year's month counts (a UNION ALL of
    twelve aggregates) cross the threshold and PostgreSQL spends about 300 ms
    compiling them to machine code, to run a query of about 40 ms.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def refresh_planner_statistics():
    """ANALYZE the cases table, so the planner knows how its indexes spread the rows.

    SQLite never collects these statistics by itself, and needs them to skip
    through the leading columns of the category and region indexes to the
    date range (without them it reads those indexes whole: every year, not
    the one asked for) and to plan the inbox. The purge command runs this
    after each (nightly) run; about a second for a million cases.
    PostgreSQL's autovacuum also does it.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {quote(Case._meta.db_table)}")

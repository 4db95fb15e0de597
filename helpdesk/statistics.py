"""Help-desk statistics: the tables the centres report, counted by the database.

Jeonnam's call centre reports its consultations by month, language, region,
topic and who called; managers here also see channels, the referral rate and
how long residents wait for a first answer. Each table is one aggregate query
over the cases created in a date range [start, end) with optional filters, so
a year of a million cases costs the same handful of queries as a week; Python
only touches the grouped rows (a few dozen), never the cases.

Months are Korean months (Asia/Seoul), whatever the server's time zone: a case
created at 00:30 on 1 March in Seoul counts in March although it is still
February in UTC. Month boundaries are computed here with zoneinfo and given to
the database as plain timestamps (per-month ranges, or a CASE over them), never
TruncMonth, which on SQLite converts the time zone in Python row by row.

Every query reads an index, never the table (see Case.Meta.indexes): a year
of 400,000 cases costs some 30 to 60 ms per pass over an index. The months
take one pass, the five categories two on SQLite and one on PostgreSQL
(category_counts), and the median and 90th percentile of the time to a first
answer are the values at two ranks of the answer-time index
(helpdesk.stats_sql.values_at_ranks), read without sorting. The planner
statistics these plans need are refreshed after each nightly purge
(helpdesk.stats_sql.refresh_planner_statistics).
"""
import datetime
import math
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, IntegerField, Q, Value, When
from django.db.models import Case as SqlCase  # the SQL CASE expression; `Case` below is a help-desk case

from helpdesk import stats_sql
from helpdesk.models import STATS_ANSWER_INDEX, STATS_CATEGORY_INDEX, STATS_RANGE_INDEX, STATS_REGION_INDEX, Case
from services.models import Region

TIME_ZONE = ZoneInfo("Asia/Seoul")
PERCENTILES = (0.5, 0.9)  # median and p90 of the time to a first answer
# The categories of the dashboard's tables (and of its filters), as columns.
CATEGORY_COLUMNS = ("language", "region_id", "topic", "channel", "resident_type")
COMBINED_COLUMNS = ("language", "topic", "channel", "resident_type")  # counted together (category_counts)


@dataclass(frozen=True)
class Filters:
    """Which cases to count: created on a day in [start, end) (Korean dates), plus optional equalities.

    `region_ids` holds a region and every region under it (a province and its
    cities and counties, see Region.with_descendants); empty means everywhere.
    """

    start: datetime.date
    end: datetime.date
    language: str = ""
    region_ids: tuple = ()
    topic: str = ""
    channel: str = ""
    resident_type: str = ""


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date  # the first day of the month
    cases: int
    referred: int
    answered: int


@dataclass(frozen=True)
class CountRow:
    key: object  # a language code, topic key, channel, resident type, or Region
    cases: int


@dataclass(frozen=True)
class ProvinceRow:
    """A province with its cities and counties, most cases first.

    `province` is None for cases whose region was not given. A place equal to
    the province itself counts the cases that named the province but no city.
    """

    province: object
    cases: int
    places: tuple  # of CountRow(Region, cases)


@dataclass(frozen=True)
class AnswerTimes:
    answered: int
    median: object  # datetime.timedelta, or None when nothing was answered
    p90: object


@dataclass(frozen=True)
class Report:
    filters: Filters
    months: tuple
    languages: tuple
    regions: tuple
    topics: tuple
    channels: tuple
    resident_types: tuple
    answer_times: AnswerTimes

    @property
    def total(self):
        return sum(row.cases for row in self.months)

    @property
    def referred(self):
        return sum(row.referred for row in self.months)

    @property
    def referral_rate(self):
        """Referred cases / cases, or None for no cases."""
        return self.referred / self.total if self.total else None


def local_midnight(day):
    """The aware datetime at which `day` begins in Korea."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=TIME_ZONE)


def first_of_month(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_starts(start, end):
    """The first days of the months that [start, end) touches, in order."""
    months, month = [], first_of_month(start)
    while month < end:
        months.append(month)
        month = next_month(month)
    return months


def cases(filters):
    """The cases the filters select, unordered (grouping must not drag the default ordering in)."""
    selected = Case.objects.filter(
        created_at__gte=local_midnight(filters.start), created_at__lt=local_midnight(filters.end),
    ).order_by()
    equalities = {name: getattr(filters, name) for name in ("language", "topic", "channel", "resident_type")}
    selected = selected.filter(**{name: value for name, value in equalities.items() if value})
    if filters.region_ids:
        selected = selected.filter(region_id__in=filters.region_ids)
    return selected


def month_bucket(months):
    """SQL giving each case the index of its Korean month in `months` (cases are already within the range)."""
    whens = [When(created_at__lt=local_midnight(next_month(month)), then=Value(index))
             for index, month in enumerate(months[:-1])]
    last = Value(len(months) - 1)
    return SqlCase(*whens, default=last, output_field=IntegerField()) if whens else last


def by_month(filters):
    """Every month of the range, with its cases, referred cases and cases answered (zeros included).

    One query: a UNION ALL of one aggregate per month, each reading its own
    slice of the range index (which holds referred and answer_seconds). (Grouping
    by a month expression instead makes SQLite sort every case of the range.)
    """
    if filters.start >= filters.end:
        return ()
    months = month_starts(filters.start, filters.end)
    parts = [
        cases(replace(filters, start=max(filters.start, month), end=min(filters.end, next_month(month))))
        .annotate(bucket=Value(index, output_field=IntegerField())).values_list("bucket")
        .annotate(n=Count("*"), referred_n=Count("referred", filter=Q(referred=True)),
                  answered_n=Count("answer_seconds"))
        for index, month in enumerate(months)
    ]
    rows = {bucket: counts for bucket, *counts in stats_sql.fetch(parts[0].union(*parts[1:], all=True),
                                                                    STATS_RANGE_INDEX)}
    return tuple(MonthRow(month, *rows[index]) for index, month in enumerate(months))


def grouped_counts(filters, field):
    """{value of field: cases}: one GROUP BY query."""
    return dict(cases(filters).values_list(field).annotate(n=Count("*")))


def category_counts(filters):
    """{column: {value: cases}} for each of CATEGORY_COLUMNS.

    Two groupings: the cases of each (language, topic, channel, resident type)
    (at most a couple of thousand combinations, summed here per column), and
    those of each region. PostgreSQL makes both in one pass over the range
    index (GROUPING SETS, two hash tables); SQLite, which groups only by
    sorting or in index order, runs two GROUP BYs, each walking an index of
    its own in order. Five GROUP BYs would read the range five times.
    """
    selected = cases(filters)
    if connection.vendor == "postgresql":
        combinations, regions = stats_sql.grouping_sets(selected, (COMBINED_COLUMNS, ("region_id",)))
    else:
        combinations = stats_sql.fetch(selected.values_list(*COMBINED_COLUMNS).annotate(n=Count("*")),
                                       STATS_CATEGORY_INDEX)
        regions = stats_sql.fetch(selected.values_list("region_id").annotate(n=Count("*")), STATS_REGION_INDEX)
    counts = {column: {} for column in CATEGORY_COLUMNS}
    for *values, count in combinations:
        for column, value in zip(COMBINED_COLUMNS, values):
            counts[column][value] = counts[column].get(value, 0) + count
    counts["region_id"] = dict(regions)
    return counts


def ranked(counts, vocabulary=()):
    """CountRows, most cases first; every key of `vocabulary` is listed even at zero, in its order on ties."""
    order = {key: position for position, key in enumerate(vocabulary)}
    keys = list(vocabulary) + sorted((key for key in counts if key not in order), key=str)
    position = {key: index for index, key in enumerate(keys)}
    return tuple(sorted((CountRow(key, counts.get(key, 0)) for key in keys),
                        key=lambda row: (-row.cases, position[row.key])))


def by_language(filters, vocabulary=()):
    return ranked(grouped_counts(filters, "language"), vocabulary)


def by_topic(filters, vocabulary=()):
    return ranked(grouped_counts(filters, "topic"), vocabulary)


def by_channel(filters, vocabulary=()):
    return ranked(grouped_counts(filters, "channel"), vocabulary)


def by_resident_type(filters, vocabulary=()):
    return ranked(grouped_counts(filters, "resident_type"), vocabulary)


def regions_by_id():
    """Every region (a small reference table), for rolling cities up into provinces: one query."""
    return {region.pk: region for region in Region.objects.only("id", "code", "kind", "parent_id", "names")}


def top_region(region, regions):
    while region.parent_id and region.parent_id in regions:
        region = regions[region.parent_id]
    return region


def region_and_descendant_ids(chosen, regions):
    """Ids of `chosen` and of every region under it, from the regions_by_id() map (no query)."""
    def under_chosen(region):
        while region is not None:
            if region.pk == chosen.pk:
                return True
            region = regions.get(region.parent_id)
        return False

    return tuple(sorted(region.pk for region in regions.values() if under_chosen(region)))


def by_region(filters, regions=None, counts=None):
    """Cases per city or county, rolled up into their provinces; provinces and places most cases first.

    Cases without a region come last as a row whose province is None.
    `counts` ({region id: cases}, when the caller has counted them) saves the query.
    """
    counts = grouped_counts(filters, "region_id") if counts is None else counts
    regions = regions_by_id() if regions is None else regions
    provinces = {}
    for region_id, count in counts.items():
        if region_id is None or region_id not in regions:
            continue
        region = regions[region_id]
        provinces.setdefault(top_region(region, regions), []).append(CountRow(region, count))
    rows = [
        ProvinceRow(province, sum(place.cases for place in places),
                    tuple(sorted(places, key=lambda place: (-place.cases, place.key.code))))
        for province, places in provinces.items()
    ]
    rows.sort(key=lambda row: (-row.cases, row.province.code))
    unknown = sum(count for region_id, count in counts.items() if region_id is None or region_id not in regions)
    if unknown:
        rows.append(ProvinceRow(None, unknown, ()))
    return tuple(rows)


def interpolate(lower, upper, weight):
    return lower + (upper - lower) * weight


def percentile_positions(count, fraction):
    """(index below, index above, weight) of percentile_cont's linear interpolation over `count` sorted values."""
    position = (count - 1) * fraction
    below = math.floor(position)
    return below, min(below + 1, count - 1), position - below


def answered_in_answer_order(filters):
    """The selected cases that have a first answer, for reading the answer times at given ranks.

    Read through the answer-time index in order, up to the rank, from the
    nearer end, testing the date range and filters on the index entries: that
    reads every answered case of any date on the way, for a year among a
    million cases about 30 ms to the median and 5 ms to the 90th percentile
    (from the top), where sorting the year's 350,000 answer times takes
    300 ms. (PostgreSQL weighs the same index against a sort by itself.)
    """
    return cases(filters).filter(answer_seconds__isnull=False)


def as_duration(seconds):
    return None if seconds is None else datetime.timedelta(milliseconds=round(seconds * 1000))


def answer_times(filters, answered=None):
    """Median and p90 of (first answer − creation) over the selected cases that have a first answer.

    Exact, with percentile_cont's linear interpolation (Python's
    quantiles(method="inclusive")), on both databases: the values at the two
    ranks around each percentile, in one query (no sort, see
    answered_in_answer_order). `answered` (the number of answered cases, when
    the caller already counted them) saves the count.
    """
    for _attempt in range(2):
        if answered is None:
            answered = cases(filters).filter(answer_seconds__isnull=False).count()
        if not answered:
            return AnswerTimes(0, None, None)
        values = _percentile_values(filters, answered)
        if values is not None:
            return AnswerTimes(answered, *(as_duration(value) for value in values))
        answered = None  # answered cases were deleted since they were counted: count again
    return AnswerTimes(0, None, None)


def _percentile_values(filters, answered):
    """Each percentile's value, interpolated between the values at the ranks around it; None if a rank is gone."""
    positions = [percentile_positions(answered, fraction) for fraction in PERCENTILES]
    found = stats_sql.values_at_ranks(answered_in_answer_order(filters), "answer_seconds", answered,
                                      [below for below, _above, _weight in positions], STATS_ANSWER_INDEX)
    if any(below not in found or above not in found for below, above, _weight in positions):
        return None
    return [interpolate(found[below], found[above], weight) for below, above, weight in positions]


def report(filters, *, languages=(), topics=(), channels=(), resident_types=(), regions=None):
    """Every table of the managers' dashboard; the vocabularies list categories even when at zero.

    `regions` (regions_by_id(), when the caller has it already) saves a query.
    The queries share one transaction (on SQLite one snapshot, so the answered
    count and the ranks read from it agree); no savepoint inside another: they only read.
    """
    with transaction.atomic(savepoint=False):
        stats_sql.prepare_session()
        months = by_month(filters)
        counts = category_counts(filters)
        times = answer_times(filters, answered=sum(row.answered for row in months))
    return Report(
        filters=filters,
        months=months,
        languages=ranked(counts["language"], languages),
        regions=by_region(filters, regions, counts["region_id"]),
        topics=ranked(counts["topic"], topics),
        channels=ranked(counts["channel"], channels),
        resident_types=ranked(counts["resident_type"], resident_types),
        answer_times=times,
    )


def monthly_counts(filters, field):
    """{(month, value of field): cases} for the public tables: one query grouped by month and field."""
    months = month_starts(filters.start, filters.end)
    if filters.start >= filters.end:
        return {}
    rows = cases(filters).annotate(bucket=month_bucket(months)).values_list("bucket", field).annotate(n=Count("*"))
    return {(months[bucket], value): count for bucket, value, count in rows}

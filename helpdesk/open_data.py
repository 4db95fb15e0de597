"""The public open-data tables: cases per month by language, region and topic, small counts withheld.

Only complete Korean months are published (a month still running would show
its counts growing case by case). The tables hold codes, not labels, so one
cached copy serves every language; the page puts the labels on. Suppression
rules: helpdesk.suppression.
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from helpdesk import statistics, suppression
from helpdesk.models import Case
from portal import languages, topics
from services.models import Region

CACHE_SECONDS = 60 * 60  # the data change once a month (and when a case is corrected)
MAX_MONTHS = 24
DIMENSIONS = ("language", "region", "topic")
NO_REGION = ""  # the row key of cases that gave no region


@dataclass(frozen=True)
class Cell:
    value: int
    withheld: str = ""  # "", suppression.PRIMARY or suppression.SECONDARY

    def text(self, threshold):
        """What the public sees: the count, "<5" for a small count, "x" for a cell withheld to protect one."""
        if self.withheld == suppression.PRIMARY:
            return f"<{threshold}"
        if self.withheld == suppression.SECONDARY:
            return "x"
        return str(self.value)


@dataclass(frozen=True)
class Row:
    key: str  # language code, region code (NO_REGION for none given) or topic key
    cells: tuple


@dataclass(frozen=True)
class Table:
    dimension: str
    months: tuple
    rows: tuple
    totals: tuple  # one Cell per month: the month's cases


def threshold():
    return settings.HELPDESK_SUPPRESS_BELOW


def current_month(now=None):
    return statistics.first_of_month(timezone.localtime(now or timezone.now(), statistics.TIME_ZONE).date())


def published_months(now=None):
    """(first, last) month that can be shown: from the first case to the last complete month; None if none."""
    def compute():
        first = Case.objects.aggregate(first=Min("created_at"))["first"]
        return first and statistics.first_of_month(timezone.localtime(first, statistics.TIME_ZONE).date())

    last = current_month(now) - datetime.timedelta(days=1)
    first = cache.get_or_set("helpdesk:open-data:first-month", compute, CACHE_SECONDS)
    if first is None or first > last:
        return None
    return first, statistics.first_of_month(last)


def month_range(first, last):
    """The months from first to last, both included."""
    return tuple(statistics.month_starts(first, statistics.next_month(last)))


def _row_keys(dimension, counts):
    present = {key for _month, key in counts}
    if dimension == "language":
        return list(languages.CODES) + sorted(present - set(languages.CODES))
    if dimension == "topic":
        return list(topics.KEYS) + sorted(present - set(topics.KEYS))
    # Regions: the ones with cases, provinces before their cities (codes sort so), "not given" last.
    return sorted(key for key in present if key != NO_REGION) + ([NO_REGION] if NO_REGION in present else [])


def _region_codes(counts):
    """{(month, region id): cases} -> {(month, region code): cases}; no region (or a deleted one) -> NO_REGION."""
    codes = dict(Region.objects.filter(pk__in={key for _m, key in counts if key}).values_list("pk", "code"))
    by_code = {}
    for (month, key), count in counts.items():
        code = codes.get(key, NO_REGION)
        by_code[(month, code)] = by_code.get((month, code), 0) + count
    return by_code


def build_table(dimension, months, counts, limit):
    """A Table from {(month, key): cases}, withholding small counts month by month."""
    keys = _row_keys(dimension, counts)
    columns = []
    for month in months:
        values = [counts.get((month, key), 0) for key in keys]
        flags, total_flag = suppression.protect_column(values, limit)
        columns.append(([Cell(value, flag) for value, flag in zip(values, flags)], Cell(sum(values), total_flag)))
    rows = tuple(Row(key, tuple(column[0][index] for column in columns)) for index, key in enumerate(keys))
    return Table(dimension, months, rows, tuple(column[1] for column in columns))


def _compute_tables(first, last, limit):
    months = month_range(first, last)
    filters = statistics.Filters(months[0], statistics.next_month(months[-1]))
    tables = {}
    for dimension in DIMENSIONS:
        field = "region_id" if dimension == "region" else dimension
        counts = statistics.monthly_counts(filters, field)
        if dimension == "region":
            counts = _region_codes(counts)
        tables[dimension] = build_table(dimension, months, counts, limit)
    return tables


def tables(first, last):
    """{dimension: Table} for the months first..last (complete months), cached for an hour."""
    limit = threshold()
    key = f"helpdesk:open-data:{limit}:{first.isoformat()}:{last.isoformat()}"
    return cache.get_or_set(key, lambda: _compute_tables(first, last, limit), CACHE_SECONDS)

"""/<lang>/help/statistics/: the public open-data page and its CSV files; no login, nothing personal."""
import datetime

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from helpdesk import csv_export, open_data, stats_labels
from services.models import Region

DEFAULT_MONTHS = 12


def _month_value(month):
    return month.strftime("%Y-%m")


def _parse_month(text, months):
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        return None
    return month if month in months else None


def parse_range(params, published):
    """(first month, last month, error) from ?from=YYYY-MM&to=YYYY-MM; defaults to the last 12 published months."""
    months = open_data.month_range(*published)
    first, last = months[max(0, len(months) - DEFAULT_MONTHS)], months[-1]
    if not params.get("from") and not params.get("to"):
        return first, last, None
    wanted_first = _parse_month(params.get("from") or _month_value(first), months)
    wanted_last = _parse_month(params.get("to") or _month_value(last), months)
    limits = {"first": formats.date_format(months[0], "YEAR_MONTH_FORMAT"),
              "last": formats.date_format(months[-1], "YEAR_MONTH_FORMAT")}
    if wanted_first is None or wanted_last is None:
        return first, last, _("Choose months from %(first)s to %(last)s.") % limits
    if wanted_first > wanted_last:
        return first, last, _("The first month must not come after the last month.")
    if len(open_data.month_range(wanted_first, wanted_last)) > open_data.MAX_MONTHS:
        return first, last, ngettext("Choose at most %(count)d month at a time.", "Choose at most %(count)d months at a time.",
                                   open_data.MAX_MONTHS) % {"count": open_data.MAX_MONTHS}
    return wanted_first, wanted_last, None


class Labeller:
    """Row labels of the public tables in the reader's language (regions read once per page)."""

    def __init__(self, tables):
        codes = {row.key for row in tables["region"].rows if row.key} if "region" in tables else set()
        self.regions = {region.code: region for region in Region.objects.filter(code__in=codes).select_related("parent")}
        self.language_code = get_language()

    def label(self, dimension, key):
        if dimension == "language":
            return stats_labels.language_name(key)
        if dimension == "topic":
            return stats_labels.topic_name(key)
        region = self.regions.get(key)
        if region is None:
            return stats_labels.no_region_name()
        if region.parent_id is None:
            return stats_labels.province_only_name(region, self.language_code)
        return stats_labels.region_name(region, self.language_code)

    def language(self, dimension, key):
        """The lang of a row label in another language than the page's: a language's own name,
        or a city's name borrowed from a fallback language ("" otherwise)."""
        if dimension == "language":
            return key
        region = self.regions.get(key) if dimension == "region" else None
        if region is None or region.parent_id is None:  # a province's row mixes the page's words with its name
            return ""
        language = region.name_with_language(self.language_code)[1]
        return language if language and language != self.language_code else ""


TITLES = {  # (table title, heading of its first column)
    "language": lambda: (_("Cases by language"), _("Language")),
    "region": lambda: (_("Cases by region"), _("Region")),
    "topic": lambda: (_("Cases by topic"), _("Topic")),
}


def _table_context(tables, labeller, threshold):
    return [
        {
            "dimension": dimension,
            "title": TITLES[dimension]()[0],
            "row_heading": TITLES[dimension]()[1],
            "months": [_month_value(month) for month in table.months],
            "rows": [
                {"key": row.key, "label": labeller.label(dimension, row.key),
                 "lang": labeller.language(dimension, row.key),
                 "cells": [cell.text(threshold) for cell in row.cells]}
                for row in table.rows
            ],
            "totals": [cell.text(threshold) for cell in table.totals],
        }
        for dimension, table in tables.items()
    ]


@require_GET
def statistics_page(request):
    """Cases per month by language, region and topic, for the chosen months; small counts withheld."""
    published = open_data.published_months()
    context = {"published": published, "error": None, "tables": []}
    status = 200
    if published:
        first, last, error = parse_range(request.GET, published)
        if error:
            status = 400
        tables = open_data.tables(first, last)
        context.update(
            error=error,
            tables=_table_context(tables, Labeller(tables), open_data.threshold()),
            month_choices=[(_month_value(month), formats.date_format(month, "YEAR_MONTH_FORMAT"))
                           for month in open_data.month_range(*published)],
            # What the reader chose stays selected, even when it was refused.
            chosen_from=request.GET.get("from") or _month_value(first),
            chosen_to=request.GET.get("to") or _month_value(last),
            query=f"from={_month_value(first)}&to={_month_value(last)}",
            threshold=open_data.threshold(),
        )
    response = render(request, "helpdesk/open_data.html", context, status=status)
    response.portal_cacheable = True  # the same for every reader; portal.page_cache keeps it
    return response


@require_GET
def statistics_csv(request, dimension):
    """The page's table for one dimension as CSV, withheld cells as on the page."""
    if dimension not in open_data.DIMENSIONS:
        raise Http404
    published = open_data.published_months()
    if not published:
        raise Http404
    first, last, error = parse_range(request.GET, published)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    tables = open_data.tables(first, last)
    table, labeller, threshold = tables[dimension], Labeller(tables), open_data.threshold()
    header = [dimension, _("Name"), *(_month_value(month) for month in table.months)]
    rows = [[row.key, labeller.label(dimension, row.key), *(cell.text(threshold) for cell in row.cells)]
            for row in table.rows]
    rows.append(["total", _("All cases"), *(cell.text(threshold) for cell in table.totals)])
    filename = f"helpdesk-cases-by-{dimension}-{_month_value(first)}-{_month_value(last)}.csv"
    return csv_export.csv_response(filename, header, rows)

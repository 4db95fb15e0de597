"""The managers' statistics dashboard in the Wagtail admin, and its CSV exports.

Parse the filters, call helpdesk.statistics.report and count the interpreted
cases (helpdesk.stats_interpretation) once, render: the tables
(helpdesk.dashboard) with an SVG chart beside each (helpdesk.charts).
"""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helpdesk import charts, csv_export, dashboard, statistics, stats_interpretation
from helpdesk.stats_forms import DashboardFilterForm

PERMISSION = "helpdesk.view_helpdesk_statistics"


def can_see_statistics(user):
    return user.is_active and user.has_perm(PERMISSION)


def _tables(form):
    """(report, the dashboard's tables) for the valid form."""
    filters = form.filters()
    # One transaction (on SQLite one snapshot): the interpretation shares are of the report's total.
    with transaction.atomic(savepoint=False):
        report = statistics.report(filters, regions=form.regions, **dashboard.VOCABULARIES)
        interpreted = stats_interpretation.counts(filters)
    return report, dashboard.tables(report, stats_interpretation.figure(interpreted))


def _chart(table, description):
    if table.chart_kind == "column":
        return charts.column_chart(f"chart-{table.name}", table.title, description, table.chart)
    if table.chart_kind == "bar" and table.chart:
        return charts.bar_chart(f"chart-{table.name}", table.title, description, table.chart)
    return ""


def _description(table, report):
    start, end = report.filters.start, report.filters.end
    return _("%(title)s from %(start)s to %(end)s, %(total)d cases in all. The table beside the chart gives every number.") % {
        "title": table.title, "start": start.isoformat(), "end": (end - datetime.timedelta(days=1)).isoformat(),
        "total": report.total}


@never_cache
def statistics_dashboard(request):
    """Cases by month, language, region, topic, channel, who asked and interpretation; referrals; answer times."""
    if not can_see_statistics(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None)
    context = {"page_title": _("Help desk statistics"), "form": form, "tables": []}
    if form.is_valid():
        report, tables = _tables(form)
        query = form.query_string()
        context.update(report=report, query=query, tables=[
            {"table": table, "chart": _chart(table, _description(table, report))} for table in tables
        ])
    return render(request, "helpdesk/admin/statistics.html", context)


@never_cache
def statistics_csv(request, name):
    """One aggregated table of the dashboard as CSV, for the same filters."""
    if not can_see_statistics(request.user):
        raise PermissionDenied
    if name not in dashboard.TABLES:
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    if not form.is_valid():
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    report, tables = _tables(form)
    table = next(table for table in tables if table.name == name)
    filters = report.filters
    last_day = filters.end - datetime.timedelta(days=1)
    filename = f"helpdesk-{name}-{filters.start.isoformat()}-{last_day.isoformat()}.csv"
    return csv_export.csv_response(filename, table.header, table.rows)

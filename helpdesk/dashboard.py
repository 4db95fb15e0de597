"""The managers' dashboard as tables: one definition serves the page, its charts and the CSV exports.

Only aggregates and category names: nothing here can hold personal data.

The page shows labels in the reader's language only. The CSV files add
columns for spreadsheets and programs (a table's `machine_columns`): stable
codes, the same in every language (portal language codes, KR- region codes,
topic keys, the constants' channel and resident-type codes, and the summary's
measures: cases, referred, referral_rate, answered, median_seconds_to_first_answer,
p90_seconds_to_first_answer; "total" for the interpretation table's total row),
and the summary's exact values (a rate as a fraction, times in seconds).
"""
import datetime
from dataclasses import dataclass

from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from helpdesk import stats_interpretation, stats_labels
from helpdesk.constants import Channel, ResidentType
from portal import languages, topics

TABLES = ("summary", "month", "language", "region", "topic", "channel", "resident_type", "interpretation")


@dataclass(frozen=True)
class DashboardTable:
    name: str  # also the CSV file's name
    title: str
    header: tuple
    rows: tuple  # tuples of cells: text or numbers, as exported
    chart: tuple = ()  # (label, value) pairs for the chart, in order
    chart_kind: str = "bar"  # "bar" (horizontal) or "column" (months)
    emphasised: tuple = ()  # indexes of rows shown as subtotals (provinces)
    machine_columns: tuple = (0,)  # indexes of columns in the CSV file only (codes, exact values)
    note: str = ""  # shown under the table

    def _on_page(self, cells):
        return tuple(cell for index, cell in enumerate(cells) if index not in self.machine_columns)

    @property
    def page_header(self):
        """The header as the page shows it: labels only."""
        return self._on_page(self.header)

    @property
    def page_rows(self):
        return tuple(self._on_page(row) for row in self.rows)


def duration_text(value):
    """"2 hours, 5 minutes" in the admin's language; "—" when there is nothing to measure."""
    if value is None:
        return "—"
    start = datetime.datetime(2000, 1, 1)
    return timesince(start, start + value, depth=2)


def share(count, total):
    return f"{100 * count / total:.1f} %" if total else "—"


def summary_table(report):
    times = report.answer_times
    rate = report.referral_rate
    seconds = lambda value: "" if value is None else round(value.total_seconds())  # noqa: E731
    rows = (
        ("cases", _("Cases"), report.total, report.total),
        ("referred", _("Referred to a partner"), report.referred, report.referred),
        ("referral_rate", _("Referral rate"), share(report.referred, report.total), "" if rate is None else round(rate, 4)),
        ("answered", _("Answered"), times.answered, times.answered),
        ("median_seconds_to_first_answer", _("Time to first answer, median"), duration_text(times.median),
         seconds(times.median)),
        ("p90_seconds_to_first_answer", _("Time to first answer, 90th percentile"), duration_text(times.p90),
         seconds(times.p90)),
    )
    return DashboardTable("summary", _("Summary"), (_("Code"), _("Measure"), _("Value"), _("Exact value")), rows,
                          chart_kind="", machine_columns=(0, 3))


def month_table(report):
    rows = tuple((row.month.strftime("%Y-%m"), row.cases, row.referred, row.answered) for row in report.months)
    return DashboardTable(
        "month", _("Cases by month"), (_("Month"), _("Cases"), _("Referred"), _("Answered")), rows,
        chart=tuple((row[0], row[1]) for row in rows), chart_kind="column", machine_columns=(),
    )


def count_table(name, title, column, rows, label, total):
    table_rows = tuple((row.key, label(row.key), row.cases, share(row.cases, total)) for row in rows)
    return DashboardTable(name, title, (_("Code"), column, _("Cases"), _("Share")), table_rows,
                          chart=tuple((row[1], row[2]) for row in table_rows))


def region_table(report):
    rows, emphasised, chart = [], [], []
    for province_row in report.regions:
        province = province_row.province
        if province is None:
            rows.append(("", stats_labels.no_region_name(), "", "", province_row.cases, share(province_row.cases, report.total)))
            chart.append((stats_labels.no_region_name(), province_row.cases))
            continue
        province_name = stats_labels.region_name(province)
        emphasised.append(len(rows))
        rows.append((province.code, province_name, "", "", province_row.cases, share(province_row.cases, report.total)))
        for place in province_row.places:
            name = (stats_labels.province_only_name(province) if place.key == province
                    else stats_labels.region_name(place.key))
            rows.append((province.code, province_name, place.key.code, name, place.cases,
                         share(place.cases, report.total)))
            chart.append((name, place.cases))
    chart.sort(key=lambda item: -item[1])
    return DashboardTable(
        "region", _("Cases by region"),
        (_("Province code"), _("Province"), _("Code"), _("City or county"), _("Cases"), _("Share")),
        tuple(rows), chart=tuple(chart), emphasised=tuple(emphasised), machine_columns=(0, 2),
    )


def interpretation_table(report, figure):
    """Cases with three-way interpretation by interpreter's language, small counts withheld (no chart: a bar
    would give a withheld count's size away). Shares are of all the cases selected."""
    limit = figure.threshold

    def row(code, label, cell):
        return (code, label, cell.text(limit), "—" if cell.withheld else share(cell.value, report.total))

    rows = tuple(row(code, interpreter_language_name(code), cell) for code, cell in figure.rows)
    total = row("total", _("Cases with three-way interpretation"), figure.total)
    return DashboardTable(
        "interpretation", _("Three-way interpretation"),
        (_("Code"), _("Interpreter's language"), _("Cases"), _("Share of all cases")),
        (*rows, total), chart_kind="", emphasised=(len(rows),),
        note=_("To protect privacy, fewer than %(limit)d cases are shown as “<%(limit)d”, and “x” marks a number "
               "withheld so that such a small number cannot be worked out from the total. Their shares are not "
               "shown.") % {"limit": limit},
    )


def interpreter_language_name(code):
    """The interpreter's language in the admin's language, or that it was not recorded."""
    if code == stats_interpretation.NOT_RECORDED:
        return _("Interpreter's language not recorded")
    return stats_labels.language_name_for_staff(code)


def tables(report, interpretation):
    """Every table of the dashboard, in page order; `interpretation` is stats_interpretation.figure()."""
    total = report.total
    return (
        summary_table(report),
        month_table(report),
        count_table("language", _("Cases by language"), _("Language"), report.languages,
                    stats_labels.language_name_for_staff, total),
        region_table(report),
        count_table("topic", _("Cases by topic"), _("Topic"), report.topics, stats_labels.topic_name, total),
        count_table("channel", _("Cases by channel"), _("Channel"), report.channels, stats_labels.channel_name, total),
        count_table("resident_type", _("Cases by who asked"), _("Resident"), report.resident_types,
                    stats_labels.resident_type_name, total),
        interpretation_table(report, interpretation),
    )


# Categories listed even at zero, so a quiet language or channel shows as such.
VOCABULARIES = dict(languages=languages.CODES, topics=topics.KEYS, channels=tuple(Channel.values), resident_types=tuple(ResidentType.values))

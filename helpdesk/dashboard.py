"""The managers' dashboard as tables: one definition serves the page, its charts and the CSV exports.

Only aggregates and category names: nothing here can hold personal data.
"""
import datetime
from dataclasses import dataclass

from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from helpdesk import stats_labels
from helpdesk.constants import Channel, ResidentType
from portal import languages, topics

TABLES = ("summary", "month", "language", "region", "topic", "channel", "resident_type")


@dataclass(frozen=True)
class DashboardTable:
    name: str  # also the CSV file's name
    title: str
    header: tuple
    rows: tuple  # tuples of cells: text or numbers, as exported
    chart: tuple = ()  # (label, value) pairs for the chart, in order
    chart_kind: str = "bar"  # "bar" (horizontal) or "column" (months)
    emphasised: tuple = ()  # indexes of rows shown as subtotals (provinces)


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
                          chart_kind="")


def month_table(report):
    rows = tuple((row.month.strftime("%Y-%m"), row.cases, row.referred, row.answered) for row in report.months)
    return DashboardTable(
        "month", _("Cases by month"), (_("Month"), _("Cases"), _("Referred"), _("Answered")), rows,
        chart=tuple((row[0], row[1]) for row in rows), chart_kind="column",
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
        tuple(rows), chart=tuple(chart), emphasised=tuple(emphasised),
    )


def tables(report):
    """Every table of the dashboard, in page order."""
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
    )


# Categories listed even at zero, so a quiet language or channel shows as such.
VOCABULARIES = dict(languages=languages.CODES, topics=topics.KEYS, channels=tuple(Channel.values), resident_types=tuple(ResidentType.values))

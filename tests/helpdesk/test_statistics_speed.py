"""What keeps the dashboard and the inbox fast with a million cases, and exact.

answer_seconds follows the answer times through every way they are written;
the percentiles read from the answer-time index stay exact with ties, dates
and filters around them; SQLite's plans read only indexes (no sort) once the
purge command has refreshed the planner statistics; the inbox's rows come
ready-made.
"""
import datetime
import io
import random
import statistics as python_statistics

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from helpdesk import cases, statistics, stats_sql
from helpdesk.constants import Channel, ResidentType, Status
from helpdesk.models import Case
from portal import topics
from tests.helpdesk import jeonnam_seed as seed
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

SEOUL = seed.SEOUL
JULY = statistics.Filters(datetime.date(2024, 7, 1), datetime.date(2024, 8, 1))


def stored_seconds(case):
    return Case.objects.values_list("answer_seconds", flat=True).get(pk=case.pk)


def test_answer_seconds_follows_every_way_the_answer_times_are_written(open_case, counsellor):
    created = datetime.datetime(2024, 7, 1, 8, 0, tzinfo=SEOUL)
    made = Case.objects.create(code="C1", created_at=created, language="vi", topic="housing",
                               first_answered_at=created + datetime.timedelta(seconds=90, microseconds=250))
    assert stored_seconds(made) == 90.00025
    unanswered = Case.objects.create(code="C2", created_at=created, language="vi", topic="housing")
    assert stored_seconds(unanswered) is None

    # The answer flow saves first_answered_at with update_fields.
    case, _code = open_case()
    answer, _delivery = cases.add_answer(case, counsellor, "Bring your contract.")
    assert stored_seconds(case) == pytest.approx((answer.created_at - case.created_at).total_seconds(), abs=1e-6)

    [bulk] = Case.objects.bulk_create([Case(code="C3", created_at=created, language="th", topic="welfare",
                                            first_answered_at=created + datetime.timedelta(hours=2))])
    assert stored_seconds(bulk) == 7200

    Case.objects.filter(pk=made.pk).update(created_at=created - datetime.timedelta(hours=1))
    assert stored_seconds(made) == pytest.approx(3690.00025, abs=1e-3)  # the database computed it
    unanswered.first_answered_at = created + datetime.timedelta(minutes=5)
    Case.objects.bulk_update([unanswered], ["first_answered_at"])
    assert stored_seconds(unanswered) == 300
    unanswered.first_answered_at = None
    unanswered.save(update_fields=["first_answered_at"])
    assert stored_seconds(unanswered) is None


def bulk_answered(seconds, created, **fields):
    Case.objects.bulk_create(
        Case(code=f"A{created:%m%d}-{index}", created_at=created + datetime.timedelta(minutes=index),
             first_answered_at=created + datetime.timedelta(minutes=index, seconds=value),
             **{"language": "vi", "topic": "housing", **fields})
        for index, value in enumerate(seconds)
    )


@pytest.mark.parametrize("count", [1, 4, 20, 333])
def test_percentiles_skip_other_dates_and_filters_and_count_ties(db, count):
    """The walk along the answer-time index passes other months' and other languages' cases: they must not count."""
    rng = random.Random(count)
    wanted = [rng.choice([60, 60, 600, 3600.5]) + rng.randint(0, 50_000) * rng.randint(0, 1) for _ in range(count)]
    bulk_answered(wanted, datetime.datetime(2024, 7, 1, 9, 0, tzinfo=SEOUL), language="ne")
    # Interleaved answer times that must be skipped: another month, and the same month in another language.
    bulk_answered([rng.randint(1, 60_000) for _ in range(150)], datetime.datetime(2024, 6, 1, 9, tzinfo=SEOUL),
                  language="ne")
    bulk_answered([rng.randint(1, 60_000) for _ in range(150)], datetime.datetime(2024, 7, 2, 9, tzinfo=SEOUL),
                  language="th")
    times = statistics.answer_times(statistics.Filters(JULY.start, JULY.end, language="ne"))
    assert times.answered == count
    deciles = python_statistics.quantiles(wanted, n=10, method="inclusive") if count > 1 else [wanted[0]] * 9
    assert times.median.total_seconds() == pytest.approx(python_statistics.median(wanted), abs=0.001)
    assert times.p90.total_seconds() == pytest.approx(deciles[8], abs=0.001)


def test_the_categories_add_up_per_column_on_either_database(db):
    regions = seed.load()
    counts = statistics.category_counts(statistics.Filters(seed.START, seed.END))
    assert counts["language"] == seed.LANGUAGES
    assert counts["topic"] == seed.TOPICS
    assert counts["resident_type"] == seed.RESIDENT_TYPES
    assert counts["channel"] == {Channel.PHONE: seed.TOTAL}
    assert counts["region_id"] == {(regions[code].pk if code else None): count for code, count in seed.REGIONS.items()}


def spread_cases(count=3000):
    """Cases over two years, about 90 % answered, with many cases per category as at full size (where each
    combination of language, topic, channel and resident type has hundreds): the planner's statistics see that."""
    rng = random.Random(7)
    regions = seed.create_regions()
    start = datetime.datetime(2023, 1, 1, tzinfo=SEOUL)
    Case.objects.bulk_create(
        Case(code=f"S{index}", created_at=start + datetime.timedelta(hours=5.8 * index),
             language=rng.choice(["vi", "ko", "ne"]), topic=rng.choice(topics.KEYS[:3]),
             channel=rng.choice(Channel.values[:2]), resident_type=rng.choice(ResidentType.values[:2]),
             region=rng.choice(list(regions.values())), referred=rng.random() < 0.1,
             status=rng.choice(Status.values),
             first_answered_at=(start + datetime.timedelta(hours=8.7 * index, minutes=rng.randint(1, 5000))
                                if rng.random() < 0.9 else None))
        for index in range(count)
    )


def query_plans(filters):
    regions = statistics.regions_by_id()
    with CaptureQueriesContext(connection) as context:
        statistics.report(filters, topics=topics.KEYS, regions=regions)
    plans = []
    with connection.cursor() as cursor:
        for query in context.captured_queries:
            if query["sql"].startswith(("SELECT", "(SELECT")):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append((query["sql"], [row[-1] for row in cursor.fetchall()]))
    return plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans are in the benchmark")
def test_after_the_nightly_purge_sqlite_reads_only_indexes_and_sorts_nothing(db):
    spread_cases()
    out = io.StringIO()
    call_command("purge_helpdesk_data", stdout=out)
    assert "Refreshed the planner statistics" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'helpdesk_case'")
        assert {"helpdesk_case_stats_category", "helpdesk_case_stats_answer"} <= {row[0] for row in cursor.fetchall()}
    for filters in (statistics.Filters(datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)),
                    statistics.Filters(datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), language="vi")):
        plans = query_plans(filters)
        assert len(plans) == 4  # months, two groupings, the percentiles' ranks
        for sql, plan in plans:
            case_steps = [step for step in plan if "helpdesk_case" in step]
            assert case_steps and all("COVERING INDEX helpdesk_case_stats_" in step for step in case_steps), (sql, plan)
            assert not any("TEMP B-TREE" in step for step in plan), (sql, plan)
        assert "helpdesk_case_stats_answer" in " ".join(plans[-1][1])


def test_a_dry_run_leaves_the_planner_statistics_alone(db, monkeypatch):
    calls = []
    monkeypatch.setattr(stats_sql, "refresh_planner_statistics", lambda: calls.append(1))
    call_command("purge_helpdesk_data", "--dry-run", stdout=io.StringIO())
    assert calls == []
    call_command("purge_helpdesk_data", stdout=io.StringIO())
    assert calls == [1]


def test_inbox_rows_are_ready_made_text(client, open_case, counsellor, region):
    counsellor.first_name, counsellor.last_name = "Mai", "Tran"
    counsellor.save()
    profile = UserProfile.get_for_user(counsellor)
    profile.preferred_language = "en"  # the admin is in Korean by default
    profile.save()
    mine, _code = open_case(language="vi", topic="housing", region=region, assigned_to=counsellor, channel=Channel.PHONE)
    other, _code = open_case(language="th", topic="welfare", interpretation=True, interpreter_language="ko")
    cases.add_answer(other, counsellor, "Answered.")
    log_in(client, counsellor)
    response = client.get("/admin/helpdesk/")
    rows = {row.code: row for row in response.context["rows"]}
    row = rows[mine.code]
    assert (row.language, row.topic, row.region, row.channel, row.status, row.counsellor) == (
        "Vietnamese", "Housing", "Yeongam", "Phone", "New", "Mai Tran")
    assert row.is_new and not row.answered and not row.interpretation
    assert row.received == timezone.localtime(mine.created_at).strftime("%Y-%m-%d %H:%M")
    assert row.url == f"/admin/helpdesk/cases/{mine.pk}/"
    other_row = rows[other.code]
    assert (other_row.region, other_row.counsellor, other_row.status) == ("—", "—", "In progress")
    assert other_row.answered and other_row.interpretation
    html = response.content.decode()
    assert f'<a href="{row.url}">{mine.code}</a>' in html and "Mai Tran" in html and "not answered" in html

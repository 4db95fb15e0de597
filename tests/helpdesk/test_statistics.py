"""The statistics against a known fixture (Jeonnam's first two months), and their edge cases."""
import datetime
import random
import statistics as python_statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk import statistics
from helpdesk.constants import Channel, ResidentType
from helpdesk.models import Case
from portal import topics
from tests.helpdesk import jeonnam_seed as seed

pytestmark = pytest.mark.django_db

SEOUL = seed.SEOUL


@pytest.fixture
def seeded():
    return seed.load()


def seed_report(**filters):
    return statistics.report(
        statistics.Filters(seed.START, seed.END, **filters),
        topics=topics.KEYS, channels=Channel.values, resident_types=ResidentType.values,
    )


def as_dict(rows):
    return {row.key: row.cases for row in rows}


def test_every_table_equals_the_seed(seeded):
    report = seed_report()
    assert report.total == seed.TOTAL == 899
    assert {row.month: row.cases for row in report.months} == seed.MONTHS
    assert as_dict(report.languages) == seed.LANGUAGES
    assert [row.key for row in report.languages[:2]] == ["vi", "ko"]  # Vietnamese 275, then Korean 236
    assert as_dict(report.topics) == seed.TOPICS
    assert as_dict(report.resident_types) == seed.RESIDENT_TYPES
    assert as_dict(report.channels) == {Channel.PHONE: 899, Channel.WEB: 0, Channel.VISIT: 0, Channel.MESSENGER: 0}
    assert report.referred == 45 and report.referral_rate == pytest.approx(45 / 899)
    assert report.answer_times == statistics.AnswerTimes(850, seed.MEDIAN, seed.P90)


def test_regions_roll_up_into_the_province(seeded):
    jeonnam, not_given = seed_report().regions
    assert jeonnam.province.code == "KR-46" and jeonnam.cases == 899 - 15
    places = {row.key.code: row.cases for row in jeonnam.places}
    assert places == {code: count for code, count in seed.REGIONS.items() if code}
    assert [row.key.code for row in jeonnam.places[:2]] == ["KR-46830", "KR-46110"]  # Yeongam 300, Mokpo 188
    assert not_given.province is None and not_given.cases == 15 and not_given.places == ()


def test_filters_narrow_every_table(seeded):
    report = seed_report(language="vi")
    assert report.total == 275 == sum(row.cases for row in report.topics) == sum(row.cases for row in report.regions)
    assert as_dict(report.languages) == {"vi": 275}
    mokpo = seeded["KR-46110"]
    report = seed_report(region_ids=(mokpo.pk,))
    assert report.total == 188 and report.regions[0].places[0].key == mokpo
    province = seeded["KR-46"]
    report = seed_report(region_ids=tuple(region.pk for region in province.with_descendants()))
    assert report.total == 899 - 15  # the province's own cases and its cities'; not the 15 without a region
    assert seed_report(topic="immigration", resident_type=ResidentType.KOREAN_NATIONAL).total == Case.objects.filter(
        topic="immigration", resident_type=ResidentType.KOREAN_NATIONAL).count()
    assert seed_report(channel=Channel.WEB).total == 0


def test_months_are_counted_in_korean_time(seeded):
    # 1 March 00:00 in Seoul is still February in UTC: it belongs to March, outside [January, March).
    Case.objects.create(code="MARCH", created_at=datetime.datetime(2024, 3, 1, 0, 0, tzinfo=SEOUL), language="vi",
                        topic="housing")
    Case.objects.create(code="DECEMBER", created_at=datetime.datetime(2023, 12, 31, 23, 59, 59, tzinfo=SEOUL),
                        language="vi", topic="housing")
    assert seed_report().total == 899
    months = statistics.by_month(statistics.Filters(datetime.date(2023, 12, 1), datetime.date(2024, 4, 1)))
    assert [(row.month.isoformat(), row.cases) for row in months] == [
        ("2023-12-01", 1), ("2024-01-01", 412), ("2024-02-01", 487), ("2024-03-01", 1)]


def test_a_range_starting_mid_month_counts_from_its_first_day(seeded):
    february_15 = datetime.datetime(2024, 2, 15, tzinfo=SEOUL)
    expected = Case.objects.filter(created_at__gte=february_15, created_at__lt=datetime.datetime(2024, 3, 1, tzinfo=SEOUL))
    months = statistics.by_month(statistics.Filters(datetime.date(2024, 2, 15), datetime.date(2024, 3, 1)))
    assert [(row.month, row.cases) for row in months] == [(datetime.date(2024, 2, 1), expected.count())]


def test_an_empty_range_gives_empty_tables(seeded):
    report = statistics.report(statistics.Filters(seed.START, seed.START), topics=topics.KEYS)
    assert report.months == () and report.total == 0 and report.referral_rate is None
    assert report.answer_times == statistics.AnswerTimes(0, None, None)
    assert report.regions == () and report.languages == ()
    assert as_dict(report.topics) == {key: 0 for key in topics.KEYS}


def test_a_range_without_cases_lists_its_months_at_zero(seeded):
    report = statistics.report(statistics.Filters(datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)))
    assert [(row.month.month, row.cases, row.referred, row.answered) for row in report.months] == [
        (1, 0, 0, 0), (2, 0, 0, 0), (3, 0, 0, 0)]
    assert report.answer_times.median is None


def test_cases_without_region_or_answer(db):
    created = datetime.datetime(2024, 5, 2, 9, 0, tzinfo=SEOUL)
    Case.objects.create(code="A", created_at=created, language="ne", topic="welfare")
    Case.objects.create(code="B", created_at=created, language="ne", topic="welfare",
                        first_answered_at=created + datetime.timedelta(hours=2))
    report = statistics.report(statistics.Filters(datetime.date(2024, 5, 1), datetime.date(2024, 6, 1)))
    assert [(row.province, row.cases) for row in report.regions] == [(None, 2)]
    assert report.answer_times == statistics.AnswerTimes(1, datetime.timedelta(hours=2), datetime.timedelta(hours=2))
    assert report.months[0].answered == 1


@pytest.mark.parametrize("count", [2, 3, 10, 101])
def test_percentiles_match_an_independent_computation(db, count):
    """percentile_cont = linear interpolation between closest ranks, as Python's quantiles(method='inclusive')."""
    rng = random.Random(count)
    created = datetime.datetime(2024, 7, 1, 8, 0, tzinfo=SEOUL)
    seconds = [rng.randint(1, 400_000) + rng.randint(0, 999) / 1000 for _ in range(count)]
    Case.objects.bulk_create(
        Case(code=f"P{index}", created_at=created + datetime.timedelta(minutes=index), language="th", topic="housing",
             first_answered_at=created + datetime.timedelta(minutes=index, seconds=value))
        for index, value in enumerate(seconds)
    )
    deciles = python_statistics.quantiles(seconds, n=10, method="inclusive")
    times = statistics.answer_times(statistics.Filters(datetime.date(2024, 7, 1), datetime.date(2024, 8, 1)))
    assert times.answered == count
    assert times.median.total_seconds() == pytest.approx(python_statistics.median(seconds), abs=0.002)
    assert times.p90.total_seconds() == pytest.approx(deciles[8], abs=0.002)


def test_the_number_of_queries_does_not_grow_with_the_cases(db):
    seed.load()

    def queries():
        with CaptureQueriesContext(connection) as context:
            seed_report()
        return len(context.captured_queries)

    with_899 = queries()
    Case.objects.bulk_create([
        Case(code=f"MORE{index}", created_at=datetime.datetime(2024, 1, 5, tzinfo=SEOUL), language="ru",
             topic="housing", first_answered_at=datetime.datetime(2024, 1, 6, tzinfo=SEOUL))
        for index in range(300)
    ])
    assert queries() == with_899 <= 9

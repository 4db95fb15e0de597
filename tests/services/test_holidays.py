"""Korean public holidays: fixed, lunar, substitute and election days, and what is known outside the table."""
from datetime import date, datetime

import pytest

from services.holidays import is_fully_known, is_public_holiday, public_holidays


@pytest.mark.parametrize("day", [
    date(2026, 1, 1), date(2027, 3, 1), date(2025, 5, 5), date(2024, 6, 6), date(2029, 8, 15),
    date(2030, 10, 3), date(2026, 10, 9), date(2028, 12, 25),
])
def test_the_fixed_holidays(day):
    assert is_public_holiday(day)


@pytest.mark.parametrize("day", [
    date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18),  # 설날 2026
    date(2026, 9, 24), date(2026, 9, 25), date(2026, 9, 26),  # 추석 2026
    date(2024, 2, 9), date(2024, 2, 10), date(2024, 2, 11),  # 설날 2024
    date(2025, 10, 5), date(2025, 10, 6), date(2025, 10, 7),  # 추석 2025
    date(2024, 5, 15), date(2026, 5, 24), date(2027, 5, 13), date(2030, 5, 9),  # 부처님오신날
])
def test_the_lunar_holidays(day):
    assert is_public_holiday(day)


@pytest.mark.parametrize("day", [date(2026, 2, 15), date(2026, 2, 19), date(2026, 9, 23), date(2026, 9, 28),
                                 date(2027, 5, 14)])
def test_the_days_around_them_are_not(day):
    assert not is_public_holiday(day)


@pytest.mark.parametrize("day, why", [
    (date(2024, 2, 12), "설날's second day on a Sunday"),
    (date(2025, 10, 8), "추석's eve on a Sunday"),
    (date(2027, 2, 9), "설날 itself on a Sunday"),
    (date(2028, 10, 5), "추석 on 개천절"),
    (date(2025, 5, 6), "부처님오신날 on 어린이날"),
    (date(2026, 5, 25), "부처님오신날 on a Sunday"),
    (date(2024, 5, 6), "어린이날 on a Sunday"),
    (date(2029, 5, 7), "어린이날 on a Saturday"),
    (date(2026, 3, 2), "삼일절 on a Sunday"),
    (date(2026, 8, 17), "광복절 on a Saturday"),
    (date(2026, 10, 5), "개천절 on a Saturday"),
    (date(2027, 10, 11), "한글날 on a Saturday"),
    (date(2027, 12, 27), "성탄절 on a Saturday"),
])
def test_substitute_holidays(day, why):
    assert public_holidays(day.year).get(day) == "대체공휴일", why


@pytest.mark.parametrize("day, why", [
    (date(2026, 9, 28), "추석's second day on a Saturday: a Saturday does not count for 설날 and 추석"),
    (date(2026, 6, 8), "현충일 has no substitute"),
    (date(2028, 1, 3), "신정 has no substitute"),
])
def test_no_substitute_where_the_rules_give_none(day, why):
    assert not is_public_holiday(day), why


def test_the_2026_amendment_adds_labour_day_and_constitution_day():
    assert is_public_holiday(date(2026, 5, 1)) and is_public_holiday(date(2026, 7, 17))
    assert not is_public_holiday(date(2025, 5, 1)) and not is_public_holiday(date(2025, 7, 17))
    assert public_holidays(2027)[date(2027, 5, 3)] == "대체공휴일"  # 노동절 on a Saturday


def test_election_days_are_holidays():
    assert is_public_holiday(date(2026, 6, 3)) and is_public_holiday(date(2028, 4, 12))


def test_a_datetime_is_read_as_its_date():
    assert is_public_holiday(datetime(2026, 9, 25, 15, 30))


def test_outside_the_table_only_the_fixed_holidays_are_known():
    assert is_fully_known(2026) and not is_fully_known(2031)
    assert is_public_holiday(date(2035, 8, 15))
    known = public_holidays(2035)
    assert len(known) == 10 and all(name != "대체공휴일" for name in known.values())
    assert "설날" not in known.values()

"""Korean public holidays (공휴일), for opening hours that close on them ("PH off").

What is known, by year:

- Every year: the fixed-date holidays of the Public Holidays Act (공휴일에 관한 법률):
  신정 1/1, 삼일절 3/1, 어린이날 5/5, 현충일 6/6, 광복절 8/15, 개천절 10/3, 한글날 10/9,
  성탄절 12/25, and from 2026 on (the Act's 2026 amendment) 노동절 5/1 and 제헌절 7/17.
- 2024 to 2030 only (LUNAR_HOLIDAYS, ELECTION_AND_SPECIAL_DAYS): the lunar-calendar holidays
  (설날 and 추석 with the days before and after, 부처님오신날), the election days of elections held
  at the end of a term, and the one-off holidays the government declared; and the substitute
  holidays (대체공휴일) that follow from all of them.
- Outside 2024-2030 only the fixed-date holidays are known: no lunar holiday, election day or
  substitute holiday. Extend the tables before 2031 (the lunar dates are in the almanac of the
  Korea Astronomy and Space Science Institute; election days follow 공직선거법 제34조).

Substitute holidays, as in force since 2023 (the 2026 amendment adds 노동절 and 제헌절):
- 설날 and 추석: when one of their three days falls on a Sunday or on another holiday, the first
  following day that is neither a Saturday, a Sunday nor a holiday is one too. A Saturday does not count.
- 삼일절, 노동절, 어린이날, 제헌절, 광복절, 개천절, 한글날, 부처님오신날, 성탄절: the same when the day
  falls on a Saturday, a Sunday or another holiday.
- 신정, 현충일 and election days have none.
Two substitutes never share a day: the second moves on to the next free day.
"""
import datetime
import functools

# 설날 (the lunar new year's day), 부처님오신날 and 추석 (the day itself), per year.
LUNAR_HOLIDAYS = {
    2024: ((2, 10), (5, 15), (9, 17)),
    2025: ((1, 29), (5, 5), (10, 6)),
    2026: ((2, 17), (5, 24), (9, 25)),
    2027: ((2, 7), (5, 13), (9, 15)),
    2028: ((1, 27), (5, 2), (10, 3)),
    2029: ((2, 13), (5, 20), (9, 22)),
    2030: ((2, 3), (5, 9), (9, 12)),
}
FIRST_KNOWN_YEAR, LAST_KNOWN_YEAR = min(LUNAR_HOLIDAYS), max(LUNAR_HOLIDAYS)

# Election days (no substitute) and holidays declared once (임시공휴일).
ELECTION_AND_SPECIAL_DAYS = {
    datetime.date(2024, 4, 10): "국회의원 선거일",
    datetime.date(2024, 10, 1): "임시공휴일 (국군의 날)",
    datetime.date(2025, 1, 27): "임시공휴일",
    datetime.date(2025, 6, 3): "대통령 선거일",
    datetime.date(2026, 6, 3): "전국동시지방선거일",
    datetime.date(2028, 4, 12): "국회의원 선거일",
    datetime.date(2030, 3, 27): "대통령 선거일",
    datetime.date(2030, 6, 12): "전국동시지방선거일",
}

# (month, day, name, first year, has a substitute)
FIXED_HOLIDAYS = (
    (1, 1, "신정", None, False),
    (3, 1, "삼일절", None, True),
    (5, 1, "노동절", 2026, True),
    (5, 5, "어린이날", None, True),
    (6, 6, "현충일", None, False),
    (7, 17, "제헌절", 2026, True),
    (8, 15, "광복절", None, True),
    (10, 3, "개천절", None, True),
    (10, 9, "한글날", None, True),
    (12, 25, "성탄절", None, True),
)
SUBSTITUTE = "대체공휴일"


def _add(found, day, name):
    found.setdefault(day, []).append(name)


@functools.cache
def public_holidays(year):
    """{date: "name" (or "name · name" when two fall on one day)} of the public holidays known for the year."""
    found = {}  # date -> [names]
    weekend_counts = set()  # days whose holiday moves on when they fall on a Saturday or a Sunday
    three_day_days = set()  # days of 설날 and 추석: only a Sunday or another holiday moves them on
    for month, day, name, since, substituted in FIXED_HOLIDAYS:
        if since is None or year >= since:
            date = datetime.date(year, month, day)
            _add(found, date, name)
            if substituted:
                weekend_counts.add(date)
    if year in LUNAR_HOLIDAYS:
        seollal, buddha, chuseok = (datetime.date(year, *month_day) for month_day in LUNAR_HOLIDAYS[year])
        for centre, name in ((seollal, "설날"), (chuseok, "추석")):
            for offset, label in ((-1, f"{name} 전날"), (0, name), (1, f"{name} 다음날")):
                date = centre + datetime.timedelta(days=offset)
                _add(found, date, label)
                three_day_days.add(date)
        _add(found, buddha, "부처님오신날")
        weekend_counts.add(buddha)
        for date, name in ELECTION_AND_SPECIAL_DAYS.items():
            if date.year == year:
                _add(found, date, name)
        _add_substitutes(found, weekend_counts, three_day_days)
    return {date: " · ".join(names) for date, names in sorted(found.items())}


def _add_substitutes(found, weekend_counts, three_day_days):
    base = set(found)
    moved_on = []
    for date in sorted(base):
        shared = len(found[date]) > 1
        if date in three_day_days:
            if date.weekday() == 6 or shared:
                moved_on.append(date)
        elif date in weekend_counts and (date.weekday() >= 5 or shared):
            moved_on.append(date)
    for date in moved_on:
        candidate = date + datetime.timedelta(days=1)
        while candidate.weekday() >= 5 or candidate in found:
            candidate += datetime.timedelta(days=1)
        found[candidate] = [SUBSTITUTE]


def is_public_holiday(date):
    """True when the date (or a datetime's date) is a known Korean public holiday (Sundays as such are not)."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    return date in public_holidays(date.year)


def is_fully_known(year):
    """True when every holiday of the year is known (lunar and substitute holidays included)."""
    return FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR

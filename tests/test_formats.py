"""Dates, times and numbers in each reader's own conventions (issue 12, "Formats").

Django has no format module for Nepali, Filipino, Sinhala and Urdu, and no
month or weekday names for some of them; those readers used to get English
patterns with Korean names ("12월 8, 2026 (화요일) 10 오전"). portal/formats/
fills the gaps; month, weekday and a.m./p.m. names for fil, si and km (and
the Nepali spellings) come from locale/ (/work/msgs/formats.json).

Each expected string is written out as a reader of the language expects it
(CLDR's patterns), for a fixed moment: Tuesday 8 December 2026, 10:00 in Seoul.
"""
import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.html import strip_tags

from portal import languages
from services.templatetags.places_tags import distance

MOMENT = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
NBSP = "\xa0"

# code: (event "when" line as on event pages and lists, DATE_FORMAT (search snippets),
#        DATETIME_FORMAT (community notices), SHORT_DATETIME_FORMAT (community posts),
#        YEAR_MONTH_FORMAT (open data), 1234567.5 as the portal writes it, the same grouped)
EXPECTED = {
    "ko": ("2026년 12월 8일 화요일 오전 10:00–오후 12:00", "2026년 12월 8일", "2026년 12월 8일 오전 10:00",
           "2026-12-8 10:00", "2026년 12월", "1234567.5", "1,234,567.5"),
    "en": ("Tuesday, December 8, 2026 10 a.m.–noon", "Dec. 8, 2026", "Dec. 8, 2026, 10 a.m.",
           "12/08/2026 10 a.m.", "December 2026", "1234567.5", "1,234,567.5"),
    "vi": ("Thứ Ba, 8 tháng 12, 2026 10:00–12:00", "Ngày 08 tháng 12 năm 2026", "10:00 Ngày 08 tháng 12 năm 2026",
           "10:00 08-12-2026", "Tháng 12 2026", "1234567,5", "1.234.567,5"),
    "zh-hans": ("2026年12月8日星期二 10:00–12:00", "2026年12月8日", "2026年12月8日 10:00",
                "2026年12月8日 10:00", "2026年12月", "1234567.5", "1234567.5"),
    "th": ("วันอังคารที่ 8 ธันวาคม 2026 10:00–12:00", "8 ธันวาคม 2026", "8 ธันวาคม 2026, 10:00",
           "8 ธ.ค. 2026, 10:00", "ธันวาคม 2026", "1234567.5", "1,234,567.5"),
    "km": ("ថ្ងៃអង្គារ 8 ធ្នូ 2026 10:00–12:00", "8 ធ្នូ 2026", "8 ធ្នូ 2026, 10:00",
           "8 ធ្នូ 2026, 10:00", "ធ្នូ 2026", "1234567,5", "1.234.567,5"),
    "ne": ("2026 डिसेम्बर 8, मङ्गलबार 10:00–12:00", "2026 डिसेम्बर 8", "2026 डिसेम्बर 8, 10:00",
           "2026/12/8 10:00", "2026 डिसेम्बर", "1234567.5", "12,34,567.5"),
    "id": ("Selasa, 8 Desember 2026 10.00–12.00", "8 Des. 2026", "8 Des. 2026, 10.00",
           "08-12-2026 10.00", "Desember 2026", "1234567,5", "1.234.567,5"),
    "uz": ("Seshanba, 8-Dekabr, 2026-yil 10:00–12:00", "8-Dekabr, 2026-yil", "8-Dekabr, 2026-yil 10:00",
           "08.12.2026 10:00", "Dekabr 2026-yil", "1234567,5", f"1{NBSP}234{NBSP}567,5"),
    "fil": ("Martes, Disyembre 8, 2026 10:00 AM–12:00 PM", "Disyembre 8, 2026", "Disyembre 8, 2026, 10:00 AM",
            "12/8/2026, 10:00 AM", "Disyembre 2026", "1234567.5", "1,234,567.5"),
    "ru": ("Вторник, 8 декабря 2026 г. 10:00–12:00", "8 декабря 2026 г.", "8 декабря 2026 г. 10:00",
           "08.12.2026 10:00", "Декабрь 2026 г.", "1234567,5", f"1{NBSP}234{NBSP}567,5"),
    "ja": ("2026年12月8日火曜日 10:00–12:00", "2026年12月8日", "2026年12月8日10:00",
           "2026/12/08 10:00", "2026年12月", "1234567.5", "1,234,567.5"),
    "si": ("2026 දෙසැම්බර් 8, අඟහරුවාදා 10.00–12.00", "2026 දෙසැම්බර් 8", "2026 දෙසැම්බර් 8, 10.00",
           "2026-12-08 10.00", "2026 දෙසැම්බර්", "1234567.5", "1,234,567.5"),
    "ur": ("منگل، 8 دسمبر، 2026 10:00 صبح–12:00 شام", "8 دسمبر، 2026", "8 دسمبر، 2026، 10:00 صبح",
           "8/12/2026، 10:00 صبح", "دسمبر 2026", "1234567.5", "1,234,567.5"),
}

# CLDR's first day of the week for the country most readers of the language come from.
FIRST_DAY_OF_WEEK = {"ko": 0, "en": 0, "vi": 1, "zh-hans": 1, "th": 0, "km": 0, "ne": 0, "id": 1, "uz": 1,
                     "fil": 0, "ru": 1, "ja": 0, "si": 1, "ur": 0}


def test_every_portal_language_is_checked():
    assert set(EXPECTED) == set(languages.CODES) == set(FIRST_DAY_OF_WEEK)


def _when(start, end):
    """The event date line exactly as event pages and lists render it."""
    event = SimpleNamespace(time_zone="Asia/Seoul")
    html = render_to_string("services/includes/when.html", {"event": event, "start": start, "end": end})
    return strip_tags(html).strip()


@pytest.mark.parametrize("code", languages.CODES)
def test_dates_and_numbers_read_as_the_language_writes_them(code):
    when, date, datetime_, short_datetime, year_month, number, grouped = EXPECTED[code]
    with translation.override(code):
        assert _when(MOMENT, MOMENT + timedelta(hours=2)) == when
        assert formats.date_format(MOMENT, "DATE_FORMAT") == date
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == datetime_
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert formats.date_format(MOMENT, "YEAR_MONTH_FORMAT") == year_month
        # As the places pages write distances (no grouping), and with the language's grouping.
        assert formats.number_format(1234567.5, 1, use_l10n=True) == number
        assert formats.number_format(1234567.5, 1, use_l10n=True, force_grouping=True) == grouped
        assert formats.get_format("FIRST_DAY_OF_WEEK") == FIRST_DAY_OF_WEEK[code]


@pytest.mark.parametrize("code", languages.CODES)
def test_an_event_over_two_days_names_both_weekdays(code):
    with translation.override(code):
        line = _when(MOMENT, MOMENT + timedelta(days=1))
        wednesday = formats.date_format(MOMENT + timedelta(days=1), "l")
    assert line.count("2026") == 2 and wednesday in line
    if code != "en":
        assert wednesday != "Wednesday"


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != "ko"])
def test_no_korean_in_any_month_weekday_or_time_of_day(code):
    """Every name a date format can print, for every month and weekday, morning and afternoon."""
    names = "F N M b E l D A a P"
    with translation.override(code):
        outputs = [formats.date_format(datetime(2026, month, day, hour, tzinfo=MOMENT.tzinfo), names)
                   for month in range(1, 13) for day in range(1, 8) for hour in (0, 9, 12, 15)]
        outputs += [_when(MOMENT, MOMENT + timedelta(days=1)), distance(2.46)]
        outputs += [formats.date_format(MOMENT, name) for name in (
            "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
            "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT", "WEEKDAY_DATE_FORMAT")]
    assert [text for text in outputs if HANGUL.search(text)] == []


@pytest.mark.parametrize("code", languages.CODES)
def test_every_language_has_formats_of_its_own(code):
    """Not Django's English defaults (the fallback when no module defines a format) nor a bare name:
    Django returns an undefined format name as the format itself, so WEEKDAY_DATE_FORMAT must exist."""
    modules = formats.get_format_modules(code)
    for name in ("DATE_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "DECIMAL_SEPARATOR",
                 "THOUSAND_SEPARATOR", "WEEKDAY_DATE_FORMAT"):
        assert any(getattr(module, name, None) is not None for module in modules), (code, name)
    assert any(module.__name__.startswith("portal.formats.") for module in modules)


@pytest.mark.parametrize("code", ["ne", "fil", "si", "ur"])
def test_languages_django_lacks_accept_their_own_short_dates(code):
    from django import forms

    typed = {"ne": "2026/12/08", "fil": "12/08/2026", "si": "2026/12/08", "ur": "08/12/2026"}[code]
    with translation.override(code):
        field = forms.DateField(localize=True)
        assert field.clean(typed) == MOMENT.date()
        assert field.clean("2026-12-08") == MOMENT.date()

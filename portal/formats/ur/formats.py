# Urdu: Django has no module. CLDR ur: day first with the Arabic comma, 12-hour clock
# (صبح / شام), week from Sunday.
from portal.formats import ISO_DATE_INPUT_FORMATS, ISO_DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "j F، Y"  # 8 دسمبر، 2026
TIME_FORMAT = "g:i A"  # 10:00 صبح
DATETIME_FORMAT = "j F، Y، g:i A"
WEEKDAY_DATE_FORMAT = "l، j F، Y"  # منگل، 8 دسمبر، 2026
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j/n/Y"  # 8/12/2026
SHORT_DATETIME_FORMAT = "j/n/Y، g:i A"
FIRST_DAY_OF_WEEK = 0  # Sunday
DATE_INPUT_FORMATS = ISO_DATE_INPUT_FORMATS + ["%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ISO_DATETIME_INPUT_FORMATS + ["%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3  # 1,234,567.5

# Filipino: Django has no module. CLDR fil: month first, 12-hour clock with AM/PM, week from Sunday.
from portal.formats import ISO_DATE_INPUT_FORMATS, ISO_DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "F j, Y"  # Disyembre 8, 2026
TIME_FORMAT = "g:i A"  # 10:00 AM
DATETIME_FORMAT = "F j, Y, g:i A"
WEEKDAY_DATE_FORMAT = "l, F j, Y"  # Martes, Disyembre 8, 2026
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "n/j/Y"  # 12/8/2026
SHORT_DATETIME_FORMAT = "n/j/Y, g:i A"
FIRST_DAY_OF_WEEK = 0  # Sunday
DATE_INPUT_FORMATS = ISO_DATE_INPUT_FORMATS + ["%m/%d/%Y", "%m/%d/%y"]
DATETIME_INPUT_FORMATS = ISO_DATETIME_INPUT_FORMATS + ["%m/%d/%Y %H:%M", "%m/%d/%y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3  # 1,234,567.5

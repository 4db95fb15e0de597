# Nepali: Django has no module. CLDR ne: year first, 24-hour clock, Indian digit grouping,
# week from Sunday. Digits stay Latin, as the portal's Nepali text writes them.
from portal.formats import ISO_DATE_INPUT_FORMATS, ISO_DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "Y F j"  # 2026 डिसेम्बर 8
TIME_FORMAT = "H:i"  # 10:00
DATETIME_FORMAT = "Y F j, H:i"
WEEKDAY_DATE_FORMAT = "Y F j, l"  # 2026 डिसेम्बर 8, मङ्गलबार
YEAR_MONTH_FORMAT = "Y F"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "Y/n/j"  # 2026/12/8
SHORT_DATETIME_FORMAT = "Y/n/j H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DATE_INPUT_FORMATS = ISO_DATE_INPUT_FORMATS + ["%Y/%m/%d"]
DATETIME_INPUT_FORMATS = ISO_DATETIME_INPUT_FORMATS + ["%Y/%m/%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)  # 12,34,567.5

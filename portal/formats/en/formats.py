# English: Django's module, and the weekday date.
WEEKDAY_DATE_FORMAT = "l, F j, Y"  # Tuesday, December 8, 2026

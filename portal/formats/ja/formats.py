# Japanese: Django's module, and the weekday date.
WEEKDAY_DATE_FORMAT = "Y年n月j日l"  # 2026年12月8日火曜日

# Korean: Django's module, with the weekday date and a.m./p.m. before the time (CLDR "a h:mm").
WEEKDAY_DATE_FORMAT = "Y년 n월 j일 l"  # 2026년 12월 8일 화요일
DATETIME_FORMAT = "Y년 n월 j일 A g:i"  # 2026년 12월 8일 오전 10:00
FIRST_DAY_OF_WEEK = 0  # Sunday

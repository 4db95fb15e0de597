# Russian: Django's module, and the weekday date (month in the genitive, "E").
WEEKDAY_DATE_FORMAT = "l, j E Y г."  # Вторник, 8 декабря 2026 г.

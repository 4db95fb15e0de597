# Vietnamese: Django's module, with the week starting on Monday and digits grouped (CLDR).
WEEKDAY_DATE_FORMAT = r"l, j \t\há\n\g n, Y"  # Thứ Ba, 8 tháng 12, 2026
FIRST_DAY_OF_WEEK = 1  # Monday
NUMBER_GROUPING = 3  # 1.234.567,5 (Django's module sets the separators but no grouping)

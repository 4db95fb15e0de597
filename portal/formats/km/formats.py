# Khmer: Django's module, with CLDR's long date ("8 ធ្នូ 2026", not "8 ខែ ធ្នូ ឆ្នាំ 2026"),
# the week starting on Sunday and digits grouped.
DATE_FORMAT = "j F Y"  # 8 ធ្នូ 2026
DATETIME_FORMAT = "j F Y, G:i"  # 8 ធ្នូ 2026, 10:00
WEEKDAY_DATE_FORMAT = "l j F Y"  # ថ្ងៃអង្គារ 8 ធ្នូ 2026
YEAR_MONTH_FORMAT = "F Y"  # ធ្នូ 2026
FIRST_DAY_OF_WEEK = 0  # Sunday
NUMBER_GROUPING = 3  # 1.234.567,5

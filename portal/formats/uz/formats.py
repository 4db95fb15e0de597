# Uzbek (Latin): Django's module, and the weekday date.
WEEKDAY_DATE_FORMAT = r"l, j-E, Y-\y\i\l"  # Seshanba, 8-Dekabr, 2026-yil

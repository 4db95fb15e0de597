# Indonesian: Django's module, and the weekday date.
WEEKDAY_DATE_FORMAT = "l, j F Y"  # Selasa, 8 Desember 2026

# Thai: Django's module (Gregorian years), and the weekday date.
WEEKDAY_DATE_FORMAT = "lที่ j F Y"  # วันอังคารที่ 8 ธันวาคม 2026

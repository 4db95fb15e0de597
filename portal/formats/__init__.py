"""Date, time and number formats per interface language (settings.FORMAT_MODULE_PATH).

Django looks a format up in portal.formats.<locale>.formats, then in its own
django.conf.locale.<locale>.formats, then in its global (English) defaults; a
language with no module at all used to get those defaults with month and
weekday names from the Korean catalog. So:

- ne, fil, si and ur, for which Django has no module, have a complete one here,
  following CLDR (long dates, 24- or 12-hour clock, separators, digit grouping,
  first day of the week);
- for the others a module here only adds what Django's lacks or gets wrong for
  readers (a first day of the week, digit grouping), and everything else comes
  from Django's module;
- every language defines WEEKDAY_DATE_FORMAT, the portal's own named format: a
  date with its weekday, in the order and punctuation of the language (CLDR's
  "full" date), used for event dates. tests/test_formats.py checks that every
  portal language has it, because Django returns an undefined name as the
  format string itself.

Month, weekday and a.m./p.m. names come from the catalogs: Django's, then
ours (locale/), then English (portal/gettext_fallback.py).
"""

# Inputs every language accepts: ISO dates, which the date pickers and the importers send.
ISO_DATE_INPUT_FORMATS = ["%Y-%m-%d"]
ISO_DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]

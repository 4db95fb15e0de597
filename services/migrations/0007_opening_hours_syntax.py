"""Place.opening_hours becomes OpenStreetMap opening_hours syntax (services.opening_hours).

Free Korean text written before is converted where it is one of the usual forms
("평일 09:00-18:00, 토요일 09:00-13:00, 공휴일 휴무", "24시간"); anything else is left as
written, and the pages show it as such, in Korean. 평일 are working days: weekdays that are
not public holidays, so a text naming 평일 and saying nothing of holidays gets "PH off".
"""
import re

from django.db import migrations, models

import services.opening_hours

DAY_WORDS = {
    "평일": "Mo-Fr", "주중": "Mo-Fr", "월-금": "Mo-Fr", "월~금": "Mo-Fr",
    "토요일": "Sa", "토": "Sa", "일요일": "Su", "일": "Su", "주말": "Sa-Su", "토·일": "Sa-Su", "토일": "Sa-Su",
    "공휴일": "PH", "매일": "",
}
DAYS = "|".join(sorted((re.escape(word) for word in DAY_WORDS), key=len, reverse=True))
TIME = r"(\d{1,2}):(\d{2})\s*[-~–]\s*(\d{1,2}):(\d{2})"
HOURS_RULE = re.compile(rf"({DAYS})\s*({TIME}(?:\s*,\s*{TIME})*)")
CLOSED_RULE = re.compile(rf"({DAYS})\s*(?:휴무|휴관|휴일|쉼)")
ALWAYS = re.compile(r"(?:연중무휴\s*,?\s*)?24시간(?:\s*,?\s*(?:연중무휴|운영))?")


def _times(text):
    spans = re.findall(TIME, text)
    return ",".join(f"{int(a):02d}:{b}-{int(c):02d}:{d}" for a, b, c, d in spans)


def convert(text):
    """The OSM form of a usual Korean text, or None when it is not one of them."""
    text = (text or "").strip()
    if not text:
        return None
    if ALWAYS.fullmatch(text):
        return "24/7"
    rules, holiday_rule, working_days = [], None, False
    for segment in (part.strip() for part in re.split(r"[,;/\n]+(?!\s*\d)", text) if part.strip()):
        hours, closed = HOURS_RULE.fullmatch(segment), CLOSED_RULE.fullmatch(segment)
        if not (hours or closed):
            return None
        word = (hours or closed).group(1)
        days = DAY_WORDS[word]
        rule = " ".join(part for part in (days, _times(hours.group(2)) if hours else "off") if part)
        working_days = working_days or days == "Mo-Fr" and word in ("평일", "주중")
        if days == "PH":
            holiday_rule = rule
        else:
            rules.append(rule)
    if holiday_rule is None and working_days:
        holiday_rule = "PH off"
    converted = "; ".join(rules + ([holiday_rule] if holiday_rule else []))
    try:
        services.opening_hours.parse(converted)
    except ValueError:
        return None
    return converted


def convert_places(apps, schema_editor):
    Place = apps.get_model("services", "Place")
    for pk, text in Place.objects.exclude(opening_hours="").values_list("pk", "opening_hours").iterator():
        if services.opening_hours.parse_or_none(text) is not None:
            continue  # already the syntax
        converted = convert(text)
        if converted is not None:
            Place.objects.filter(pk=pk).update(opening_hours=converted)


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0006_address_romanised'),
    ]

    operations = [
        migrations.AlterField(
            model_name='place',
            name='opening_hours',
            field=models.TextField(blank=True, help_text='Days, then hours; rules separated by semicolons (OpenStreetMap opening_hours). For example: Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off (PH: public holidays). Empty: not known.', validators=[services.opening_hours.validate_opening_hours], verbose_name='opening hours'),
        ),
        migrations.RunPython(convert_places, migrations.RunPython.noop),
    ]

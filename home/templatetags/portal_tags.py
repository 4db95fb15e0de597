from django import template
from portal import languages
from portal.help_lines import HELP_LINES, QUICK_NUMBERS

register = template.Library()


@register.simple_tag
def help_lines():
    return [{"number": number, "label": label, "tel": number.replace("-", ""), "quick": number in QUICK_NUMBERS}
            for number, label in HELP_LINES]


@register.filter
def language_info(code):
    return languages.get(code)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, 0)

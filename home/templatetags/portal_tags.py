from django import template
from wagtail.models import Page

from home import fallback
from portal import languages
from portal.help_lines import HELP_LINES

register = template.Library()


@register.simple_tag
def help_lines():
    return [{"number": number, "label": label, "tel": number.replace("-", "")} for number, label in HELP_LINES]


@register.simple_tag
def breadcrumbs(page, language):
    """The page's ancestors (below the tree root) in the reader's language, in one query."""
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1)
    keys = ancestors.values("translation_key")
    return list(
        Page.objects.filter(translation_key__in=keys, locale__language_code=language.code, live=True)
        .filter(fallback.REAL)
        .order_by("depth")
    )


@register.filter
def language_info(code):
    return languages.get(code)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, 0)

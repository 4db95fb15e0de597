"""Template helpers that mark the language of parts of a page (WCAG 3.1.2).

- `|mark_parts:lang` wraps Hangul runs in rich text shown in another language;
- `|language_name` shows a language's own name in an element marked with that language;
- `{% lang_attrs code %}` gives ` lang="…" dir="…"` for an element whose text is in `code`.
"""
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from portal import languages
from portal.language_of_parts import direction, mark_language_runs, without_korean

register = template.Library()


@register.filter
def mark_parts(value, language_code):
    """Safe HTML (or plain text, escaped here first) with its Hangul runs marked lang="ko" (and, in a
    right-to-left language, its Latin runs lang="en" dir="ltr")."""
    return mark_safe(mark_language_runs(conditional_escape(value if value is not None else ""), language_code))


@register.filter(name="without_korean")
def without_korean_filter(value, language_code):
    """For a <title> or a meta description: Korean terms left out (plain text has no parts to mark)."""
    return without_korean(value, getattr(language_code, "code", language_code))


@register.filter
def language_name(language):
    """<span lang dir> around a language's native name; accepts a Language or a code."""
    if isinstance(language, str):
        language = languages.get(language) or language
    if isinstance(language, str):
        return language
    return format_html('<span lang="{}" dir="{}">{}</span>', language.code, direction(language.code), language.native_name)


@register.simple_tag
def lang_attrs(code):
    """` lang="code" dir="ltr|rtl"`, for the start tag of an element whose content is in `code`."""
    code = getattr(code, "code", code) or ""
    if not code:  # rendered outside a request (no current language): claim nothing
        return ""
    return format_html(' lang="{}" dir="{}"', code, direction(code))

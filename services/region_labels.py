"""Region names as pages show them (WCAG 3.1.2, language of parts).

A region's name is in the reader's language when regions.json has it; otherwise
it is borrowed from a fallback language (usually English, for a region an editor
added with Korean and English names only). A borrowed name goes in an element
that says its language, and on a right-to-left page its direction too, so a
screen reader switches voice and "Gwangju (Gyeonggi-do)" keeps its order. Where
no element can be put (a <title>, an option's text among the page's own words),
the name is set apart with Unicode isolates instead.
"""
from dataclasses import dataclass

from django import forms
from django.utils.html import format_html

from portal.language_of_parts import direction

FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def language_marks(text_language, around_language):
    """{"lang": …, "dir": …} for an element whose text is in text_language inside an element in
    around_language; {} when they are the same or the text has no language (a region code)."""
    if not text_language or text_language == around_language:
        return {}
    return {"lang": text_language, "dir": direction(text_language)}


def language_attrs(text_language, around_language):
    """language_marks as the attributes of a start tag: ` lang="en" dir="ltr"`, or ""."""
    marks = language_marks(text_language, around_language)
    return format_html(' lang="{}" dir="{}"', marks["lang"], marks["dir"]) if marks else ""


def label(region, page_language):
    """Safe HTML: the region's name, in a <span lang dir> when it is borrowed from another language."""
    name, language = region.name_with_language(page_language)
    if language is None:  # no name at all: the code, which must not be reordered on an Urdu page
        return format_html("<bdi>{}</bdi>", name)
    attrs = language_attrs(language, page_language)
    return format_html("<span{}>{}</span>", attrs, name) if attrs else name


def text(region, page_language):
    """Plain text for where no element can be put: a borrowed left-to-right name on a right-to-left
    page is wrapped in first-strong and pop-directional isolates."""
    name, language = region.name_with_language(page_language)
    if language != page_language and direction(page_language) == "rtl" and direction(language) == "ltr":
        return f"{FIRST_STRONG_ISOLATE}{name}{POP_DIRECTIONAL_ISOLATE}"
    return name


@dataclass(frozen=True)
class RegionOption:
    """A region in a chooser: an <optgroup> for a province, an <option> for a city or county."""

    region: object
    name: str  # the element's whole text
    text: str  # the name inside a sentence of the page ("All of …")
    language: str | None  # what the name is written in
    attrs: str  # lang and dir for its element, where they differ from the enclosing element's
    inner_attrs: str = ""  # a province's: for an option in the page's language inside its optgroup


def region_option(region, page_language, around_language=None):
    """The RegionOption of a region shown on a page in page_language, inside an element in
    around_language (the page's language by default; a province's optgroup for its cities)."""
    name, language = region.name_with_language(page_language)
    around = around_language or page_language
    return RegionOption(
        region=region, name=name, text=text(region, page_language), language=language,
        attrs=language_attrs(language, around), inner_attrs=language_attrs(page_language, language or around))


class NamedIn(str):
    """A choice label that knows the language it is written in and the page's (for RegionSelect)."""

    def __new__(cls, text, language, page_language):
        label = super().__new__(cls, text)
        label.language, label.page_language = language, page_language
        return label

    @property
    def attrs(self):
        """For an <optgroup> labelled with it: lang and dir when borrowed."""
        return language_attrs(self.language, self.page_language)


class RegionSelect(forms.Select):
    """A select of regions labelled with NamedIn (cities grouped under their province's NamedIn) whose
    optgroups and options carry the lang and dir of a borrowed name; an option inside a borrowed
    optgroup gets its own language back."""

    template_name = "services/widgets/region_select.html"

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        for group_name, options, _index in groups:
            for option in options:
                label = option["label"]
                if isinstance(label, NamedIn):
                    around = getattr(group_name, "language", None) or label.page_language
                    option["attrs"] = {**option["attrs"], **language_marks(label.language, around)}
        return groups

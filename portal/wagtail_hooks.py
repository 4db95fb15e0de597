"""The admin in the staff member's language: labels whoever opened the admin first, and
languages and directions in the translation editor."""
import copy

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static

from portal import languages


@hooks.register("construct_reports_menu")
def translations_report_in_the_admin_language(request, menu_items):
    """wagtail-localize labels its "Translations" report with the eager gettext, in the hook that
    Wagtail calls once per process to build the Reports menu: whoever loads the admin first
    fixes the label's language for everybody ("번역" in an English admin). The item is replaced,
    in this request's list only, by a copy with a lazy label and a name that does not depend on
    that first language."""
    url = reverse("wagtail_localize:translations_report")
    for index, item in enumerate(menu_items):
        if item.url == url:
            item = copy.copy(item)  # the registered item is shared by every request
            item.label = gettext_lazy("Translations")
            item.name = "translations"
            menu_items[index] = item


@hooks.register("insert_editor_js")
def translation_editor_direction():
    """lang and dir for wagtail-localize's translation editor (static/js/translation-editor-direction.js).
    Wagtail gives this hook no request, so the script is on every editor page and acts only where
    it finds the translation editor; the right-to-left languages come from portal.languages."""
    return format_html(
        '<script src="{}" data-rtl-languages="{}"></script>',
        versioned_static("js/translation-editor-direction.js"),
        " ".join(language.code for language in languages.LANGUAGES if language.rtl),
    )

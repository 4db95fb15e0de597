from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from home import admin_views, explorer_status, translation_status
from portal import languages, machine_translation

# How many pages the translator's panel lists; the rest are one click away in the report.
WORK_LIST_LENGTH = 30


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [path("translation-status/", admin_views.translation_status_report, name="translation_status")]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_translation_status(request.user)


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status"), name="translation-status", icon_name="globe", order=100
    )


@hooks.register("register_page_header_buttons")
def translation_status_button(page, user, view_name, next_url=None):
    if page.depth > 1 and admin_views.can_see_translation_status(user):
        yield Button(_("Translation status"), f"{reverse('translation_status')}?page={page.id}", icon_name="globe", priority=90)


# Registered after Wagtail's own (order -1), so it replaces the default explorer for every page.
@hooks.register("register_admin_viewset")
def translation_status_explorer():
    return admin_views.TranslationStatusPageViewSet()


@hooks.register("insert_global_admin_css")
def translation_status_styles():
    return render_to_string("home/admin/translation_status_styles.html")


def _statuses_to_count():
    return [(status, translation_status.LABELS[status]) for status in translation_status.STATUSES if status != translation_status.UP_TO_DATE]


class TranslationSummaryPanel(Component):
    """The dashboard's first panel for editors: what needs translating in every language, and whether machine translation works."""

    name = "translation_summary"
    order = 50
    template_name = "home/admin/translation_summary_panel.html"

    def get_context_data(self, parent_context):
        counts = translation_status.summary(translation_status.status_rows())
        targets = [language for language in languages.LANGUAGES if language.code != languages.SOURCE_LANGUAGE]
        from wagtail.models import Locale

        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        machine = machine_translation.status(
            locales.get(languages.SOURCE_LANGUAGE), [locales[l.code] for l in targets if l.code in locales]
        )
        return {
            "rows": [(language, counts.get(language.code, {})) for language in targets],
            "report_url": reverse("translation_status"),
            "machine": machine,
        }


class TranslatorWorkPanel(Component):
    """A translator's dashboard: their languages' counts and the pages waiting for them, nothing else."""

    name = "translator_work"
    order = 50
    template_name = "home/admin/translator_work_panel.html"

    def __init__(self, codes, can_submit):
        self.codes = codes
        self.can_submit = can_submit

    def get_context_data(self, parent_context):
        counts, items = explorer_status.work_for_languages(self.codes)
        statuses = _statuses_to_count()
        return {
            "languages": [
                (code, explorer_status.language_label(code), [(status, counts.get(code, {}).get(status, 0)) for status, _label in statuses])
                for code in self.codes
            ],
            "statuses": statuses,
            "items": [(item, admin_views.status_mark(item.cell)) for item in items[:WORK_LIST_LENGTH]],
            "more": max(len(items) - WORK_LIST_LENGTH, 0),
            "can_submit": self.can_submit,
            "source_language": languages.SOURCE_LANGUAGE,
            "report_url": reverse("translation_status"),
        }


@hooks.register("construct_homepage_panels")
def add_translation_panels(request, panels):
    """Editors and administrators get every language; a translator, only their own."""
    user = request.user
    if not admin_views.can_see_translation_status(user):
        return
    sends = explorer_status.sends_for_translation(user)
    own = explorer_status.translator_languages(user)
    if own:
        panels.insert(0, TranslatorWorkPanel(own, can_submit=sends))
    if sends or not own:
        panels.insert(0, TranslationSummaryPanel())

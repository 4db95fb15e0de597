from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from home import admin_views, translation_status
from portal import languages, machine_translation


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


class TranslationSummaryPanel(Component):
    """The dashboard's first panel: what needs translating, and whether machine translation works."""

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


@hooks.register("construct_homepage_panels")
def add_translation_summary(request, panels):
    if admin_views.can_see_translation_status(request.user):
        panels.insert(0, TranslationSummaryPanel())

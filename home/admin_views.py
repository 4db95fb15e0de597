"""The admin's translation views: the status report, and the explorer's status column and filters."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.filters import ChoiceFilter
from wagtail.admin.ui.tables import BaseColumn
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home import explorer_status, translation_status
from portal import languages

# Not colour alone: each status has a symbol, and its name for screen readers and on hover.
SYMBOLS = {
    translation_status.MISSING: "✗",
    translation_status.IN_PROGRESS: "✎",
    translation_status.OUTDATED: "⚠",
    translation_status.UP_TO_DATE: "✓",
}


def can_see_translation_status(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


def status_mark(cell):
    """What a template needs to show a Cell: symbol, code, status name and a title in the admin's language."""
    label = translation_status.LABELS.get(cell.status, cell.status)
    language = explorer_status.language_label(cell.language)
    return {
        "code": cell.language,
        "language": language,
        "status": cell.status,
        "symbol": SYMBOLS.get(cell.status, "•"),
        "label": label,
        "title": _("Translation into %(language)s: %(status)s") % {"language": language, "status": label},
        "page_id": cell.page_id,
    }


def translation_status_report(request):
    """Per page and language: missing, in progress, outdated or up to date; filterable.

    A translator sees their own languages until they choose another one or "all".
    """
    if not can_see_translation_status(request.user):
        raise PermissionDenied
    asked = request.GET.get("language")
    wanted_language = asked if asked in languages.BY_CODE and asked != languages.SOURCE_LANGUAGE else None
    wanted_status = request.GET.get("status") if request.GET.get("status") in translation_status.STATUSES else None
    page_id = request.GET.get("page") if (request.GET.get("page") or "").isdigit() else None
    mine = [] if explorer_status.sends_for_translation(request.user) else explorer_status.translator_languages(request.user)
    showing_mine = bool(mine) and not wanted_language and asked != "all"
    codes = [wanted_language] if wanted_language else (mine if showing_mine else explorer_status.target_codes())
    rows = translation_status.status_rows(codes, page_id=page_id)
    if wanted_status:
        rows = [row for row in rows if any(cell.status == wanted_status for cell in row.cells)]
    return render(
        request,
        "home/admin/translation_status.html",
        {
            "rows": [(row.source, [status_mark(cell) for cell in row.cells]) for row in rows],
            "summary": translation_status.summary(rows),
            "target_languages": [(code, explorer_status.language_label(code)) for code in codes],
            "all_languages": [(code, explorer_status.language_label(code)) for code in explorer_status.target_codes()],
            "statuses": [(status, translation_status.LABELS[status], SYMBOLS.get(status, "•")) for status in translation_status.STATUSES],
            "wanted_language": wanted_language,
            "wanted_status": wanted_status,
            "my_languages": [explorer_status.language_label(code) for code in mine],
            "showing_mine": showing_mine,
            # With a few languages there is room to write each status out.
            "spell_out": len(codes) <= 3,
            "source_language": languages.SOURCE_LANGUAGE,
            "filtered_page": Page.objects.filter(pk=page_id).first() if page_id else None,
            "page_title": _("Translation status"),
        },
    )


class TranslationStatusColumn(BaseColumn):
    """The explorer's "Translations" column: a mark per language on a Korean page, its own status on a translation.

    The statuses of every row are worked out once per table (explorer_status.cells_for_pages:
    a fixed number of queries), the first time a cell asks, so the column works in any page listing.
    """

    cell_template_name = "home/admin/explorer_status_cell.html"

    def _cells(self, table):
        if not hasattr(table, "_translation_cells"):
            table._translation_cells = explorer_status.cells_for_pages(table.data)
        return table._translation_cells

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        cells = self._cells(parent_context["table"]).get(instance.pk, [])
        context["marks"] = [status_mark(cell) for cell in cells]
        # A translation's only cell is its own page; a Korean page's cells are its translations.
        context["is_source"] = bool(cells) and not (len(cells) == 1 and cells[0].page_id == instance.pk)
        return context


class _ChoiceWithoutQuery(ChoiceFilter):
    """Its value is read by TranslationFilterSet.filter_queryset, which needs both choices together."""

    def filter(self, queryset, value):
        return queryset


class TranslationFilterSet(PageViewSet.filterset_class):
    """The explorer's filters plus "translation status" in my language(s), or in a language an editor picks."""

    # The query parameters' names; in the methods below, translation_status is still the module.
    translation_status = _ChoiceWithoutQuery(
        label=gettext_lazy("Translation"), choices=(), empty_label=gettext_lazy("Any"), widget=forms.RadioSelect
    )
    translation_language = _ChoiceWithoutQuery(label=gettext_lazy("Translation into"), choices=(), empty_label=gettext_lazy("Any language"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.own_languages = []
        if user is not None and not explorer_status.sends_for_translation(user):
            self.own_languages = explorer_status.translator_languages(user)
        status_filter = self.filters["translation_status"]
        status_filter.extra["choices"] = [(status, translation_status.LABELS[status]) for status in translation_status.STATUSES]
        if len(self.own_languages) == 1:
            status_filter.label = gettext_lazy("In my language")
            del self.filters["translation_language"]
        else:
            codes = self.own_languages or explorer_status.target_codes()
            self.filters["translation_language"].extra["choices"] = [(code, explorer_status.language_label(code)) for code in codes]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("translation_status")
        code = self.form.cleaned_data.get("translation_language")
        if not (status or code):
            return queryset
        # A language alone asks for the pages with work left in it: anything not up to date.
        statuses = {status} if status else set(translation_status.STATUSES) - {translation_status.UP_TO_DATE}
        codes = [code] if code else (self.own_languages or None)
        return queryset.filter(pk__in=explorer_status.page_ids_with_status(statuses, codes))


class TranslationStatusPageViewSet(PageViewSet):
    """Wagtail's page explorer (documented way: a PageViewSet for Page) with translation statuses and filters."""

    columns = PageViewSet.columns + [TranslationStatusColumn("translations", label=gettext_lazy("Translations"))]
    filterset_class = TranslationFilterSet

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home import translation_status
from portal import languages


def can_see_translation_status(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


def translation_status_report(request):
    """Per page and language: missing, in progress, outdated or up to date; filterable."""
    if not can_see_translation_status(request.user):
        raise PermissionDenied
    wanted_language = request.GET.get("language") if request.GET.get("language") in languages.BY_CODE else None
    wanted_status = request.GET.get("status") if request.GET.get("status") in translation_status.STATUSES else None
    page_id = request.GET.get("page") if (request.GET.get("page") or "").isdigit() else None
    rows = translation_status.status_rows([wanted_language] if wanted_language else None, page_id=page_id)
    if wanted_status:
        rows = [row for row in rows if any(cell.status == wanted_status for cell in row.cells)]
    target_codes = [cell.language for cell in rows[0].cells] if rows else []
    return render(
        request,
        "home/admin/translation_status.html",
        {
            "rows": rows,
            "summary": translation_status.summary(rows),
            "target_languages": [languages.get(code) for code in target_codes],
            "all_languages": [language for language in languages.LANGUAGES if language.code != languages.SOURCE_LANGUAGE],
            "statuses": [(status, translation_status.LABELS[status]) for status in translation_status.STATUSES],
            "wanted_language": wanted_language,
            "wanted_status": wanted_status,
            "filtered_page": Page.objects.filter(pk=page_id).first() if page_id else None,
            "page_title": _("Translation status"),
        },
    )

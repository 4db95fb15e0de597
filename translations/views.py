from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import Translation

from portal import languages
from translations import changes


def _target_page(translation):
    target = translation.get_target_instance()
    if not isinstance(target, Page):
        raise PermissionDenied
    return target


def changed_segments(request, translation_id):
    """The changed source segments of one translation: old and new source side by side, one input each."""
    translation = get_object_or_404(Translation.objects.select_related("source", "target_locale"), pk=translation_id)
    target = _target_page(translation)
    permissions = target.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    language = languages.get(translation.target_locale.language_code)
    if request.method == "POST":
        if "publish" in request.POST and not permissions.can_publish():
            raise PermissionDenied  # refused before anything is saved
        texts = {int(key.split("-", 1)[1]): value for key, value in request.POST.items()
                 if key.startswith("segment-") and key.split("-", 1)[1].isdigit()}
        with transaction.atomic():
            saved = changes.save_translations(translation, texts, request.user)
        if "publish" in request.POST:
            try:
                translation.save_target(user=request.user, publish=True)
            except ValidationError:
                messages.error(request, _("The translation was saved but could not be published: open it in the translation editor to see why."))
            else:
                messages.success(request, _("Published in %(language)s.") % {"language": language.native_name})
                return redirect(reverse("wagtailadmin_pages:edit", args=[target.id]))
        else:
            messages.success(request, _("Translations saved: %(count)s.") % {"count": saved})
        return redirect(reverse("translation_changes", args=[translation.id]))
    return render(request, "translations/changes.html", {
        "translation": translation,
        "target": target,
        "language": language,
        "source_language": languages.get(languages.SOURCE_LANGUAGE),
        "segments": changes.changed_segments(translation),
        "can_publish": permissions.can_publish(),
        "page_title": _("What changed in the source"),
    })

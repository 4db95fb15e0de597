"""Importing places (CSV) and events (iCalendar) from the admin: upload → preview → confirm → saved.

Thin views over services.import_preview (the commands' importers, previewed
in a rolled-back transaction) and services.pending_imports (the upload kept on
the server between preview and confirmation, named by a signed token).

A file with bad lines: the preview lists each one with its line number and
reason, and the confirmation saves the good lines only. Refusing the whole
file would hold back every good row for one broken line of an open-data
export, which the editor cannot fix at the source; saving without asking
would hide the broken lines. So nothing is saved until the editor has seen
exactly which lines will be skipped and confirmed, and the report after
saving lists them again. A file nothing can be read from (no required
columns, a calendar cut off) has nothing to confirm.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import HeaderButton

from portal import languages
from services import import_preview, importer, pending_imports
from services.models import Region


class UploadForm(forms.Form):
    file = forms.FileField()

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = kind.file_label

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.text = pending_imports.read_upload(uploaded)
        except pending_imports.UploadTooLarge:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.")
                                        % {"size": pending_imports.MAX_UPLOAD_BYTES // (1024 * 1024)})
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and upload it again."))
        return uploaded

    def options(self):
        return {}


class EventsUploadForm(UploadForm):
    locale = forms.ChoiceField(
        label=gettext_lazy("Language of the titles and descriptions"), initial=languages.SOURCE_LANGUAGE,
        choices=[(language.code, language.native_name if language.native_name == language.name
                  else f"{language.native_name} ({language.name})") for language in languages.LANGUAGES],
        help_text=gettext_lazy("Korean imports the events; another language translates the Korean events "
                               "with the same UIDs (only titles and descriptions are read)."))
    region = forms.ModelChoiceField(
        Region.objects.all(), to_field_name="code", required=False, label=gettext_lazy("Region of every event"),
        help_text=gettext_lazy("Leave empty to take the region that holds each event's point."))

    def options(self):
        region = self.cleaned_data.get("region")
        return {"locale": self.cleaned_data["locale"], "region": region.code if region else ""}


FORMS = {"places": UploadForm, "events": EventsUploadForm}


def kind_for_model(model):
    return next((kind for kind in import_preview.KINDS.values() if kind.model is model), None)


class ImportButtonIndexView:
    """A places or events listing with an "Import" button in its header, for those who may import."""

    @cached_property
    def header_buttons(self):
        kind = kind_for_model(self.model)
        if kind is None or not import_preview.can_import(self.request.user, kind):
            return super().header_buttons
        return [*super().header_buttons,
                HeaderButton(_("Import"), url=reverse("services_import", args=[kind.name]), icon_name="upload")]


class ImportMenuItem(MenuItem):
    """Places → Import places / Import events, shown to those who may import them."""

    def __init__(self, kind, order):
        super().__init__(kind.upload_title, reverse("services_import", args=[kind.name]), icon_name="upload",
                         name=f"import-{kind.name}", order=order)
        self.kind = kind

    def is_shown(self, request):
        return import_preview.can_import(request.user, self.kind)


def _kind(request, kind_name):
    kind = import_preview.KINDS.get(kind_name)
    if kind is None:
        raise Http404
    if not import_preview.can_import(request.user, kind):
        raise PermissionDenied
    return kind


def _listing_url(kind):
    return reverse(f"wagtailsnippets_services_{kind.model._meta.model_name}:list")


def _context(kind, **extra):
    return {"kind": kind, "listing_url": _listing_url(kind), "upload_url": reverse("services_import", args=[kind.name]),
            "columns": importer.COLUMNS, "required_columns": importer.REQUIRED_COLUMNS, **extra}


def upload(request, kind_name):
    kind = _kind(request, kind_name)
    posted = request.method == "POST"
    form = FORMS[kind.name](request.POST if posted else None, request.FILES if posted else None, kind=kind)
    if posted and form.is_valid():
        token = pending_imports.keep(request.user, kind.name, form.text, form.options(), form.cleaned_data["file"].name)
        return redirect(f"{reverse('services_import_preview', args=[kind.name])}?token={token}")
    return render(request, "services/admin/import_upload.html",
                  _context(kind, form=form, page_title=kind.upload_title))


def preview(request, kind_name):
    kind = _kind(request, kind_name)
    token = request.GET.get("token", "")
    upload = pending_imports.find(request.user, kind.name, token)
    if upload is None:
        messages.error(request, _("This upload has expired or was already imported. Upload the file again."))
        return redirect("services_import", kind.name)
    outcome = import_preview.preview(kind, upload.text, upload.options)
    return render(request, "services/admin/import_report.html", _context(
        kind, outcome=outcome, token=token, upload=upload, is_preview=True,
        page_title=kind.preview_title))


@require_POST
def confirm(request, kind_name):
    kind = _kind(request, kind_name)
    upload = pending_imports.take(request.user, kind.name, request.POST.get("token", ""))
    if upload is None:
        messages.error(request, _("This upload has expired or was already imported. Upload the file again."))
        return redirect("services_import", kind.name)
    outcome = import_preview.run(kind, upload.text, upload.options)
    return render(request, "services/admin/import_report.html", _context(
        kind, outcome=outcome, upload=upload, is_preview=False,
        page_title=kind.result_title))

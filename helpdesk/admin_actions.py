"""Changes counsellors make on the case page: each a POST, validated, one call to helpdesk.cases.

On success: back to the case page with a message. On bad input: the case page
again with the form, its errors and everything typed.
"""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk import cases, suggestions
from helpdesk.admin_forms import AnswerForm, AssignForm, NoteForm, OutcomeForm, ReferralForm, StatusForm
from helpdesk.admin_views import can_work_cases, render_case, require
from helpdesk.models import Case, Referral


def _case(request, pk):
    require(request, can_work_cases)
    return get_object_or_404(Case.objects.select_related("region", "assigned_to"), pk=pk)


def _back(case):
    return redirect("helpdesk_admin_case", case.pk)


def _refused(request, case, error):
    return render_case(request, case, status=400, error=str(error))


@require_POST
def answer(request, pk):
    """Send an answer; or, with an "attach" button, put an article link into the answer being written."""
    case = _case(request, pk)
    form = AnswerForm(request.POST)
    attach = request.POST.get("attach", "")
    if attach:
        if not attach.startswith(("https://", "http://", "/")):
            return _refused(request, case, _("That is not a link to a portal article."))
        title = next((item.title for item in suggestions.suggested_articles(case) if item.url == attach), "")
        text = suggestions.with_article(request.POST.get("text", ""), title, attach)
        form = AnswerForm(initial={"text": text, "told_resident": bool(request.POST.get("told_resident"))})
        return render_case(request, case, answer_form=form)
    if not form.is_valid():
        return render_case(request, case, status=400, answer_form=form)
    try:
        _answer, delivery = cases.add_answer(case, request.user, form.cleaned_data["text"],
                                             told_resident=form.cleaned_data["told_resident"])
    except cases.CaseError as error:
        return render_case(request, case, status=400, answer_form=form, error=str(error))
    if delivery.delivered:
        messages.success(request, _("Answer saved: %(how)s.") % {"how": _(delivery.note)})
    else:
        messages.warning(request, _("Answer saved and shown on the resident's case page. %(how)s.") % {"how": _(delivery.note)})
    return _back(case)


@require_POST
def note(request, pk):
    case = _case(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_case(request, case, status=400, note_form=form)
    try:
        cases.add_note(case, request.user, form.cleaned_data["text"])
    except cases.CaseError as error:
        return render_case(request, case, status=400, note_form=form, error=str(error))
    messages.success(request, _("Note added."))
    return _back(case)


@require_POST
def change_status(request, pk):
    case = _case(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render_case(request, case, status=400, status_form=form)
    try:
        cases.change_status(case, form.cleaned_data["status"], request.user)
    except cases.CaseError as error:
        return _refused(request, case, error)
    messages.success(request, _("Status changed."))
    return _back(case)


@require_POST
def assign(request, pk):
    """Assign to the counsellor chosen, or to oneself with the "me" button."""
    case = _case(request, pk)
    if request.POST.get("me"):
        counsellor = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            return render_case(request, case, status=400, assign_form=form)
        counsellor = form.cleaned_data["counsellor"]
    try:
        cases.assign(case, counsellor, request.user)
    except cases.CaseError as error:
        return _refused(request, case, error)
    messages.success(request, _("Assignment saved."))
    return _back(case)


@require_POST
def refer(request, pk):
    case = _case(request, pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return render_case(request, case, status=400, referral_form=form)
    cases.refer(case, form.cleaned_data["partner"], request.user)
    messages.success(request, _("Referral recorded."))
    return _back(case)


@require_POST
def referral_outcome(request, pk, referral_pk):
    case = _case(request, pk)
    referral = get_object_or_404(Referral.objects.select_related("partner", "case"), pk=referral_pk, case=case)
    form = OutcomeForm(request.POST, prefix=f"r{referral.pk}")
    if not form.is_valid():
        return _refused(request, case, _("Choose an outcome."))
    cases.set_referral_outcome(referral, form.cleaned_data["outcome"], request.user)
    messages.success(request, _("Referral outcome saved."))
    return _back(case)


@require_POST
def remove_referral(request, pk, referral_pk):
    case = _case(request, pk)
    referral = get_object_or_404(Referral.objects.select_related("partner", "case"), pk=referral_pk, case=case)
    cases.remove_referral(referral, request.user)
    messages.success(request, _("Referral removed."))
    return _back(case)


@require_POST
def no_article(request, pk):
    """Mark (or unmark) that no portal article answers this question."""
    case = _case(request, pk)
    cases.mark_no_article(case, request.user, no_article=request.POST.get("value", "1") == "1")
    messages.success(request, _("Saved."))
    return _back(case)

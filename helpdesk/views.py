"""The resident's pages: ask for help, and read the answer with the case code.

Thin views: validate with helpdesk.forms, call helpdesk.cases, render. Both
pages are never cached (a code or a question must not sit in a shared
cache) and the code travels only in a POST body, never in a URL.
"""
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from helpdesk import audit, cases
from helpdesk.constants import AuditAction, Status
from helpdesk.forms import AskForm, CodeForm
from portal import busy, ratelimit, too_many_requests

TOO_MANY_QUESTIONS = _(
    "You have sent many questions from this connection in the last hour. Wait an hour and try again, "
    "or call the foreign resident help line 1345."
)
TOO_MANY_LOOKUPS = _("Too many case codes were tried from this connection. Wait an hour and try again.")
ASK_SCOPE = "helpdesk-ask"
NO_SUCH_CASE = _("No case has this code. Check each letter and number and try again.")

# What each status means for the resident, in plain words.
STATUS_EXPLANATIONS = {
    Status.NEW: _("Your question has arrived. A counsellor will read it soon."),
    Status.IN_PROGRESS: _("A counsellor is working on your question."),
    Status.WAITING: _("The counsellor is waiting for you. Read the answer below, or contact the centre."),
    Status.REFERRED: _("Your question was passed to a partner expert (for example a labour attorney or a lawyer). "
                       "The counsellor will tell you what happens next."),
    Status.RESOLVED: _("The counsellor has answered your question."),
    Status.CLOSED: _("This case is closed. If you still need help, ask a new question."),
}


def _page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return too_many_requests.mark(response, 3600)  # both help-desk limits count per hour


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    """/<lang>/help/ask/: the question form; on success, the private case code, shown once."""
    language = translation.get_language()
    status = 200
    if request.method == "POST":
        form = AskForm(request.POST, language=language)
        if form.is_valid():
            # The hourly quota counts questions that were saved, not attempts.
            if ratelimit.over_limit(request, ASK_SCOPE, settings.HELPDESK_ASKS_PER_HOUR, 3600):
                form.add_error(None, TOO_MANY_QUESTIONS)
                status = 429
            else:
                try:
                    case, code = cases.open_case(**form.case_fields())
                except busy.DatabaseBusy as error:
                    status = busy.not_saved(form, error, "A help-desk question")
                else:
                    ratelimit.record(request, ASK_SCOPE, 3600)
                    return _page(request, "helpdesk/asked.html", {"code": code, "case": case})
        else:
            status = 400
    else:
        form = AskForm(language=language)
    return busy.mark(_page(request, "helpdesk/ask.html", {
        "form": form, "retention_months": settings.HELPDESK_RETENTION_MONTHS,
    }, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def case_status(request):
    """/<lang>/help/case/: the code goes in a POST form; the page shows the status and the answers only."""
    status = 200
    if request.method == "POST":
        form = CodeForm(request.POST)
        if ratelimit.hit(request, "helpdesk-code", settings.HELPDESK_CODE_LOOKUPS_PER_HOUR, 3600):
            form.is_valid()
            form.add_error(None, TOO_MANY_LOOKUPS)
            status = 429
        elif form.is_valid():
            case = cases.find_by_code(form.cleaned_data["code"])
            if case is not None:
                audit.record(case, None, AuditAction.RESIDENT_VIEW)
                return _page(request, "helpdesk/case.html", {
                    "status_label": Status(case.status).label,
                    "status_explanation": STATUS_EXPLANATIONS[Status(case.status)],
                    "answers": list(case.answers.only("created_at", "text")),
                    # Counsellors answer in the language the question was asked in, whatever the page's.
                    "answer_language": case.language,
                    "erased": case.is_erased,
                })
            form.add_error("code", NO_SUCH_CASE)
            status = 404
        else:
            status = 400
    else:
        form = CodeForm()
    return _page(request, "helpdesk/case_lookup.html", {"form": form}, status=status)

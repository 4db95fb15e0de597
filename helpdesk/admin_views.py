"""The counsellors' pages in the Wagtail admin: inbox, case page, logging a call, editors' report.

Every page that shows a case's personal data records it in the audit log
(helpdesk.audit); the inbox and the report show none. Changes to a case
are POSTed to helpdesk.admin_actions.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helpdesk import audit, cases, inbox as inbox_module, suggestions
from helpdesk.admin_forms import (
    AnswerForm, AssignForm, InboxFilterForm, LogCaseForm, NoteForm, OutcomeForm, ReferralForm, StatusForm,
)
from helpdesk.constants import MESSENGERS, AuditAction, ContactMethod, Status
from helpdesk.models import Case
from portal import languages, topics

ADD_PERMISSION = "helpdesk.add_case"
ARTICLE_GAPS_PERMISSION = "helpdesk.view_helpdesk_article_gaps"


def can_work_cases(user):
    return user.has_perm(cases.WORK_PERMISSION)


def can_log_cases(user):
    return user.has_perm(ADD_PERMISSION) and can_work_cases(user)


def can_see_article_gaps(user):
    return user.has_perm(ARTICLE_GAPS_PERMISSION)


def require(request, predicate):
    if not predicate(request.user):
        raise PermissionDenied


def _page_number(request):
    text = request.GET.get("p", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 100000 else 1


@never_cache
def inbox(request):
    """Cases newest first, filterable by status, assignment, language and topic; no personal data."""
    require(request, can_work_cases)
    filter_form = InboxFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else InboxFilterForm().filters()
    page = inbox_module.inbox_page(request.user, filters, _page_number(request))
    query = request.GET.copy()
    query.pop("p", None)
    return render(request, "helpdesk/admin/inbox.html", {
        "page_title": _("Help desk inbox"),
        "filter_form": filter_form if request.GET else InboxFilterForm(initial=filters),
        "page": page,
        "rows": inbox_module.inbox_rows(page.cases),
        "query": query.urlencode(),
        "can_log": can_log_cases(request.user),
    })


def _contact(case):
    """The resident's contact for the case page: (method label, value, messenger name)."""
    if not case.contact_method:
        return None
    method = ContactMethod(case.contact_method)
    return {"method": method.label, "value": case.contact_value, "messenger": dict(MESSENGERS).get(case.messenger, case.messenger)}


def render_case(request, case, status=200, **forms):
    """The case page with all its personal data (an audit row), and any forms to show with errors."""
    audit.record(case, request.user, AuditAction.VIEW)
    referrals = list(case.referrals.select_related("partner"))
    context = {
        "page_title": _("Case %(code)s") % {"code": case.code},
        "case": case,
        "contact": _contact(case),
        "language": languages.get(case.language),
        "interpreter_language": languages.get(case.interpreter_language),
        "topic_label": topics.LABELS.get(case.topic, case.topic),
        "answers": list(case.answers.select_related("author")),
        "notes": list(case.notes.select_related("author")),
        "events": list(case.events.select_related("actor")),
        "referrals": [(referral, OutcomeForm(initial={"outcome": referral.outcome}, prefix=f"r{referral.pk}"))
                      for referral in referrals],
        "history": list(cases.history(case)),
        "accesses": list(case.accesses.select_related("user")[:30]),
        "next_statuses": [status for status in Status if status in cases.TRANSITIONS[Status(case.status)]],
        "suggestions": [] if case.is_erased else suggestions.suggested_articles(case),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "status_form": forms.get("status_form") or StatusForm(),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"counsellor": case.assigned_to_id}),
        "referral_form": forms.get("referral_form") or ReferralForm(),
        "error": forms.get("error"),
    }
    return render(request, "helpdesk/admin/case.html", context, status=status)


@never_cache
def case_detail(request, pk):
    require(request, can_work_cases)
    case = get_object_or_404(Case.objects.select_related("region", "assigned_to"), pk=pk)
    return render_case(request, case)


@never_cache
def log_case(request):
    """Log a phone call, a visit or a message as a case; the caller's code is shown once, to read out."""
    require(request, can_log_cases)
    form = LogCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case, code = cases.open_case(**form.case_fields(request.user))
        messages.success(request, _("Case %(code)s logged.") % {"code": case.code})
        return render(request, "helpdesk/admin/logged.html", {
            "page_title": _("Case logged"), "case": case, "code": code,
            "case_url": reverse("helpdesk_admin_case", args=[case.pk]),
        })
    return render(request, "helpdesk/admin/log.html", {"page_title": _("Log a call or visit"), "form": form},
                  status=400 if request.method == "POST" else 200)


def article_gap_rows(language="", topic=""):
    """Cases marked "no article answers this", counted by month, topic and language; no personal data."""
    rows = Case.objects.filter(no_article=True)
    if language:
        rows = rows.filter(language=language)
    if topic:
        rows = rows.filter(topic=topic)
    return (
        rows.annotate(month=TruncMonth("created_at")).values("month", "topic", "language")
        .annotate(count=Count("id")).order_by("-month", "-count", "topic", "language")
    )


@never_cache
def article_gaps(request):
    """Editors: which questions (by topic, language and month) no portal article answers yet."""
    require(request, can_see_article_gaps)
    language = request.GET.get("language", "") if languages.get(request.GET.get("language", "")) else ""
    topic = request.GET.get("topic", "") if request.GET.get("topic") in topics.KEYS else ""
    rows = [
        {**row, "topic_label": topics.LABELS.get(row["topic"], row["topic"]),
         "language_name": getattr(languages.get(row["language"]), "name", row["language"])}
        for row in article_gap_rows(language, topic)[:500]
    ]
    return render(request, "helpdesk/admin/article_gaps.html", {
        "page_title": _("Questions without an article"), "rows": rows,
        "languages": languages.LANGUAGES, "topics": topics.CHOICES,
        "wanted_language": language, "wanted_topic": topic,
    })

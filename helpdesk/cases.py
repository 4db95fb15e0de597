"""The rules of working a case: opening, status, assignment, answers, notes, referrals.

Views (public and admin) parse and validate input, then call one function
here. Each function keeps the derived fields in step (closed_at,
first_answered_at, referred), writes the case's history (CaseEvent) and the
audit log (helpdesk.audit) in the same transaction.
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from helpdesk import audit, channels, codes, crypto
from helpdesk.constants import AuditAction, CaseEventKind, Channel, ContactMethod, ResidentType, Status
from helpdesk.models import Answer, Case, CaseEvent, CaseNote, Referral

# Which status may follow which. Resolved and closed cases can be reopened
# (the resident writes back), erased ones cannot: their question is gone.
TRANSITIONS = {
    Status.NEW: {Status.IN_PROGRESS, Status.WAITING, Status.REFERRED, Status.RESOLVED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.WAITING, Status.REFERRED, Status.RESOLVED, Status.CLOSED},
    Status.WAITING: {Status.IN_PROGRESS, Status.REFERRED, Status.RESOLVED, Status.CLOSED},
    Status.REFERRED: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.RESOLVED: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING, Status.REFERRED)
# Permission that lets a user work cases (counsellors, managers, administrators).
WORK_PERMISSION = "helpdesk.change_case"
INTERPRETER_WITHOUT_INTERPRETATION = _(
    "You chose an interpreter's language: tick “Three-way interpretation” or clear the language.")


class CaseError(ValueError):
    """A change the rules do not allow; the message (translated) says why."""


def _event(case, actor, kind, **fields):
    return CaseEvent.objects.create(case=case, actor=actor, kind=kind, **fields)


def _new_reference_and_code():
    while True:
        code = codes.new_code()
        reference = codes.reference(code)
        if not Case.objects.filter(code=reference).exists():  # 37 bits: a clash is rare, but possible
            return reference, code


@transaction.atomic
def open_case(*, language, topic, question, region=None, contact_method=ContactMethod.NONE, contact_value="",
              messenger="", name="", resident_type=ResidentType.OTHER, channel=Channel.WEB,
              interpretation=False, interpreter_language="", actor=None, assigned_to=None):
    """A new case and its private code (returned once, never stored).

    An interpreter's language without three-way interpretation is refused (CaseError), never dropped: the
    caller's forms ask the counsellor which of the two they meant.
    """
    if interpreter_language and not interpretation:
        raise CaseError(INTERPRETER_WITHOUT_INTERPRETATION)
    reference, code = _new_reference_and_code()
    if contact_method in (ContactMethod.NONE, ContactMethod.VISIT):
        contact_value, messenger = "", ""
    case = Case.objects.create(
        code=reference, code_hash=codes.secret_hash(code), language=language, topic=topic, region=region,
        question=question, contact_method=contact_method, contact_value=contact_value, messenger=messenger,
        contact_hash=crypto.contact_hash(contact_method, contact_value, messenger), name=name,
        resident_type=resident_type or ResidentType.OTHER, channel=channel, interpretation=interpretation,
        interpreter_language=interpreter_language, assigned_to=assigned_to,
    )
    _event(case, actor, CaseEventKind.CREATED, to_status=case.status)
    if actor is not None:
        audit.record(case, actor, AuditAction.LOG)
    return case, code


def find_by_code(typed):
    """The case a resident's code opens, or None; the secret half is compared in constant time."""
    reference = codes.reference(typed)
    case = Case.objects.filter(code=reference).first() if reference else None
    # Compare even when nothing was found, so a wrong reference takes as long as a wrong secret.
    if codes.matches(typed, case.code_hash if case else ""):
        return case
    return None


def _require_not_erased(case):
    if case.is_erased:
        raise CaseError(_("The personal data of this case was erased; it cannot be changed any more."))


@transaction.atomic
def change_status(case, new_status, user):
    new_status = Status(new_status)
    if new_status == case.status:
        return case
    if new_status not in TRANSITIONS[Status(case.status)]:
        raise CaseError(_("A case cannot go from “%(old)s” to “%(new)s”.") % {
            "old": Status(case.status).label, "new": new_status.label})
    if case.status == Status.CLOSED:
        _require_not_erased(case)
    old_status = case.status
    case.status = new_status
    if new_status == Status.CLOSED:
        case.closed_at = timezone.now()
    elif old_status == Status.CLOSED:
        case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    _event(case, user, CaseEventKind.STATUS, from_status=old_status, to_status=new_status)
    audit.record(case, user, AuditAction.STATUS)
    return case


def counsellors():
    """Active users who may work cases, for the assignment list."""
    app_label, codename = WORK_PERMISSION.split(".")
    permission = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    group_permission = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    return (
        get_user_model().objects.filter(is_active=True)
        .filter(permission | group_permission | Q(is_superuser=True)).distinct().order_by("username")
    )


@transaction.atomic
def assign(case, counsellor, user):
    """Assign the case to `counsellor` (None: unassign); only users who may work cases."""
    if counsellor is not None and not counsellor.has_perm(WORK_PERMISSION):
        raise CaseError(_("Cases can only be assigned to counsellors."))
    if case.assigned_to_id == (counsellor.pk if counsellor else None):
        return case
    case.assigned_to = counsellor
    case.save(update_fields=["assigned_to"])
    _event(case, user, CaseEventKind.ASSIGNED, detail=counsellor.get_username() if counsellor else "")
    audit.record(case, user, AuditAction.ASSIGN)
    return case


@transaction.atomic
def add_answer(case, user, text, told_resident=False):
    """Save an answer, send it the way the resident chose, keep first_answered_at; returns (answer, Delivery).

    told_resident: the counsellor says they already gave this answer by phone,
    messenger or in person (the channels that have no gateway).
    """
    _require_not_erased(case)
    answer = Answer.objects.create(case=case, author=user, text=text)
    channel = channels.for_case(case)
    delivery = channel.deliver(case, answer)
    if not delivery.delivered and told_resident:
        delivery = channels.Delivery(True, gettext_noop("The counsellor told the resident"))
    answer.delivered_via, answer.delivered, answer.delivery_note = channel.name, delivery.delivered, delivery.note
    answer.save(update_fields=["delivered_via", "delivered", "delivery_note"])
    fields = []
    if case.first_answered_at is None:
        case.first_answered_at = answer.created_at
        fields.append("first_answered_at")
    if case.status == Status.NEW:
        _event(case, user, CaseEventKind.STATUS, from_status=case.status, to_status=Status.IN_PROGRESS)
        case.status = Status.IN_PROGRESS
        fields.append("status")
    if fields:
        case.save(update_fields=fields)
    _event(case, user, CaseEventKind.ANSWERED, detail=delivery.note[:200])
    audit.record(case, user, AuditAction.ANSWER)
    return answer, delivery


@transaction.atomic
def add_note(case, user, text):
    _require_not_erased(case)
    note = CaseNote.objects.create(case=case, author=user, text=text)
    _event(case, user, CaseEventKind.NOTE)
    audit.record(case, user, AuditAction.NOTE)
    return note


def _sync_referred(case):
    referred = case.referrals.exists()
    if case.referred != referred:
        case.referred = referred
        case.save(update_fields=["referred"])


@transaction.atomic
def refer(case, partner, user):
    """Refer the case to a partner; the case counts as referred and, while open, shows the status "referred"."""
    referral = Referral.objects.create(case=case, partner=partner, referred_by=user)
    _sync_referred(case)
    _event(case, user, CaseEventKind.REFERRED, detail=partner.name[:200])
    if case.status in (Status.NEW, Status.IN_PROGRESS, Status.WAITING):
        change_status(case, Status.REFERRED, user)
    audit.record(case, user, AuditAction.REFER)
    return referral


@transaction.atomic
def set_referral_outcome(referral, outcome, user):
    outcome = Referral.Outcome(outcome)
    if referral.outcome == outcome:
        return referral
    referral.outcome = outcome
    referral.save(update_fields=["outcome"])
    _event(referral.case, user, CaseEventKind.REFERRAL_OUTCOME, detail=f"{referral.partner.name[:150]}: {outcome.label}")
    audit.record(referral.case, user, AuditAction.REFER)
    return referral


@transaction.atomic
def remove_referral(referral, user):
    """Undo a referral made by mistake; `referred` follows."""
    case = referral.case
    referral.delete()
    _sync_referred(case)
    _event(case, user, CaseEventKind.REFERRED, detail=f"removed: {referral.partner.name[:150]}")
    audit.record(case, user, AuditAction.REFER)


@transaction.atomic
def mark_no_article(case, user, no_article=True):
    """Record that no portal article answers this question (editors see the count by topic and language)."""
    if case.no_article == no_article:
        return case
    case.no_article = no_article
    case.save(update_fields=["no_article"])
    _event(case, user, CaseEventKind.NO_ARTICLE, detail="yes" if no_article else "no")
    return case


def history(case):
    """The resident's other cases, matched by the keyed hash of the contact they gave, newest first."""
    if not case.contact_hash:
        return Case.objects.none()
    return (
        Case.objects.filter(contact_hash=case.contact_hash).exclude(pk=case.pk)
        .only("id", "code", "created_at", "status", "topic", "language", "channel").order_by("-created_at")
    )

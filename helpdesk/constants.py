"""The help desk's fixed vocabularies: statuses, channels and resident types.

The statistics, the inbox and the open-data page all read these; the codes are
stored, the labels go through gettext.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for resident")
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    MESSENGER = "messenger", _("Messenger")


class ResidentType(models.TextChoices):
    KOREAN_NATIONAL = "korean_national", _("Korean national")
    FOREIGN_WORKER = "foreign_worker", _("Foreign worker")
    MARRIAGE_MIGRANT = "marriage_migrant", _("Marriage migrant")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    """How the resident wants the answer; stored encrypted (it says a lot about them)."""

    PHONE = "phone", _("Call me back by phone")
    EMAIL = "email", _("Email")
    MESSENGER = "messenger", _("Messenger app")
    VISIT = "visit", _("I will visit the centre")
    NONE = "none", _("No contact: I will read the answer with my case code")


# Messenger apps residents in Korea use most; "other" lets them name any.
MESSENGERS = (
    ("kakaotalk", "KakaoTalk"),
    ("zalo", "Zalo"),
    ("whatsapp", "WhatsApp"),
    ("viber", "Viber"),
    ("line", "LINE"),
    ("telegram", "Telegram"),
    ("facebook", "Facebook Messenger"),
    ("wechat", "WeChat"),
    ("imo", "imo"),
    ("other", _("Other")),
)


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    NOTE = "note", _("Note added")
    REFERRED = "referred", _("Referred")
    REFERRAL_OUTCOME = "outcome", _("Referral outcome")
    NO_ARTICLE = "no_article", _("Marked: no article answers this")
    ERASED = "erased", _("Personal data erased")


class AuditAction(models.TextChoices):
    """What someone did with a case's personal data (helpdesk.audit)."""

    VIEW = "view", _("Viewed the case")
    LOG = "log", _("Logged a call or visit")
    ANSWER = "answer", _("Answered")
    NOTE = "note", _("Added a note")
    STATUS = "status", _("Changed the status")
    ASSIGN = "assign", _("Assigned the case")
    REFER = "refer", _("Referred")
    RESIDENT_VIEW = "resident_view", _("Resident read the case with the code")
    ERASE = "erase", _("Erased personal data")

"""How an answer reaches the resident: one small interface, one adapter per way of contact.

E-mail goes through Django's mail backends. Phone call-backs, messenger apps
and visits have no API here: their default adapter only logs (without any
personal data) that the answer waits for the counsellor, who then records
that they called, wrote or met the resident. A centre with a messenger
gateway plugs in its own adapter through settings.HELPDESK_ANSWER_CHANNELS,
{contact method: dotted path}. Every answer is also on the resident's case page.
"""
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from accounts import reading_language
from helpdesk.constants import ContactMethod

logger = logging.getLogger(__name__)


@dataclass
class Delivery:
    delivered: bool
    # Shown in the case history, translated when shown (an English msgid marked
    # with gettext_noop): never the resident's contact or the answer.
    note: str = ""


class AnswerChannel:
    """Delivers one answer to the resident of a case; never raises for a delivery failure."""

    name = "none"

    def deliver(self, case, answer):
        raise NotImplementedError


class CasePageOnly(AnswerChannel):
    """The resident chose no contact: the answer waits on their case page."""

    name = "case_page"

    def deliver(self, case, answer):
        return Delivery(True, gettext_noop("On the resident's case page"))


class CounsellorDelivers(AnswerChannel):
    """No gateway: log that the counsellor must call, write or meet the resident."""

    def __init__(self, method):
        self.name = method

    def deliver(self, case, answer):
        logger.info("Help-desk answer %s for case %s waits for the counsellor (%s)", answer.pk, case.code, self.name)
        return Delivery(False, gettext_noop("Waiting for the counsellor to deliver the answer"))


class EmailChannel(AnswerChannel):
    name = "email"

    def deliver(self, case, answer):
        if not case.contact_value:
            return Delivery(False, gettext_noop("No e-mail address was given"))
        with translation.override(case.language or reading_language.MAIL_FALLBACK):  # never unasked Korean
            context = {
                "answer": answer.text,
                "case_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("helpdesk_case"),
                "reference": case.code,
            }
            subject = render_to_string("helpdesk/email/answer_subject.txt", context).strip()
            body = render_to_string("helpdesk/email/answer.txt", context)
        try:
            sent = send_mail(subject, body, None, [case.contact_value])
        except Exception as error:  # any backend failure: the answer is kept, the counsellor is told
            logger.warning("Help-desk answer e-mail for case %s failed: %s", case.code, type(error).__name__)
            sent = 0
        if not sent:  # portal.mail counts instead of raising when the mail server is down
            return Delivery(False, gettext_noop("The e-mail could not be sent"))
        return Delivery(True, gettext_noop("Sent by e-mail"))


def _default(method):
    if method == ContactMethod.EMAIL:
        return EmailChannel()
    if method in (ContactMethod.PHONE, ContactMethod.MESSENGER, ContactMethod.VISIT):
        return CounsellorDelivers(method)
    return CasePageOnly()


def for_case(case):
    """The adapter for the way of contact the resident chose (settings may replace any)."""
    method = case.contact_method or ContactMethod.NONE
    path = getattr(settings, "HELPDESK_ANSWER_CHANNELS", {}).get(method)
    return import_string(path)() if path else _default(method)

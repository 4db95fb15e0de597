"""Mail that never breaks what the user was doing.

Mail is a side effect of an action: a counsellor's answer, a sign-up, a
moderator's decision, a reply on a followed thread. When the mail server is
down or hangs, the action must still succeed. ResilientEmailBackend (the
EMAIL_BACKEND Django uses) wraps the real backend (settings.EMAIL_INNER_BACKEND:
what EMAIL_BACKEND in the environment names), which waits at most
EMAIL_TIMEOUT seconds per step. It sends through the "mail" circuit breaker,
logs what was not sent and returns how many messages went out instead of
raising, as Django's send_mail() documents: a caller that must know (the help
desk's answer delivery) reads that count.
"""
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from portal import circuit

logger = logging.getLogger(__name__)

# One message refused (a bad address) says nothing about the server: it must
# not open the breaker, or three mistyped addresses would stop everyone's mail.
MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused,)


def breaker():
    return circuit.breaker("mail", failure_threshold=3, reset_after=60.0)


class ResilientEmailBackend(BaseEmailBackend):
    """Sends through the real backend; a failure is logged and counted, never raised."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        # The real backend raises, so that this one sees every failure.
        self.inner = get_connection(settings.EMAIL_INNER_BACKEND, fail_silently=False, **kwargs)

    def open(self):
        # The real connection is opened by send_messages, inside the breaker.
        return None

    def close(self):
        try:
            self.inner.close()
        except Exception as error:  # closing a broken connection: nothing left to lose
            logger.info("Closing the mail connection failed: %s", type(error).__name__)

    def send_messages(self, email_messages):
        """How many of email_messages were sent (0 while the mail server is considered down)."""
        messages = list(email_messages or ())
        if not messages:
            return 0
        mail_breaker = breaker()
        if not mail_breaker.allow():
            logger.warning("%d mail(s) not sent: the mail server failed repeatedly (circuit breaker open)",
                           len(messages))
            return 0
        sent = 0
        try:
            self.inner.open()
            for message in messages:
                sent += self._send_one(message)
        except Exception as error:  # refused, timed out, disconnected, authentication: the server failed
            mail_breaker.record_failure()
            # The type only: SMTP error texts can carry addresses.
            logger.warning("%d of %d mail(s) not sent: the mail server failed (%s)",
                           len(messages) - sent, len(messages), type(error).__name__)
        else:
            mail_breaker.record_success()
        finally:
            self.close()
        return sent

    def _send_one(self, message):
        try:
            return self.inner.send_messages([message])
        except MESSAGE_REFUSED as error:
            logger.warning("A mail was not sent: the server refused it (%s)", type(error).__name__)
            return 0

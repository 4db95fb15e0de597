"""Test doubles of the help desk's own interfaces (helpdesk.channels, Django's mail backend)."""
from django.core.mail.backends.base import BaseEmailBackend

from helpdesk.channels import AnswerChannel, Delivery


class RecordingChannel(AnswerChannel):
    """A messenger gateway that delivers by appending to a list the test reads."""

    name = "recording"
    sent = []

    def deliver(self, case, answer):
        RecordingChannel.sent.append((case.messenger, case.contact_value, answer.text))
        return Delivery(True, "Sent through the test gateway")


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server in tests")

"""A reader's write that could not get into the database in time.

On SQLite a write waits up to SQLITE_BUSY_TIMEOUT seconds for another writer
(an import) and then fails with "database is locked"; on PostgreSQL a write
fails while the server restarts. Either way the reader's form is shown again
with everything typed and a message to send it again (503 with Retry-After),
never an error page, and nothing counts against the reader's quotas.
"""
import logging

from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What the database driver raises when it cannot do the work now (not a bug in the query).
DatabaseBusy = OperationalError
MESSAGE = _("The site is very busy and could not save this. Everything you typed is still here: "
            "send it again in a minute.")
RETRY_AFTER_SECONDS = 30
STATUS = 503


def not_saved(form, error, what):
    """Put MESSAGE on the form and log why `what` was not saved; returns the status to answer with."""
    logger.warning("%s not saved: the database did not answer in time (%s)", what, error)
    form.add_error(None, MESSAGE)
    return STATUS


def mark(response):
    """Tell clients when to try again, on a busy answer; returns the response."""
    if response.status_code == STATUS:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """The last resort for a view whose write met a busy database and did not handle it (sign-up, say).

    The reader gets a short page in their language that says to go back and
    send again (503, Retry-After), not "Something went wrong": the browser's
    back button still holds what they typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseBusy):
            return None
        from django.template import loader
        from django.http import HttpResponse
        from django.utils import translation

        from portal import languages

        logger.warning("%s %s: the database did not answer in time (%s)", request.method, request.path, exception)
        language = languages.get(translation.get_language()) or languages.get(languages.SOURCE_LANGUAGE)
        body = loader.get_template("busy.html").render({"current_language": language})
        return mark(HttpResponse(body, status=STATUS))

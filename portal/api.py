"""What every JSON API of the portal shares: the reader's locale, rate limits, errors.

Each API view gets the validated locale and runs with it active, so every
error it raises, the rate limit's 429 included, speaks the language the
client asked for. Every answer under /api/ is JSON, errors too: the
LocaleMiddleware below turns the errors Django makes itself (404 for an
unknown address, 405, 500) into JSON and never redirects an API's 404 to a
language prefix.
"""
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import control_characters, languages, ratelimit, too_many_requests

API_PREFIX = "/api/"
WAGTAIL_API_PREFIX = "/api/v2/"  # Wagtail's API: errors are {"message": …}; ours are {"error": …}
RATE_PERIOD = 60  # seconds: SEARCH_RATE_PER_MINUTE


class BadRequest(ValueError):
    """Bad input from a client: the message, already translated, is the answer."""


def json_response(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(message, status=400):
    return json_response({"error": str(message)}, status=status)


def too_many_response(message, period=RATE_PERIOD):
    """429 with the message and a Retry-After saying when the client's window ends."""
    return too_many_requests.mark(json_response({"error": str(message)}, status=too_many_requests.STATUS), period)


def requested_locale(request):
    code = request.GET.get("locale") or languages.SOURCE_LANGUAGE
    if not languages.get(code):
        raise BadRequest(_("Unknown locale %(code)s. Use one of: %(codes)s.") % {
            "code": code[:20], "codes": ", ".join(languages.CODES)})
    return code


def check_parameters(query):
    """BadRequest when a name or value of the query string holds a control character
    (PostgreSQL refuses NUL even in a query's search term)."""
    if control_characters.in_query(query):
        raise BadRequest(_("Query parameters must not contain control characters."))


def limit_parameter(text, maximum):
    """The `limit` parameter: an integer from 1 to maximum, or BadRequest."""
    message = _("limit must be a whole number from 1 to %(max)d.") % {"max": maximum}
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise BadRequest(message)
    if not 1 <= value <= maximum:
        raise BadRequest(message)
    return value


def json_api(rate_scope, too_many):
    """A GET view(request, locale) answering JSON: rate limited per client, BadRequest → 400."""
    def decorate(view):
        @require_GET
        @wraps(view)
        def wrapped(request):
            over_limit = ratelimit.hit(request, rate_scope, settings.SEARCH_RATE_PER_MINUTE, RATE_PERIOD)
            try:
                locale_code = requested_locale(request)
            except BadRequest as error:  # answered in the language of the request (Accept-Language)
                return too_many_response(too_many) if over_limit else error_response(error)
            with translation.override(locale_code):
                if over_limit:
                    return too_many_response(too_many)
                try:
                    check_parameters(request.GET)
                    return view(request, locale_code)
                except BadRequest as error:
                    return error_response(error)
        return wrapped
    return decorate


# Errors Django answers by itself under /api/


def is_api_path(path):
    return path.startswith(API_PREFIX)


def _error_language(request):
    """The requested locale when it is a portal language, else the request's (Accept-Language)."""
    code = request.GET.get("locale")
    return code if languages.get(code or "") else translation.get_language()


def _error_message(response):
    status = response.status_code
    if status == 404:
        return _("Nothing here: check the address against the API documentation.")
    if status == 405:
        return _("Method not allowed: use %(methods)s.") % {"methods": response.get("Allow", "GET")}
    if status >= 500:
        return _("Something went wrong on our side. Try again later.")
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def _as_json_error(request, response):
    """The same error as JSON, in the API's error shape, keeping the status and headers that matter."""
    key = "message" if request.path_info.startswith(WAGTAIL_API_PREFIX) else "error"
    with translation.override(_error_language(request)):
        answer = json_response({key: _error_message(response)}, status=response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            answer[header] = response[header]
    return answer


def _is_json(response):
    return response.get("Content-Type", "").startswith("application/json")


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, except under /api/.

    The APIs take their language from ?locale=, not from the path: a 404 there
    is the answer, not a missing language prefix (Django would redirect it to
    /ko/api/…, an HTML page). And every error there is JSON, including the
    ones Django makes itself: its 404 and 500 pages, an empty 405.
    """

    def process_response(self, request, response):
        if not is_api_path(request.path_info):
            return super().process_response(request, response)
        if response.status_code >= 400 and not _is_json(response):
            response = _as_json_error(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        return response

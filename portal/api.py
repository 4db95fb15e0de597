"""What every JSON API of the portal shares: the reader's locale, rate limits, errors.

Each API view gets the validated locale and runs with it active, so every
error it raises speaks the language the client asked for.
"""
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import languages, ratelimit


class BadRequest(ValueError):
    """Bad input from a client: the message, already translated, is the answer."""


def json_response(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(message, status=400):
    return json_response({"error": str(message)}, status=status)


def requested_locale(request):
    code = request.GET.get("locale") or languages.SOURCE_LANGUAGE
    if not languages.get(code):
        raise BadRequest(_("Unknown locale %(code)s. Use one of: %(codes)s.") % {
            "code": code[:20], "codes": ", ".join(languages.CODES)})
    return code


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
            if ratelimit.hit(request, rate_scope, settings.SEARCH_RATE_PER_MINUTE, 60):
                return error_response(too_many, 429)
            try:
                locale = requested_locale(request)
            except BadRequest as error:
                return error_response(error)
            with translation.override(locale):
                try:
                    return view(request, locale)
                except BadRequest as error:
                    return error_response(error)
        return wrapped
    return decorate

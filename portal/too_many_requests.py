"""The answer to a client over a rate limit: 429 in the reader's language, with Retry-After.

The pages answer in their URL's language and the JSON APIs in their
?locale= (portal.api); this module adds when to try again: the end of the
window for portal.ratelimit's fixed windows, and for allauth's sign-up and
log-in throttle (whose windows slide) the length of the action's longest
window, after which it has surely room again.
"""
from portal import ratelimit

STATUS = 429


def mark(response, period):
    """Retry-After on a 429 answer of a limit counted per `period` seconds; returns the response."""
    if response.status_code == STATUS:
        response["Retry-After"] = str(ratelimit.retry_after(period))
    return response


def _allauth_window_seconds(request):
    """The longest window of the rates of the allauth action behind this request (its URL name is
    "account_" + the action, as for login and signup), else of every configured rate."""
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    configured = {action: parse_rates(rates) for action, rates in app_settings.RATE_LIMITS.items() if rates}
    url_name = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    rates = configured.get(url_name.removeprefix("account_")) or [r for rates in configured.values() for r in rates]
    return int(max((rate.duration for rate in rates), default=60))


def allauth_page(request):
    """handler429 for allauth (portal/urls.py): its page (the portal's 429.html) with Retry-After."""
    from allauth.core.internal.ratelimit import handler429

    response = handler429(request)
    response["Retry-After"] = str(_allauth_window_seconds(request))
    return response

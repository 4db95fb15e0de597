"""Failed sign-ins of staff counted per client and per account, and the locks they lead to.

Members' logins are throttled by allauth; the admin's username + password
logins and the second-factor codes are counted here, with the same limits
(LOGIN_FAILED_RATE, "amount/period/per" parsed as allauth parses it) and the
same hashed client key (portal.ratelimit.client_id): no address is stored.
Counts are kept apart from allauth's, so no failure is counted twice.

After `amount` failures within `period`, the client or the account is
locked for `period`; the right password or code is refused while locked.
Counts live in the cache: when the cache fails, nothing is counted or
locked, and signing in keeps working.
"""
import hashlib
import logging
import math
import time

from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from portal.ratelimit import client_id

log = logging.getLogger(__name__)


def locked_message(seconds):
    """What a locked-out person reads, in the active language."""
    return gettext("Too many failed attempts. Try again in %(minutes)s min.") % {
        "minutes": max(1, math.ceil(seconds / 60))
    }


class Throttle:
    """Failures of one kind of sign-in (`scope`), per client ("ip") and per account ("key")."""

    def __init__(self, scope):
        self.scope = scope

    def _counters(self, request, account):
        """(rate, cache key) for every limit of LOGIN_FAILED_RATE that applies to this attempt."""
        for rate in parse_rates(settings.LOGIN_FAILED_RATE):
            if rate.per == "ip" and request is not None:
                yield rate, f"{self.scope}:client:{client_id(request)}"
            elif rate.per == "key" and account is not None:
                # Usernames are compared whatever their case, like allauth's emails.
                digest = hashlib.sha256(str(account).casefold().encode()).hexdigest()[:32]
                yield rate, f"{self.scope}:account:{digest}"

    def locked_for(self, request, account):
        """Seconds until the client and the account may try again; 0 when neither is locked."""
        try:
            keys = [f"{key}:locked" for _rate, key in self._counters(request, account)]
            until = max(cache.get_many(keys).values(), default=0)
        except Exception:  # a cache that is down locks nobody out
            log.warning("%s: cannot read the failed sign-in counts", self.scope, exc_info=True)
            return 0
        return max(0, until - time.time())

    def fail(self, request, account):
        """Count one failure; a limit reached locks its client or account for the limit's period."""
        try:
            for rate, key in self._counters(request, account):
                if self._increment(key, rate.duration) >= rate.amount:
                    cache.set(f"{key}:locked", time.time() + rate.duration, math.ceil(rate.duration))
                    cache.delete(key)
        except Exception:
            log.warning("%s: cannot count a failed sign-in", self.scope, exc_info=True)

    def succeed(self, account):
        """Forget the account's failures. The client's stay: one good account must not
        let a client go on guessing others' passwords."""
        try:
            cache.delete_many([key for rate, key in self._counters(None, account) if rate.per == "key"])
        except Exception:
            log.warning("%s: cannot clear the failed sign-in count", self.scope, exc_info=True)

    @staticmethod
    def _increment(key, period):
        """The count after adding one; the window starts at the first failure."""
        if cache.add(key, 1, math.ceil(period)):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, math.ceil(period))
            return 1


PASSWORDS = Throttle("staff-login")
SECOND_FACTOR_CODES = Throttle("second-factor")

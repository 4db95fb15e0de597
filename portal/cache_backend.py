"""Production's Redis cache, which never breaks a page.

The cache is an accelerator: when Redis refuses connections, hangs or
answers with an error, every call answers within a short socket timeout as
Django's DummyCache (a cache that keeps nothing) would: reads miss, writes
do nothing, add() says it stored (so a lock taken with add(), as allauth's
rate limits take one, is never waited for). A request pays for one failure
at most. After repeated failures the "cache" circuit breaker (portal.circuit)
opens and Redis is not asked at all for a while, so pages are served
uncached at full speed instead of each paying the timeout.

One warning is logged when the breaker opens and one when Redis answers
again, never one per request. When Redis answers again after any failure,
`cache_recovered` is sent: its receivers make good the writes lost meanwhile
(a publication's new page-cache generation, say).
"""
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

from portal import circuit

logger = logging.getLogger(__name__)

# Redis on the same network answers in well under a millisecond; waiting
# longer than this for it costs a reader more than the cache saves.
SOCKET_CONNECT_TIMEOUT = 0.25
SOCKET_TIMEOUT = 0.25
BREAKER_NAME = "cache"
# A request pays at most one timeout: after a failure, this instance (Django
# keeps one per thread) answers as DummyCache without asking Redis until the
# request ends (close()), or for this many seconds where no request ends
# (commands, tasks).
QUIET_AFTER_FAILURE = 5.0
CACHE_ERRORS = (RedisError, OSError)

cache_recovered = Signal()


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with short socket timeouts, a circuit breaker and no exceptions.

    A call Redis does not answer returns what DummyCache returns: the default
    for reads, True for add(), nothing for writes, and incr() raises
    ValueError as for a missing key.
    `counter()` is the one call that says when the cache could not answer
    (None), for the rate limits' fallback.
    """

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_CONNECT_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = circuit.breaker(BREAKER_NAME)
        self._quiet_until = 0.0

    def close(self, **kwargs):
        """Called by Django at the end of every request: the next one may ask Redis again."""
        self._quiet_until = 0.0
        super().close(**kwargs)

    # --- the guard every call goes through ---------------------------------

    def _guarded(self, fallback, operation, *args, **kwargs):
        """operation(*args, **kwargs), or `fallback` when Redis fails or the breaker is open."""
        if time.monotonic() < self._quiet_until or not self.breaker.allow():
            return fallback
        try:
            if self.breaker.describe()["consecutive_failures"]:
                self._check_recovery()
            result = operation(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._failed(error)
            return fallback
        except Exception:
            # Not Redis's fault (a value that cannot be pickled, a missing key
            # for incr): Redis answered or was never asked.
            self.breaker.record_success()
            raise
        self.breaker.record_success()
        return result

    def _failed(self, error):
        self._quiet_until = time.monotonic() + QUIET_AFTER_FAILURE
        was_closed = self.breaker.state == circuit.CLOSED
        self.breaker.record_failure()
        if was_closed and self.breaker.state == circuit.OPEN:
            logger.warning(
                "Cache unavailable (%s: %s); pages are served uncached and Redis is not asked for %.0f s at a time.",
                type(error).__name__, error, self.breaker.reset_after,
            )

    def _check_recovery(self):
        """Redis failed before this call: see that it answers, and let lost writes be redone, before the call.

        Receivers run before the call proceeds, so a read that follows already
        sees what they wrote (a new page-cache generation, not the old one).
        """
        was_open = self.breaker.state != circuit.CLOSED
        self._cache.get_client(write=True).ping()
        self.breaker.record_success()
        if was_open:
            logger.warning("Cache answers again.")
        for receiver, outcome in cache_recovered.send_robust(sender=type(self)):
            if isinstance(outcome, Exception):
                logger.error("After the cache's recovery, %r failed: %r", receiver, outcome)

    # --- Django's cache API: DummyCache's answers when Redis cannot answer ----------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(_UNANSWERED, super().incr, key, delta, version)
        if result is _UNANSWERED:
            raise ValueError(f"Key {key!r} not found (the cache did not answer).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded([], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(None, super().clear)

    # --- counting, for the rate limits ----------------------------------------

    def counter(self, key, ttl, increment=True):
        """The count at `key` after adding one (or as it is), kept `ttl` seconds; None when Redis cannot answer."""
        return self._guarded(None, self._count, self.make_and_validate_key(key), ttl, increment)

    def _count(self, key, ttl, increment):
        client = self._cache.get_client(key, write=True)
        if not increment:
            return int(client.get(key) or 0)
        # One round trip, atomic: create the window's key with its expiry, then count.
        pipeline = client.pipeline(transaction=True)
        pipeline.set(key, 0, ex=ttl, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[-1]


_UNANSWERED = object()


def failing():
    """True when the cache's last call failed or its breaker is open: treat it as absent for now.

    Lets a caller skip the follow-up calls of a miss that was really a
    failure. Reads the registry without creating the breaker, so a site
    without Redis shows no "cache" breaker.
    """
    state = circuit.states().get(BREAKER_NAME)
    return bool(state) and (state["state"] != circuit.CLOSED or state["consecutive_failures"] > 0)

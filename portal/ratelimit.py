"""Fixed-window rate limits per client, counted where every worker sees them.

Shared by search, the APIs, posting and the help desk. The counts are kept:
- in Redis when the default cache is portal.cache_backend's (REDIS_URL):
  one atomic INCR per request;
- otherwise in the database (portal.models.RateLimitCount): one upsert per
  request, rows of ended windows deleted at most once a minute per process;
- in this process when the shared store does not answer (Redis down, SQLite
  locked by an import): limits then hold per worker instead of letting
  everything through or failing the request.

The client is identified by a keyed hash of its address, so neither store
ever holds a reader's IP address.
"""
import contextlib
import hashlib
import hmac
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction

from portal import cache_backend, circuit

REDIS = "redis"
DATABASE = "database (shared by workers)"
PROCESS = "process (not shared: run one worker or set REDIS_URL)"

# A rate-limit count must not wait out an import's write lock on SQLite:
# after this the request is counted in the process instead, and the
# database is left alone for the breaker's reset_after.
SQLITE_LOCK_WAIT_MS = 100
PURGE_EVERY_SECONDS = 60
DATABASE_BREAKER = "rate-limit counts"


def _database_breaker():
    return circuit.breaker(DATABASE_BREAKER, failure_threshold=1, reset_after=5.0)


def client_id(request):
    """A keyed hash of the client's address (the proxy's X-Forwarded-For when trusted)."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.RATELIMIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The last address is the one our own proxy saw; earlier ones the client can forge.
            address = forwarded.split(",")[-1].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(request, scope, limit, period):
    """Count one request; True when the client is over `limit` requests per `period` seconds."""
    if limit <= 0:
        return False
    return _count(request, scope, period, increment=1) > limit


def over_limit(request, scope, limit, period):
    """True when the client already made `limit` counted requests in this window; counts nothing.

    For quotas that count only what succeeded: check with this, do the work,
    then record(). Two requests at the same instant may both pass the check.
    """
    if limit <= 0:
        return False
    return _count(request, scope, period, increment=0) >= limit


def record(request, scope, period):
    """Count one request (that succeeded) against the client's quota of `scope`."""
    _count(request, scope, period, increment=1)


def retry_after(period):
    """Whole seconds until the current window of `period` seconds ends (for Retry-After)."""
    return max(1, int(period - time.time() % period) + 1)


def forget_process_counts():
    """Drop the counts kept in this process (tests; they are only the fallback anyway)."""
    _local.clear()


def where_counts_are_kept():
    """{"configured": store, "now": store} (REDIS, DATABASE or PROCESS), for the readiness check."""
    configured = REDIS if _redis() is not None else DATABASE
    if configured == REDIS:
        falling_back = cache_backend.failing()
    else:
        falling_back = circuit.states().get(DATABASE_BREAKER, {}).get("state", circuit.CLOSED) != circuit.CLOSED
    return {"configured": configured, "now": PROCESS if falling_back else configured}


# --- counting -----------------------------------------------------------------

def _count(request, scope, period, increment):
    """The client's count in the current window after adding `increment` (0 or 1)."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_id(request)}:{window}"
    window_ends = (window + 1) * period
    redis = _redis()
    if redis is not None:
        count = redis.counter(key, ttl=max(1, int(window_ends - time.time())) + 1, increment=bool(increment))
    else:
        count = _database_count(key, window_ends, increment)
    if count is None:
        count = _local.count(key, window_ends, increment)
    return count


def _redis():
    """The default cache when it is the resilient Redis cache (it can count atomically), else None."""
    backend = caches["default"]
    return backend if isinstance(backend, cache_backend.ResilientRedisCache) else None


def _database_count(key, window_ends, increment):
    """The count kept in the database, or None when the database does not answer in time."""
    breaker = _database_breaker()
    if not breaker.allow():
        return None
    try:
        # A savepoint inside a caller's transaction, so a failure here does not break it.
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            with _short_lock_wait():
                count = _upsert(key, window_ends) if increment else _read(key)
                _purge_ended_windows()
    except DatabaseError:
        breaker.record_failure()
        return None
    except Exception:
        breaker.record_failure()  # never leave a half-open trial running
        raise
    breaker.record_success()
    return count


def _upsert(key, window_ends):
    from portal.models import RateLimitCount

    quote = connection.ops.quote_name
    table, count = quote(RateLimitCount._meta.db_table), quote("count")
    # One statement, atomic on SQLite and PostgreSQL: concurrent workers never lose a count.
    sql = (
        f"INSERT INTO {table} ({quote('key')}, {count}, {quote('window_ends')}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({quote('key')}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window_ends])
        return cursor.fetchone()[0]


def _read(key):
    from portal.models import RateLimitCount

    return RateLimitCount.objects.filter(key=key).values_list("count", flat=True).first() or 0


_last_purge = 0.0


def _purge_ended_windows():
    """Delete the counts of windows that have ended, at most once every PURGE_EVERY_SECONDS per process."""
    global _last_purge
    from portal.models import RateLimitCount

    now = time.time()
    if abs(now - _last_purge) < PURGE_EVERY_SECONDS:  # abs: a clock set back must not stop the purging
        return
    _last_purge = now
    RateLimitCount.objects.filter(window_ends__lte=int(now)).delete()


@contextlib.contextmanager
def _short_lock_wait():
    """On SQLite, wait at most SQLITE_LOCK_WAIT_MS for another writer's lock (then DatabaseError)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")


class _LocalCounts:
    """Counts kept in this process, when the shared store does not answer."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}  # key: (count, window_ends)

    def count(self, key, window_ends, increment):
        with self._lock:
            if len(self._counts) > 10_000:
                now = time.time()
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count = self._counts.get(key, (0, window_ends))[0] + increment
            if increment:
                self._counts[key] = (count, window_ends)
            return count

    def clear(self):
        with self._lock:
            self._counts.clear()


_local = _LocalCounts()

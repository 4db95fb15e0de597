"""Readiness: can this worker serve readers well, and what is it doing without?

/readyz answers JSON with one entry per dependency and the process's circuit
breakers (portal.circuit). Only the database is essential: without it the
answer is 503 "unavailable". A cache, search cluster or shared rate-limit
store that does not answer makes it "degraded" (still 200): pages are then
served uncached, searches by the embedded engine, limits counted per process.

Nothing personal or secret is reported: no addresses, no URLs, no error
messages (a driver's message can name a host or a user), only states,
engine names, exception class names and latencies.
"""
import secrets
import time

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal import cache_backend, circuit, ratelimit

READY, DEGRADED, UNAVAILABLE, OK = "ready", "degraded", "unavailable", "ok"
# A load balancer polls this every few seconds: never wait long for a cluster.
SEARCH_PING_TIMEOUT = 0.5


def _milliseconds_since(started):
    return round((time.perf_counter() - started) * 1000, 1)


def _breaker_state(name):
    """The state of the breaker `name` without creating it ("closed" when never used)."""
    return circuit.states().get(name, {}).get("state", circuit.CLOSED)


def check_database():
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"status": UNAVAILABLE, "engine": connection.vendor, "error": type(error).__name__}
    return {"status": OK, "engine": connection.vendor, "latency_ms": _milliseconds_since(started)}


def check_cache():
    """A set/get round trip; the Redis cache turns its failures into misses, so a miss is a failure here."""
    cache = caches["default"]
    if not isinstance(cache, cache_backend.ResilientRedisCache):
        return {"status": OK, "backend": "process"}
    if _breaker_state(cache_backend.BREAKER_NAME) == circuit.OPEN:
        return {"status": DEGRADED, "backend": "redis", "breaker": circuit.OPEN}
    key, token = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    started = time.perf_counter()
    cache.set(key, token, 10)
    answered = cache.get(key) == token
    latency = _milliseconds_since(started)
    if answered:
        cache.delete(key)
    return {"status": OK if answered else DEGRADED, "backend": "redis", "latency_ms": latency,
            "breaker": _breaker_state(cache_backend.BREAKER_NAME)}


def check_search():
    """Which engine answers searches; for Elasticsearch a short ping through its breaker."""
    from search import engines

    cluster = engines.configured_elasticsearch()
    if cluster is None:
        return {"status": OK, "engine": "database"}
    breaker = getattr(cluster, "breaker", None) or circuit.breaker("search")
    result = {"engine": cluster.name, "fallback": "database"}
    if not breaker.allow():
        return {"status": DEGRADED, **result, "breaker": breaker.state}
    started = time.perf_counter()
    try:
        # ping() answers False for a refused or timed-out connection instead of raising.
        answered = cluster.client.options(request_timeout=SEARCH_PING_TIMEOUT, max_retries=0).ping()
    except Exception:
        answered = False
    if answered:
        breaker.record_success()
    else:
        breaker.record_failure()
    return {"status": OK if answered else DEGRADED, **result, "latency_ms": _milliseconds_since(started),
            "breaker": breaker.state}


def check_rate_limits():
    kept = ratelimit.where_counts_are_kept()
    result = {"status": OK if kept["now"] == kept["configured"] else DEGRADED, "counts": kept["now"]}
    if kept["now"] != kept["configured"]:
        result["configured"] = kept["configured"]
    return result


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search, "rate_limits": check_rate_limits}


def readiness():
    """(overall status, {check: result}): unavailable without the database, degraded without anything else."""
    checks = {name: check() for name, check in CHECKS.items()}
    if checks["database"]["status"] != OK:
        return UNAVAILABLE, checks
    if any(result["status"] != OK for result in checks.values()):
        return DEGRADED, checks
    return READY, checks


@never_cache
def readyz(request):
    """Readiness for a load balancer or an operator: JSON, 503 only when the database does not answer."""
    status, checks = readiness()
    body = {"status": status, "checks": checks, "breakers": circuit.states()}
    return JsonResponse(body, status=503 if status == UNAVAILABLE else 200)

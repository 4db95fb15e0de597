"""A Redis cache that is down or hangs never breaks a page (issue 11).

The cache is production's (portal.cache_backend.ResilientRedisCache, its
default timeouts) pointed at a dead port (refuses at once) or a black hole
(accepts, never answers). Every public page kind and API must answer 200
within a second, the first request included; rate limits must still limit;
and with the real Redis on 127.0.0.1:6379 the same backend must work as a
cache should.
"""
import logging
import time
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import cache_backend, circuit, page_cache, ratelimit
from tests.accounts.conftest import PASSWORD, logged_in, make_member
from tests.conftest import article
from tests.services.conftest import make_event, make_place, regions  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

REAL_REDIS = "redis://127.0.0.1:6379/15"
ARTICLE = "/en/work/fault-wages/"
PUBLIC_URLS = [
    "/en/",  # a home page
    "/en/work/",  # a topic index
    ARTICLE,
    "/en/search/?q=wages",
    "/api/v1/search?q=wages&locale=en",
    "/api/v1/places?region=KR-41110&locale=en",
    "/api/v1/events?region=KR-41",
    "/api/v2/pages/",
    "/en/places/",
    "/healthz",
]


def resilient_cache(location, prefix="portal-test-faults"):
    return {"default": {"BACKEND": "portal.cache_backend.ResilientRedisCache", "LOCATION": location,
                        "KEY_PREFIX": prefix}}


@pytest.fixture(params=["dead port", "black hole"])
def broken_redis(request, settings):
    """A function that points the cache at a Redis that refuses connections, or one that never answers."""
    if request.param == "dead port":
        port = request.getfixturevalue("dead_port")
    else:
        port = request.getfixturevalue("black_hole").port

    def use():
        settings.CACHES = resilient_cache(f"redis://127.0.0.1:{port}/0")  # the setting_changed signal resets caches
        assert isinstance(caches["default"], cache_backend.ResilientRedisCache)

    return use


@pytest.fixture
def real_redis(settings):
    """The Redis on 127.0.0.1:6379 (database 15) under a prefix of this test's own, removed afterwards."""
    client = redis.Redis.from_url(REAL_REDIS, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        # Every machine of this project (and CI) runs Redis there: its absence is a fault to see, not a skip.
        pytest.fail("no Redis answers on 127.0.0.1:6379; start one (redis-server --daemonize yes) to run the cache tests")
    prefix = f"portal-test-{uuid.uuid4().hex}"

    def use():
        settings.CACHES = resilient_cache(REAL_REDIS, prefix)

    use()
    yield client, prefix, use
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def site(import_jsonl, regions, make_place, make_event):  # noqa: F811
    """One article (Korean and English), a place and an event: a page of every kind has something to show."""
    import_jsonl(article(key="fault-wages"), article(key="fault-wages", locale="en", title="Unpaid wages"))
    make_place("수원시 외국인복지센터", 37.280, 127.047, region=regions["KR-41110"])
    make_event("한국어 교실", region=regions["KR-41110"])


def timed_get(client, url, **extra):
    started = time.perf_counter()
    response = client.get(url, **extra)
    return response, time.perf_counter() - started


def timed_post(client, url, data):
    started = time.perf_counter()
    response = client.post(url, data)
    return response, time.perf_counter() - started


def test_every_public_page_and_api_answers_within_a_second_without_the_cache(client, site, broken_redis, caplog):
    for url in PUBLIC_URLS:  # warm: templates compiled, catalogs loaded, as in a worker that has served before
        assert client.get(url).status_code == 200, url
    broken_redis()
    caplog.set_level(logging.WARNING, logger="portal.cache_backend")
    for url in PUBLIC_URLS * 2:  # the first round pays the failures until the breaker opens
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, url
        assert seconds < 1.0, f"{url} took {seconds:.2f} s"
    assert b"Unpaid wages" in client.get(ARTICLE).content
    assert circuit.states()["cache"]["state"] == circuit.OPEN
    opened = [r for r in caplog.records if r.name == "portal.cache_backend" and "unavailable" in r.getMessage()]
    assert len(opened) == 1, "the outage is logged once, not per request"


def test_readiness_shows_the_cache_degraded_and_its_breaker_open(client, broken_redis):
    broken_redis()
    for _ in range(3):
        response, seconds = timed_get(client, "/readyz")
        assert response.status_code == 200 and seconds < 1.0
    data = client.get("/readyz").json()
    assert data["status"] == "degraded"
    assert data["checks"]["cache"] == {"status": "degraded", "backend": "redis", "breaker": circuit.OPEN}
    assert data["checks"]["database"]["status"] == "ok"
    assert data["breakers"]["cache"] == {"state": circuit.OPEN, "consecutive_failures": 3}


def test_healthz_never_asks_the_cache(client, dead_port, settings):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{dead_port}/0")
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert circuit.states().get("cache", {}).get("consecutive_failures", 0) == 0


def open_the_breaker():
    """Three requests' worth of failures (a request pays for one failure at most, then its calls are misses)."""
    for _ in range(3):
        cache.get("k")
        cache.close()  # what Django does at the end of every request
    assert circuit.states()["cache"]["state"] == circuit.OPEN


def test_every_cache_call_answers_as_a_cache_that_keeps_nothing_and_never_raises(broken_redis):
    broken_redis()
    dummy = DummyCache("dummy", {})
    assert cache.get("k", "default") == dummy.get("k", "default") == "default"
    assert cache.add("k", 1) is dummy.add("k", 1) is True  # a lock taken with add() is not waited for
    assert cache.set("k", 1) is None
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.get_many(["a", "b"]) == dummy.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == dummy.set_many({"a": 1, "b": 2}) == []
    assert cache.has_key("k") is False and cache.touch("k") is False and cache.delete("k") is False
    assert cache.delete_many(["a"]) is None and cache.clear() is None
    with pytest.raises(ValueError):  # incr and decr: as for a missing key, which callers already handle
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    assert caches["default"].counter("k", ttl=60) is None
    open_the_breaker()


def test_a_request_pays_for_one_failure_at_most(black_hole, settings):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{black_hole.port}/0")
    started = time.perf_counter()
    for _ in range(10):
        cache.get("k")
    assert time.perf_counter() - started < 0.5  # one read timeout (0.25 s), not ten
    assert circuit.states()["cache"]["consecutive_failures"] == 1


def test_once_the_breaker_is_open_redis_is_not_asked(black_hole, settings):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{black_hole.port}/0")
    open_the_breaker()
    connections = len(black_hole.connections)
    started = time.perf_counter()
    for _ in range(100):
        cache.get("k")
        cache.set("k", 1)
    assert time.perf_counter() - started < 0.1
    assert len(black_hole.connections) == connections


def test_rate_limits_still_limit_while_redis_is_down(client, site, broken_redis, settings):
    broken_redis()
    settings.SEARCH_RATE_PER_MINUTE = 3
    statuses = [client.get("/api/v1/search", {"q": "wages", "locale": "en"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/search", {"q": "wages", "locale": "en"}, REMOTE_ADDR="10.9.8.7").status_code == 200
    assert ratelimit.where_counts_are_kept() == {"configured": ratelimit.REDIS, "now": ratelimit.PROCESS}


def test_members_sign_in_promptly_while_redis_is_down(client, broken_redis):
    """allauth takes a lock with cache.add() before counting failures: it must not wait for a cache that is gone."""
    make_member("lan@example.org", "Lan")
    broken_redis()
    wrong, seconds = timed_post(client, "/en/account/login/", {"login": "lan@example.org", "password": "guess"})
    assert wrong.status_code == 200 and b"not correct" in wrong.content and seconds < 1.0
    right, seconds = timed_post(client, "/en/account/login/", {"login": "lan@example.org", "password": PASSWORD})
    assert right.status_code == 302 and seconds < 1.0
    assert logged_in(client)


# --- the real Redis ----------------------------------------------------------------


def test_with_a_real_redis_the_backend_is_a_cache(real_redis):
    client, prefix, _ = real_redis
    assert cache.get("k") is None
    cache.set("k", {"a": [1, 2]}, 60)
    assert cache.get("k") == {"a": [1, 2]}
    assert cache.add("k", "other") is False and cache.add("new", 1) is True
    assert cache.incr("new", 4) == 5 and cache.decr("new") == 4
    assert cache.get_many(["k", "new", "absent"]) == {"k": {"a": [1, 2]}, "new": 4}
    assert cache.set_many({"x": 1, "y": 2}) == [] and cache.get("y") == 2
    assert cache.has_key("x") and cache.touch("x", 60) and cache.delete("x") and not cache.has_key("x")
    assert caches["default"].counter("count", ttl=60) == 1
    assert caches["default"].counter("count", ttl=60) == 2
    assert caches["default"].counter("count", ttl=60, increment=False) == 2
    assert 0 < client.ttl(f"{prefix}:1:count") <= 60
    assert all(key.decode().startswith(prefix) for key in client.scan_iter(f"{prefix}:*"))
    assert circuit.states()["cache"] == {"state": circuit.CLOSED, "consecutive_failures": 0}


def test_with_a_real_redis_pages_are_served_from_it(client, site, real_redis):
    assert client.get(ARTICLE).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ARTICLE)
    assert response.status_code == 200 and b"Unpaid wages" in response.content
    assert len(queries) == 0


def test_with_a_real_redis_rate_limits_count_there(client, site, real_redis, settings):
    redis_client, prefix, _ = real_redis
    settings.SEARCH_RATE_PER_MINUTE = 3
    statuses = []
    for _ in range(4):
        ratelimit.forget_process_counts()  # another worker: nothing in this process counts
        statuses.append(client.get("/api/v1/search", {"q": "wages", "locale": "en"}).status_code)
    assert statuses == [200, 200, 200, 429]
    assert [key for key in redis_client.scan_iter(f"{prefix}:*ratelimit:*")]
    assert ratelimit.where_counts_are_kept() == {"configured": ratelimit.REDIS, "now": ratelimit.REDIS}


def test_a_publication_made_while_redis_was_down_shows_once_it_answers_again(client, site, real_redis, dead_port,
                                                                             settings, import_jsonl, monkeypatch):
    _, _, use_real_redis = real_redis
    assert b"Unpaid wages" in client.get(ARTICLE).content  # cached in Redis
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{dead_port}/0")
    import_jsonl(article(key="fault-wages", locale="en", title="Unpaid wages, updated"))  # its invalidation is lost
    for _ in range(3):
        assert b"Unpaid wages, updated" in client.get(ARTICLE).content  # uncached meanwhile
    assert circuit.states()["cache"]["state"] == circuit.OPEN

    use_real_redis()  # Redis is back, with the page of the old generation in it
    breaker = circuit.breaker("cache")
    later = breaker.clock() + breaker.reset_after
    monkeypatch.setattr(breaker, "clock", lambda: later)
    assert b"Unpaid wages, updated" in client.get(ARTICLE).content
    assert circuit.states()["cache"]["state"] == circuit.CLOSED
    assert page_cache.current_generation() is not None

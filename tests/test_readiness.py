"""/readyz: what this worker can serve, and what it is doing without (README "Health and readiness")."""
import json

import pytest
from django.db import OperationalError

from portal import circuit, health, ratelimit
from tests.faults.conftest import black_hole, dead_port  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db



def readyz(client):
    response = client.get("/readyz")
    return response, response.json()


def test_ready_with_the_embedded_defaults(client):
    response, data = readyz(client)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert data["status"] == "ready"
    checks = data["checks"]
    assert checks["database"]["status"] == "ok" and checks["database"]["latency_ms"] >= 0
    assert checks["cache"] == {"status": "ok", "backend": "process"}
    assert checks["search"] == {"status": "ok", "engine": "database"}
    assert checks["rate_limits"] == {"status": "ok", "counts": "database (shared by workers)"}
    assert data["breakers"] == circuit.states()


def test_never_cached_and_never_rate_limited(client, settings):
    settings.SEARCH_RATE_PER_MINUTE = 1
    responses = [client.get("/readyz") for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 5
    assert "no-cache" in responses[0]["Cache-Control"] and "max-age=0" in responses[0]["Cache-Control"]


def test_unavailable_with_503_when_the_database_does_not_answer(client, monkeypatch):
    class DownDatabase:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError('connection to server at "db.internal", port 5432 failed: password for "portal"')

    monkeypatch.setattr(health, "connection", DownDatabase())
    response, data = readyz(client)
    assert response.status_code == 503
    assert data["status"] == "unavailable"
    assert data["checks"]["database"] == {"status": "unavailable", "engine": "postgresql", "error": "OperationalError"}
    assert "db.internal" not in response.content.decode()


def test_degraded_but_200_when_the_cache_is_down_with_no_secret_in_the_answer(client, settings, dead_port):  # noqa: F811
    settings.CACHES = {"default": {"BACKEND": "portal.cache_backend.ResilientRedisCache",
                                   "LOCATION": f"redis://:s3cret-pass@127.0.0.1:{dead_port}/0"}}
    response, data = readyz(client)
    assert response.status_code == 200
    assert data["status"] == "degraded"
    assert data["checks"]["cache"]["status"] == "degraded" and data["checks"]["cache"]["backend"] == "redis"
    assert data["checks"]["rate_limits"] == {
        "status": "degraded", "counts": ratelimit.PROCESS, "configured": ratelimit.REDIS}
    text = response.content.decode()
    assert "s3cret" not in text and str(dead_port) not in text and "127.0.0.1" not in text


def test_degraded_when_elasticsearch_does_not_answer_and_its_breaker_then_opens(client, settings, black_hole):  # noqa: F811
    settings.ELASTICSEARCH_URL = f"http://elastic:s3cret-pass@127.0.0.1:{black_hole.port}"
    for _ in range(3):
        response, data = readyz(client)
        assert response.status_code == 200
        assert data["checks"]["search"]["status"] == "degraded"
        assert data["checks"]["search"]["latency_ms"] <= 1000 * health.SEARCH_PING_TIMEOUT + 300
    response, data = readyz(client)
    assert data["status"] == "degraded"
    assert data["checks"]["search"] == {
        "status": "degraded", "engine": "elasticsearch", "fallback": "database", "breaker": circuit.OPEN}
    assert data["breakers"]["search"]["state"] == circuit.OPEN
    assert "s3cret" not in json.dumps(data)


def test_degraded_while_rate_limits_are_counted_in_the_process(client, monkeypatch):
    def locked(key, window_ends):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_upsert", locked)
    client.get("/api/v1/search", {"q": "x", "locale": "en"})
    _, data = readyz(client)
    assert data["status"] == "degraded"
    assert data["checks"]["rate_limits"] == {
        "status": "degraded", "counts": ratelimit.PROCESS, "configured": ratelimit.DATABASE}
    assert data["breakers"][ratelimit.DATABASE_BREAKER]["state"] == circuit.OPEN


def test_healthz_stays_the_liveness_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"

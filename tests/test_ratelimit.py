"""Rate limits (portal.ratelimit) without Redis: counted in the database, shared by every worker."""
import datetime
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory

from portal import circuit, ratelimit
from portal.models import RateLimitCount

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
START = datetime.datetime(2026, 6, 15, 3, 0, 10, tzinfo=datetime.timezone.utc)  # 10 s into a minute


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def reader(address=ADDRESS):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def another_worker():
    """What a second worker process has: nothing of this one's memory (local counts, its cache)."""
    ratelimit.forget_process_counts()
    cache.clear()


def test_counts_are_kept_in_the_database_and_shared_by_workers(clock):
    assert [ratelimit.hit(reader(), "search", 3, 60) for _ in range(2)] == [False, False]
    another_worker()
    assert ratelimit.hit(reader(), "search", 3, 60) is False
    another_worker()
    assert ratelimit.hit(reader(), "search", 3, 60) is True
    assert ratelimit.hit(reader("198.51.100.1"), "search", 3, 60) is False  # another client
    assert ratelimit.where_counts_are_kept() == {"configured": ratelimit.DATABASE, "now": ratelimit.DATABASE}


def test_the_database_holds_a_keyed_hash_never_the_address(clock):
    ratelimit.hit(reader(), "search", 3, 60)
    [row] = RateLimitCount.objects.all()
    assert ADDRESS not in row.key and ratelimit.client_id(reader()) in row.key
    assert row.count == 1
    assert row.window_ends == int(START.timestamp()) - 10 + 60  # the minute's end


def test_a_new_window_starts_from_zero(clock):
    for _ in range(3):
        ratelimit.hit(reader(), "search", 3, 60)
    assert ratelimit.hit(reader(), "search", 3, 60) is True
    clock.shift(50)  # the next minute
    assert ratelimit.hit(reader(), "search", 3, 60) is False


def test_ended_windows_are_deleted_as_counting_goes_on(clock):
    ratelimit.hit(reader(), "search", 3, 60)
    ratelimit.hit(reader("198.51.100.1"), "helpdesk", 3, 3600)
    clock.shift(ratelimit.PURGE_EVERY_SECONDS + 1)  # the minute has ended, the hour has not
    ratelimit.hit(reader("198.51.100.2"), "search", 3, 60)
    assert sorted(key.split(":")[1] for key in RateLimitCount.objects.values_list("key", flat=True)) == [
        "helpdesk", "search"]
    assert not RateLimitCount.objects.filter(key__contains=ratelimit.client_id(reader())).exists()


def test_over_limit_counts_nothing_and_record_counts(clock):
    assert ratelimit.over_limit(reader(), "ask", 2, 3600) is False
    assert ratelimit.over_limit(reader(), "ask", 2, 3600) is False
    assert not RateLimitCount.objects.exists()
    ratelimit.record(reader(), "ask", 3600)
    assert ratelimit.over_limit(reader(), "ask", 2, 3600) is False
    ratelimit.record(reader(), "ask", 3600)
    assert ratelimit.over_limit(reader(), "ask", 2, 3600) is True
    assert ratelimit.over_limit(reader(), "ask", 0, 3600) is False  # 0: no limit


def test_a_limit_of_zero_is_no_limit():
    assert not any(ratelimit.hit(reader(), "search", 0, 60) for _ in range(5))
    assert not RateLimitCount.objects.exists()


def test_when_the_database_cannot_count_the_process_does(clock, monkeypatch):
    def locked(key, window_ends):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_upsert", locked)
    assert [ratelimit.hit(reader(), "search", 2, 60) for _ in range(3)] == [False, False, True]
    assert circuit.states()[ratelimit.DATABASE_BREAKER]["state"] == circuit.OPEN
    assert ratelimit.where_counts_are_kept() == {"configured": ratelimit.DATABASE, "now": ratelimit.PROCESS}


def test_after_a_while_the_database_is_asked_again(clock, monkeypatch):
    calls = []

    def locked(key, window_ends):
        calls.append(key)
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_upsert", locked)
    for _ in range(3):
        ratelimit.hit(reader(), "search", 10, 60)
    assert len(calls) == 1  # then the breaker is open: the database is left alone
    monkeypatch.undo()
    breaker = circuit.breaker(ratelimit.DATABASE_BREAKER)
    monkeypatch.setattr(breaker, "clock", lambda: 10**9)
    ratelimit.hit(reader(), "search", 10, 60)
    assert RateLimitCount.objects.get().count == 1
    assert breaker.state == circuit.CLOSED


def test_a_failed_count_does_not_break_the_callers_transaction(clock, monkeypatch):
    def broken(key, window_ends):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_anywhere")

    monkeypatch.setattr(ratelimit, "_upsert", broken)
    assert connection.in_atomic_block  # the test's own transaction, as in a view under ATOMIC_REQUESTS
    assert ratelimit.hit(reader(), "search", 3, 60) is False
    assert RateLimitCount.objects.count() == 0  # the transaction still works (PostgreSQL aborts it otherwise)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_on_sqlite_a_count_waits_briefly_for_a_lock_and_leaves_the_busy_timeout_as_it_was():
    def busy_timeout():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            return cursor.fetchone()[0]

    before = busy_timeout()
    with ratelimit._short_lock_wait():
        assert busy_timeout() == ratelimit.SQLITE_LOCK_WAIT_MS
    assert busy_timeout() == before


def test_concurrent_workers_never_lose_a_count():
    """Threads with connections of their own, committing at once: every increment must land."""
    if connection.vendor != "postgresql":
        pytest.skip("the test database on SQLite is in memory, one writer at a time; PostgreSQL shows concurrency")
    from django.db import connections

    scope, per_thread, threads = "concurrency-test", 40, 4
    start = threading.Barrier(threads)
    refused = []

    def worker():
        try:
            start.wait()
            refused.extend(ratelimit.hit(reader(), scope, per_thread * threads, 3600) for _ in range(per_thread))
        finally:
            connections.close_all()

    def count_and_clean():
        try:
            rows = RateLimitCount.objects.filter(key__startswith=f"ratelimit:{scope}:")
            result.extend(rows.values_list("count", flat=True))
            rows.delete()
        finally:
            connections.close_all()

    running = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    result = []
    cleaner = threading.Thread(target=count_and_clean)
    cleaner.start()
    cleaner.join()
    assert result == [per_thread * threads]
    assert not any(refused)

"""The circuit breaker (portal.circuit) every outside service goes through."""
import threading

import pytest

from portal import circuit


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def breaker(clock):
    return circuit.CircuitBreaker("test", failure_threshold=3, reset_after=30.0, clock=clock)


def fail(breaker, times):
    for _ in range(times):
        assert breaker.allow()
        breaker.record_failure()


def test_a_new_breaker_is_closed_and_lets_calls_through(breaker):
    assert breaker.state == circuit.CLOSED
    assert breaker.allow() and breaker.allow()


def test_it_opens_after_the_threshold_of_failures_in_a_row_and_not_before(breaker):
    fail(breaker, 2)
    assert breaker.state == circuit.CLOSED and breaker.allow()
    breaker.record_failure()
    assert breaker.state == circuit.OPEN
    assert not breaker.allow()
    assert breaker.describe() == {"state": circuit.OPEN, "consecutive_failures": 3}


def test_a_success_between_failures_starts_the_count_again(breaker):
    fail(breaker, 2)
    breaker.record_success()
    fail(breaker, 2)
    assert breaker.state == circuit.CLOSED


def test_it_stays_open_until_reset_after_then_is_half_open(breaker, clock):
    fail(breaker, 3)
    clock.advance(29.9)
    assert breaker.state == circuit.OPEN and not breaker.allow()
    clock.advance(0.1)
    assert breaker.state == circuit.HALF_OPEN


def test_half_open_lets_one_trial_through_at_a_time(breaker, clock):
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    assert not breaker.allow() and not breaker.allow()  # the trial is still running


def test_a_successful_trial_closes_the_breaker(breaker, clock):
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    breaker.record_success()
    assert breaker.describe() == {"state": circuit.CLOSED, "consecutive_failures": 0}
    assert breaker.allow() and breaker.allow()


def test_a_failed_trial_opens_it_again_for_another_reset_after(breaker, clock):
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == circuit.OPEN and not breaker.allow()
    clock.advance(30)
    assert breaker.state == circuit.HALF_OPEN and breaker.allow()


def test_call_counts_exceptions_as_failures_and_refuses_without_calling_when_open(breaker):
    calls = []

    def broken():
        calls.append(1)
        raise ConnectionError("down")

    for _ in range(3):
        with pytest.raises(ConnectionError):
            breaker.call(broken)
    with pytest.raises(circuit.CircuitOpen):
        breaker.call(broken)
    assert len(calls) == 3


def test_call_returns_the_result_and_a_success_closes(breaker, clock):
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.call(lambda value: value * 2, 21) == 42
    assert breaker.state == circuit.CLOSED


def test_only_one_of_many_threads_gets_the_half_open_trial(breaker, clock):
    fail(breaker, 3)
    clock.advance(30)
    allowed, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        allowed.append(breaker.allow())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 1


def test_the_registry_gives_one_breaker_per_name_and_reports_and_resets_them():
    first = circuit.breaker("test-registry", failure_threshold=1)
    assert circuit.breaker("test-registry") is first
    first.record_failure()
    assert circuit.states()["test-registry"] == {"state": circuit.OPEN, "consecutive_failures": 1}
    circuit.reset_all()
    assert circuit.states()["test-registry"] == {"state": circuit.CLOSED, "consecutive_failures": 0}

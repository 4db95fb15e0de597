"""Circuit breakers for the outside services the portal calls.

A service that is down or hangs costs every caller its whole timeout. After
`failure_threshold` failures in a row the breaker opens and callers go
straight to their fallback for `reset_after` seconds; then one trial call is
let through (half-open): success closes the breaker, failure opens it again.

State is kept per process, on purpose: the shared cache may itself be the
service that is down, and each worker learning on its own costs at most
`failure_threshold` slow calls per worker per `reset_after` seconds.
"""
import threading
import time

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitOpen(Exception):
    """The service failed repeatedly; it is not asked until the breaker closes."""


class CircuitBreaker:
    def __init__(self, name, failure_threshold=3, reset_after=30.0, clock=time.monotonic):
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self):
        with self._lock:
            return self._state()

    def _state(self):
        if self._opened_at is None:
            return CLOSED
        if self.clock() - self._opened_at >= self.reset_after:
            return HALF_OPEN
        return OPEN

    def allow(self):
        """True when a call may go to the service now (in half-open, one caller at a time)."""
        with self._lock:
            state = self._state()
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self):
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self):
        with self._lock:
            self._failures += 1
            self._trial_running = False
            if self._opened_at is not None or self._failures >= self.failure_threshold:
                self._opened_at = self.clock()

    def call(self, function, *args, **kwargs):
        """function(*args, **kwargs) through the breaker; any exception counts as a failure.

        Raises CircuitOpen without calling when the breaker is open.
        """
        if not self.allow():
            raise CircuitOpen(self.name)
        try:
            result = function(*args, **kwargs)
        except Exception:
            self.record_failure()
            raise
        self.record_success()
        return result

    def reset(self):
        self.record_success()
        with self._lock:
            self._failures = 0

    def describe(self):
        with self._lock:
            return {"state": self._state(), "consecutive_failures": self._failures}


_registry = {}
_registry_lock = threading.Lock()


def breaker(name, **options):
    """The process's breaker for `name`, created with `options` on first use."""
    with _registry_lock:
        if name not in _registry:
            _registry[name] = CircuitBreaker(name, **options)
        return _registry[name]


def states():
    """{name: {"state", "consecutive_failures"}} for every breaker used in this process."""
    with _registry_lock:
        breakers = list(_registry.values())
    return {b.name: b.describe() for b in sorted(breakers, key=lambda b: b.name)}


def reset_all():
    """Close every breaker (tests; an operator's shell after an outage)."""
    with _registry_lock:
        breakers = list(_registry.values())
    for b in breakers:
        b.reset()

"""Shared fixtures: the site structure is built once per test database.

Building 14 home pages and 98 topic pages through Wagtail takes seconds, so
it happens in django_db_setup and every test runs inside a transaction
that is rolled back.
"""
import datetime
import os

import pytest
import time_machine
from django.core.cache import cache

from home.structure import ensure_site_structure
from portal import circuit, ratelimit
from portal.roles import setup_roles


def pytest_configure(config):
    """PORTAL_TEST_DATE=2028-02-29 runs the whole suite as if it were that day (clock ticking).

    The suite must pass on any date; this is how month ends, leap days and the
    turn of the year are checked without waiting for them.
    """
    day = os.environ.get("PORTAL_TEST_DATE")
    if day:
        start = datetime.datetime.fromisoformat(day)
        if start.tzinfo is None:
            start = start.replace(hour=start.hour or 12, tzinfo=datetime.timezone.utc)
        config._portal_travel = time_machine.travel(start, tick=True)
        config._portal_travel.start()


def pytest_report_header(config):
    day = os.environ.get("PORTAL_TEST_DATE")
    return f"PORTAL_TEST_DATE={day}: the clock starts there" if day else None


@pytest.fixture
def frozen_now():
    """A fixed instant, mid-month and far from daylight-saving changes, for tests that read the clock."""
    with time_machine.travel(datetime.datetime(2026, 6, 15, 3, 0, tzinfo=datetime.timezone.utc), tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_site_structure()
        setup_roles()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Breakers and in-process rate-limit counts too: what one test provokes must not reach the next.
    cache.clear()
    circuit.reset_all()
    ratelimit.forget_process_counts()
    yield
    cache.clear()
    circuit.reset_all()
    ratelimit.forget_process_counts()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, past the second factor a superuser must give (tests.permissions.log_in)."""
    from tests.permissions import log_in

    return log_in(client, admin_user)


@pytest.fixture
def import_jsonl():
    """Import JSON Lines given as Python dicts; returns the ImportReport."""
    import json

    from home.importer import import_lines

    def run(*entries):
        return import_lines([json.dumps(entry, ensure_ascii=False) for entry in entries])

    return run


def article(key="unpaid-wages-demo", locale="ko", topic="employment", title=None, body="첫 문단.\n\n둘째 문단.", **extra):
    return {"key": key, "locale": locale, "topic": topic, "title": title or f"{key} {locale}", "intro": "요약", "body": body, **extra}

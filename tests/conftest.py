"""Shared fixtures: the site structure is built once per test database.

Building 14 home pages and 98 topic pages through Wagtail takes seconds, so
it happens in django_db_setup and every test runs inside a transaction
that is rolled back.
"""
import pytest
from django.core.cache import cache

from home.structure import ensure_site_structure
from portal.roles import setup_roles


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_site_structure()
        setup_roles()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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

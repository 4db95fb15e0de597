"""The personal-data registry itself, with test-only registrations."""
import pytest

from accounts import personal_data
from tests.accounts.conftest import make_member

pytestmark = pytest.mark.django_db


def test_registering_twice_adds_once_and_unregister_removes():
    calls = []

    def exporter(user):
        calls.append(user.pk)
        return {"extra": 1}

    personal_data.register(exporter=exporter)
    personal_data.register(exporter=exporter)
    try:
        user = make_member("a@example.org", "Alpha")
        assert personal_data.export_personal_data(user)["extra"] == 1
        assert calls == [user.pk]
    finally:
        personal_data.unregister(exporter=exporter)
    assert "extra" not in personal_data.export_personal_data(user)


def test_two_exporters_may_not_claim_the_same_key():
    def one(user):
        return {"same": 1}

    def two(user):
        return {"same": 2}

    personal_data.register(exporter=one)
    personal_data.register(exporter=two)
    try:
        with pytest.raises(ValueError):
            personal_data.export_personal_data(make_member("b@example.org", "Beta"))
    finally:
        personal_data.unregister(exporter=one)
        personal_data.unregister(exporter=two)


def test_a_failing_eraser_deletes_nothing():
    def eraser(user, mode):
        raise RuntimeError("board database unavailable")

    user = make_member("c@example.org", "Gamma")
    personal_data.register(eraser=eraser)
    try:
        with pytest.raises(RuntimeError):
            personal_data.delete_account(user, personal_data.DELETE)
    finally:
        personal_data.unregister(eraser=eraser)
    user.refresh_from_db()
    assert user.member.nickname == "Gamma"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        personal_data.delete_account(make_member("d@example.org", "Delta"), "shred")

"""The admin's username + password logins are locked like members' logins (LOGIN_FAILED_RATE).

Wagtail's /admin/login/ and Django's /django-admin/login/, per account and per
client, with the right password refused while locked and a message saying for
how long; counted apart from allauth's member throttle, never twice, and never
in a way that a failing cache could stop anyone from signing in.
"""
import time

import pytest
import time_machine
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client

from accounts import login_throttle
from tests.accounts.conftest import PASSWORD, logged_in, make_member

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed attempts. Try again in {minutes} min."
WRONG_WAGTAIL = b"Your username and password didn"  # &#x27;t match…
WRONG_DJANGO = b"Please enter the correct username and password for a staff account."
LOGIN_URLS = ("/admin/login/", "/django-admin/login/")


def _rate(per):
    [rate] = [rate for rate in allauth_ratelimit.parse_rates(settings.LOGIN_FAILED_RATE) if rate.per == per]
    return rate


def _minutes(rate):
    return int(rate.duration // 60)


def _client(address):
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def _staff(username="editor-kim"):
    return User.objects.create_user(username=username, password=PASSWORD, is_staff=True)


def _login(client, username, password, url="/admin/login/"):
    return client.post(url, {"username": username, "password": password})


def _locked(response, minutes):
    return response.status_code == 200 and LOCKED.format(minutes=minutes).encode() in response.content


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(url):
    _staff()
    per_account = _rate("key")
    attacker = _client("198.51.100.1")
    for _ in range(per_account.amount):
        response = _login(attacker, "editor-kim", "guess", url)
        assert response.status_code == 200 and not _locked(response, _minutes(per_account))

    assert _locked(_login(attacker, "editor-kim", PASSWORD, url), _minutes(per_account))
    assert not logged_in(attacker)
    # The owner elsewhere waits too (the lock is on the account), whatever case they type.
    owner = _client("203.0.113.20")
    assert _locked(_login(owner, "Editor-Kim", PASSWORD, url), _minutes(per_account))
    assert not logged_in(owner)


def test_the_lock_ends_after_its_period_and_the_message_counts_down():
    _staff()
    per_account = _rate("key")
    attacker = _client("198.51.100.1")
    with time_machine.travel(time.time(), tick=False) as traveller:
        for _ in range(per_account.amount):
            _login(attacker, "editor-kim", "guess")
        traveller.shift(per_account.duration / 2)
        owner = _client("203.0.113.20")
        assert _locked(_login(owner, "editor-kim", PASSWORD), round(per_account.duration / 2 / 60))
        traveller.shift(per_account.duration / 2 + 1)
        assert _login(owner, "editor-kim", PASSWORD).status_code == 302
        assert logged_in(owner)


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_an_address_is_locked_after_failures_on_many_accounts(url):
    _staff()
    per_client = _rate("ip")
    sprayer = _client("198.51.100.2")
    for attempt in range(per_client.amount):
        _login(sprayer, f"guess-{attempt}", "guess", url)

    assert _locked(_login(sprayer, "editor-kim", PASSWORD, url), _minutes(per_client))
    assert not logged_in(sprayer)
    colleague = _client("203.0.113.40")
    assert _login(colleague, "editor-kim", PASSWORD, url).status_code == 302
    assert logged_in(colleague)


def test_a_successful_login_clears_the_accounts_failures_but_not_the_addresss():
    _staff()
    per_account, per_client = _rate("key"), _rate("ip")
    office = _client("203.0.113.50")
    failures = 0
    while failures + per_account.amount - 1 < per_client.amount:
        for _ in range(per_account.amount - 1):
            assert WRONG_WAGTAIL in _login(office, "editor-kim", "typo").content
            failures += 1
        assert _login(office, "editor-kim", PASSWORD).status_code == 302
        office = _client("203.0.113.50")  # signed out
    # The address's failures were not cleared by those successes: it is locked now.
    for _ in range(per_client.amount - failures):
        _login(office, "editor-kim", "typo")
    assert _locked(_login(_client("203.0.113.50"), "someone-else", "x"), _minutes(per_client))


def test_member_and_staff_failures_are_counted_apart_and_once():
    """allauth counts members' failures, accounts.login_throttle the admin's; neither sees the other's."""
    make_member("lan@example.org", "Lan")
    _staff()
    per_client = _rate("ip")
    shared = _client("198.51.100.9")
    for attempt in range(per_client.amount - 1):
        shared.post("/en/account/login/", {"login": f"guess{attempt}@example.org", "password": "guess"})
        _login(shared, f"guess-{attempt}", "guess")
    # One more failure of each kind would lock the address for that kind; neither is locked yet.
    assert _login(shared, "editor-kim", PASSWORD).status_code == 302
    shared.logout()
    assert shared.post("/en/account/login/", {"login": "lan@example.org", "password": PASSWORD}).status_code == 302


def test_a_member_login_never_reaches_the_staff_counts():
    make_member("lan@example.org", "Lan")
    client = _client("198.51.100.10")
    client.post("/en/account/login/", {"login": "lan@example.org", "password": "wrong"})
    assert not [key for key in caches["default"]._cache if "staff-login" in key]


def test_a_cache_that_fails_never_stops_a_login(monkeypatch):
    _staff()

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get_many", "add", "incr", "set", "delete", "delete_many"):
        monkeypatch.setattr(login_throttle.cache, method, broken)
    client = _client("198.51.100.11")
    assert WRONG_WAGTAIL in _login(client, "editor-kim", "guess").content
    assert _login(client, "editor-kim", PASSWORD).status_code == 302
    assert logged_in(client)


def test_no_raw_address_is_kept_in_the_cache():
    address = "203.0.113.77"
    _staff()
    for _ in range(3):
        _login(_client(address), "editor-kim", "guess")
    stored = caches["default"]._cache
    assert [key for key in stored if "staff-login:client:" in key]
    for key, value in stored.items():
        assert address not in key and address.encode() not in value


def test_django_admin_shows_its_own_message_for_a_wrong_password():
    _staff()
    assert WRONG_DJANGO in _login(_client("203.0.113.90"), "editor-kim", "guess", "/django-admin/login/").content

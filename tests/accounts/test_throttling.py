"""Login lockout per account and per client, the sign-up cap, and no raw IP kept anywhere.

The limits are read from the settings (LOGIN_FAILED_RATE, SIGNUP_RATE), so
the tests follow a deployment's choices; they hit them for real through
the views.
"""
import time

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client

from accounts.models import Member
from tests.accounts.conftest import PASSWORD, logged_in, make_member, signup_data

pytestmark = pytest.mark.django_db

LOCKED = b"Too many failed login attempts. Try again later."
WRONG = b"The email address and/or password you specified are not correct."


def _rate(rates, per):
    [rate] = [rate for rate in allauth_ratelimit.parse_rates(rates) if rate.per == per]
    return rate


def _login(client, email, password):
    return client.post("/en/account/login/", {"login": email, "password": password})


def test_an_account_is_locked_after_repeated_failures_even_from_other_addresses(monkeypatch):
    make_member("lan@example.org", "Lan")
    make_member("minh@example.org", "Minh")
    per_account = _rate(settings.LOGIN_FAILED_RATE, "key")
    attacker = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(per_account.amount):
        assert WRONG in _login(attacker, "lan@example.org", "guess").content

    refused = _login(attacker, "lan@example.org", PASSWORD)
    assert LOCKED in refused.content
    assert not logged_in(attacker)
    # The real owner, elsewhere, must wait too: the lock is on the account.
    owner = Client(REMOTE_ADDR="203.0.113.20")
    assert LOCKED in _login(owner, "lan@example.org", PASSWORD).content
    assert not logged_in(owner)
    # Another account from another address is not affected.
    neighbour = Client(REMOTE_ADDR="203.0.113.30")
    assert _login(neighbour, "minh@example.org", PASSWORD).status_code == 302
    assert logged_in(neighbour)

    # After the cool-off the right password works again.
    later = time.time() + per_account.duration + 1
    monkeypatch.setattr(allauth_ratelimit.time, "time", lambda: later)
    assert _login(owner, "lan@example.org", PASSWORD).status_code == 302
    assert logged_in(owner)


def test_an_address_is_locked_after_failures_on_many_accounts():
    make_member("lan@example.org", "Lan")
    per_client = _rate(settings.LOGIN_FAILED_RATE, "ip")
    per_account = _rate(settings.LOGIN_FAILED_RATE, "key")
    assert per_client.amount >= per_account.amount  # else this test locks an account first
    sprayer = Client(REMOTE_ADDR="198.51.100.2")
    for attempt in range(per_client.amount):
        assert WRONG in _login(sprayer, f"guess{attempt}@example.org", "guess").content

    # Even a right password is refused from that address...
    refused = _login(sprayer, "lan@example.org", PASSWORD)
    assert LOCKED in refused.content
    assert not logged_in(sprayer)
    # ...while the member, from another address, signs in.
    member = Client(REMOTE_ADDR="203.0.113.40")
    assert _login(member, "lan@example.org", PASSWORD).status_code == 302
    assert logged_in(member)


def test_a_successful_login_does_not_count_as_a_failure():
    make_member("lan@example.org", "Lan")
    per_account = _rate(settings.LOGIN_FAILED_RATE, "key")
    for _ in range(per_account.amount + 1):
        client = Client(REMOTE_ADDR="203.0.113.50")
        assert _login(client, "lan@example.org", PASSWORD).status_code == 302


def test_sign_ups_per_address_per_day_are_capped():
    cap = _rate(settings.SIGNUP_RATE, "ip")
    office = Client(REMOTE_ADDR="198.51.100.3")
    for number in range(cap.amount):
        response = office.post("/en/account/signup/", signup_data(nickname=f"Member {chr(65 + number)}", email=f"m{number}@example.org"))
        assert response.status_code == 302, response.content
    response = office.post("/en/account/signup/", signup_data(nickname="One Too Many", email="late@example.org"))
    assert response.status_code == 200
    assert b"Too many accounts were created from your network today. Please try again tomorrow." in response.content
    assert b'value="late@example.org"' in response.content  # what was typed is kept
    assert not Member.objects.filter(nickname="One Too Many").exists()
    # Typing mistakes do not use up the cap of someone else's network.
    elsewhere = Client(REMOTE_ADDR="203.0.113.60")
    assert elsewhere.post("/en/account/signup/", signup_data(nickname="Next Door", email="next@example.org")).status_code == 302


def test_mistakes_do_not_count_towards_the_sign_up_cap():
    cap = _rate(settings.SIGNUP_RATE, "ip")
    office = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(cap.amount + 1):
        assert office.post("/en/account/signup/", signup_data(nickname="x")).status_code == 200
    assert office.post("/en/account/signup/", signup_data()).status_code == 302


def test_no_raw_ip_address_is_stored_in_the_database_or_the_cache():
    address = "203.0.113.77"
    make_member("lan@example.org", "Lan")
    client = Client(REMOTE_ADDR=address)
    client.post("/en/account/signup/", signup_data())
    _login(client, "lan@example.org", "wrong password")
    _login(client, "lan@example.org", PASSWORD)
    assert logged_in(client)

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert address not in repr(row), table
    for session in Session.objects.all():
        assert address not in repr(session.get_decoded())
    local_cache = caches["default"]
    stored = getattr(local_cache, "_cache", {})
    assert stored, "expected allauth's rate-limit entries in the cache"
    for key, value in stored.items():
        assert address not in key and address.encode() not in value
    assert get_user_model().objects.filter(email="hoa@example.org").exists()

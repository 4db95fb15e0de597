"""SQLite while an import holds the write lock: writes wait for it (busy timeout, immediate
transactions), a lock that outlasts the wait is a clear "send it again" with nothing typed lost
and no quota used, and readers are never kept waiting (WAL).

Two connections need a database file: the suite's SQLite test database lives in memory, so
these tests copy it to a file and give Django a connection to that file for the test's duration.
"""
import re
import shutil
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from community.models import Post
from helpdesk.models import Case
from tests.helpdesk.test_ask import valid

BUSY_TIMEOUT = 1.0  # seconds; the settings' default is longer, the behaviour is the same

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only: PostgreSQL has row locks, not one database-wide write lock")


@pytest.fixture(scope="session")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The in-memory test database copied to a file once, before any test's transaction is open."""
    path = tmp_path_factory.mktemp("sqlite-lock") / "portal.sqlite3"
    with django_db_blocker.unblock():
        in_memory = connections[DEFAULT_DB_ALIAS]
        in_memory.ensure_connection()
        copy = sqlite3.connect(path)
        in_memory.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")  # as the portal's own database file is (settings)
        copy.close()
    return path


@pytest.fixture
def file_database(database_file, db, tmp_path):
    """A fresh copy of the database file, used through the default alias until the test ends."""
    path = tmp_path / "portal.sqlite3"
    shutil.copyfile(database_file, path)
    in_memory = connections[DEFAULT_DB_ALIAS]
    options = {**in_memory.settings_dict["OPTIONS"], "timeout": BUSY_TIMEOUT}
    on_file = type(in_memory)({**in_memory.settings_dict, "NAME": str(path), "OPTIONS": options}, DEFAULT_DB_ALIAS)
    # The in-memory connection, inside the test's transaction, is set aside and put back untouched.
    connections[DEFAULT_DB_ALIAS] = on_file
    try:
        yield path
    finally:
        on_file.close()
        connections[DEFAULT_DB_ALIAS] = in_memory


@contextmanager
def write_lock_held(path, seconds):
    """Another connection (an import) takes the write lock, writes, and commits after `seconds`."""
    taken = threading.Event()

    def hold():
        importer = sqlite3.connect(path, isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")
        importer.execute("CREATE TABLE IF NOT EXISTS import_in_progress (line INTEGER)")
        importer.execute("INSERT INTO import_in_progress VALUES (1)")
        taken.set()
        time.sleep(seconds)
        importer.execute("COMMIT")
        importer.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(5)
    try:
        yield
    finally:
        holder.join()


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


ASK = "/vi/help/ask/"
QUESTION = "Chủ không trả lương cho tôi ba tháng. Tôi phải làm gì?"


def test_a_question_sent_during_a_short_import_waits_for_the_lock_and_is_saved(client, file_database):
    client.get(ASK)
    with write_lock_held(file_database, 0.5):
        response, seconds = _timed(client.post, ASK, valid())
    assert response.status_code == 200
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", response.content.decode())
    assert Case.objects.get().question == QUESTION
    assert 0.3 < seconds < BUSY_TIMEOUT + 0.5  # it waited for the import instead of failing


def test_a_lock_longer_than_the_wait_asks_to_send_again_keeps_the_text_and_uses_no_quota(
        client, file_database, settings):
    settings.HELPDESK_ASKS_PER_HOUR = 1
    with write_lock_held(file_database, BUSY_TIMEOUT + 1.5):
        response = client.post("/en/help/ask/", valid())
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    assert "could not save this" in html and "Everything you typed is still here" in html
    assert QUESTION in html and 'value="Lan.Nguyen@Example.com"' in html and 'value="Lan"' in html
    assert not Case.objects.exists()
    # The failed attempt did not count: the one question an hour is still there to send.
    assert client.post("/en/help/ask/", valid()).status_code == 200
    assert client.post("/en/help/ask/", valid()).status_code == 429
    assert Case.objects.count() == 1


def test_the_message_is_in_the_readers_language(client, file_database):
    with write_lock_held(file_database, BUSY_TIMEOUT + 1.5):
        response = client.post(ASK, valid())
    assert response.status_code == 503
    assert 'lang="vi"' in response.content.decode()


PUBLIC_PAGES = ["/healthz", "/ko/", "/en/", "/en/search/?q=visa", "/api/v1/search?q=visa&locale=en", "/en/help/ask/",
                "/en/community/", "/api/v2/pages/", "/en/help/case/", "/en/places/", "/api/v1/places?locale=en",
                "/api/v1/events?locale=en", "/en/help/statistics/"]


def test_public_pages_answer_within_a_second_while_the_lock_is_held(client, file_database):
    expected = {url: client.get(url).status_code for url in PUBLIC_PAGES}  # also loads views and templates
    with write_lock_held(file_database, BUSY_TIMEOUT + 2):
        for url in PUBLIC_PAGES:
            response, seconds = _timed(client.get, url)
            assert (url, response.status_code) == (url, expected[url]) and response.status_code < 500
            assert seconds < 1, url


@pytest.fixture
def poster(client, file_database, settings, tmp_path):
    """A logged-in member whose replies publish at once, and a thread to reply to (in the file database)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import User

    from accounts.models import Member
    from tests.community.conftest import make_thread

    settings.ELASTICSEARCH_URL, settings.MEDIA_ROOT = "", tmp_path / "media"
    settings.COMMUNITY_POSTS_PER_CLIENT_PER_MINUTE = 1
    settings.COMMUNITY_APPROVAL_FIRST_POSTS = 0
    user = User.objects.create_user(username="lan", email="lan@example.org", password="not-used-here-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    thread = make_thread(Member.objects.create(user=user, nickname="Lan"), title="Unpaid wages")
    client.force_login(user)
    return thread


def test_a_reply_during_a_long_lock_is_kept_on_the_form_and_not_counted(client, poster, file_database):
    url = f"/en/community/t/{poster.pk}/reply/"
    text = "Call 1350, the labour hotline, and keep your pay slips."
    reply = {"body": text, "language": "en", "submission": "token-of-this-form"}
    with write_lock_held(file_database, BUSY_TIMEOUT + 1.5):
        response = client.post(url, reply)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    assert text in html and "could not save this" in html and "token-of-this-form" in html
    replies = Post.objects.filter(thread=poster, position__gt=0)
    assert not replies.exists()
    assert client.post(url, reply).status_code == 302  # sent again: the one post a minute was not used up
    assert replies.count() == 1
    assert client.post(url, {**reply, "submission": "another-form"}).status_code == 429


def test_a_sign_up_during_a_short_import_waits_and_succeeds(client, file_database):
    from accounts.models import Member

    with write_lock_held(file_database, 0.5):
        response = client.post("/en/account/signup/", {
            "nickname": "Hoa", "email": "hoa@example.org",
            "password1": "correct horse battery 42", "password2": "correct horse battery 42"})
    assert response.status_code == 302 and Member.objects.filter(nickname="Hoa").exists()


def test_a_sign_up_during_a_long_lock_says_to_send_again_in_the_readers_language(client, file_database):
    from accounts.models import Member

    with write_lock_held(file_database, BUSY_TIMEOUT + 1.5):
        response = client.post("/vi/account/signup/", {
            "nickname": "Hoa", "email": "hoa@example.org",
            "password1": "correct horse battery 42", "password2": "correct horse battery 42"})
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    html = response.content.decode()
    assert '<html lang="vi"' in html and "Something went wrong" not in html
    assert not Member.objects.filter(nickname="Hoa").exists()
    # Sent again once the import is over, it is saved.
    response = client.post("/vi/account/signup/", {
        "nickname": "Hoa", "email": "hoa@example.org",
        "password1": "correct horse battery 42", "password2": "correct horse battery 42"})
    assert response.status_code == 302 and Member.objects.filter(nickname="Hoa").exists()

"""A real portal server in its own process and database, driven by headless Chromium.

The server gets a fresh database (a SQLite file, or a new PostgreSQL
database when DATABASE_URL points at PostgreSQL), the demo content and the
dummy machine translator; nothing leaves this machine.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BROWSER_DATABASE = re.compile(r"portal_browser_(\d+)")


def _process_is_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _drop_stale_databases(connection):
    """Drop the databases earlier runs left behind when they were killed (their process is gone)."""
    names = [row[0] for row in connection.execute("SELECT datname FROM pg_database WHERE datname LIKE 'portal_browser_%'")]
    for name in names:
        found = BROWSER_DATABASE.fullmatch(name)
        if found and not _process_is_alive(int(found.group(1))):
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory):
    """A SQLite file, or a PostgreSQL database of this run's own (portal_browser_<pid>), dropped at the
    end of the session whatever happened (a failure, Ctrl-C); one a killed run left is dropped by the
    next run."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.sqlite3'}"
        return
    import psycopg

    name = f"portal_browser_{os.getpid()}"
    base, _slash, _db = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        _drop_stale_databases(connection)
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def portal_server(browser_database_url):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": browser_database_url,
        "MACHINE_TRANSLATOR": "dummy",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_demo")
    password = re.search(r"password: (\S+)", _manage(env, "ensure_admin")).group(1)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the portal server did not start")
            time.sleep(0.3)
    # manage(): a management command against the server's database, for tests that need
    # users or data the demo does not have.
    yield {"url": base_url, "admin_password": password, "manage": lambda *args: _manage(env, *args)}
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A new phone-sized browsing context; pass locale= for Accept-Language."""
    contexts = []

    def open_context(locale="en-US"):
        context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()

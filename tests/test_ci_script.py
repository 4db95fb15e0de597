""".ci/run runs both database legs whatever the first one does, and fails if either failed; the slow
browser crawls run in the SQLite leg only."""
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _fake(directory, name, script):
    path = directory / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.mark.parametrize(("sqlite", "postgresql", "expected"), [
    (1, 0, "SQLite: FAILED (exit 1); PostgreSQL: passed"),
    (0, 2, "SQLite: passed; PostgreSQL: FAILED (exit 2)"),
    (0, 0, "SQLite: passed; PostgreSQL: passed"),
])
def test_both_legs_run_and_the_run_fails_if_either_failed(tmp_path, sqlite, postgresql, expected):
    log = tmp_path / "legs"
    # A stand-in `make` records which leg ran and fails the way the case says.
    _fake(tmp_path, "make", f'if [ -n "$DATABASE_URL" ]; then echo pg >> {log}; exit {postgresql}; '
                            f'else echo sqlite >> {log}; exit {sqlite}; fi\n')
    _fake(tmp_path, "createdb", "exit 0\n")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    env.pop("DATABASE_URL", None)
    env.pop("CI_DATABASE_URL", None)
    run = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=30)
    assert log.read_text().split() == ["sqlite", "pg"]
    assert expected in run.stdout
    assert (run.returncode == 0) == (sqlite == 0 and postgresql == 0)


def test_the_postgresql_leg_leaves_the_browser_crawls_to_the_sqlite_leg(tmp_path):
    log = tmp_path / "addopts"
    # The stand-in `make` writes down, per leg, the extra pytest options it was given.
    _fake(tmp_path, "make", f'if [ -n "$DATABASE_URL" ]; then leg=pg; else leg=sqlite; fi; '
                            f'printf "%s:%s\\n" "$leg" "$PYTEST_ADDOPTS" >> {log}\n')
    _fake(tmp_path, "createdb", "exit 0\n")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    for name in ("DATABASE_URL", "CI_DATABASE_URL", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=30)
    sqlite, postgresql = log.read_text().splitlines()
    assert sqlite == "sqlite:"
    assert postgresql.startswith("pg:")
    # The options really deselect every crawl test, and only those.
    env["PYTEST_ADDOPTS"] = postgresql.removeprefix("pg:")
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                "tests/browser/test_accessibility.py", "tests/test_ci_script.py"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout
    assert "test_accessibility.py" not in collected
    assert "test_ci_script.py::test_both_legs_run" in collected
    assert re.search(r"\d+ deselected", collected)

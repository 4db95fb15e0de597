""".ci/run runs both database legs whatever the first one does, and fails if either failed."""
import os
import stat
import subprocess
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

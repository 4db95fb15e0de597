"""`make run`'s logging (portal.settings.dev): every line once.

Django gives its "django" logger a console handler of its own when DEBUG is
on, and the records also reached the root logger's handler, so runserver
printed "Not Found: …" and every other warning twice. A fresh process with
the development settings logs one record of each kind; each must appear once.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDS = {
    "django.request": ("warning", "Not Found: /probe-request/"),
    "django.utils.autoreload": ("info", "Watching for file changes (probe)"),
    "django.server": ("info", '"GET /probe-server/ HTTP/1.1" 200 3'),
    "portal.probe": ("warning", "a portal warning (probe)"),
}
PROBE = "\n".join([
    "import logging, django",
    "django.setup()",
    *(f"logging.getLogger({name!r}).{level}({message!r})" for name, (level, message) in RECORDS.items()),
])


def test_each_log_record_of_the_development_server_is_printed_once():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert {message: output.count(message) for _level, message in RECORDS.values()} == {
        message: 1 for _level, message in RECORDS.values()}

""".ci/install-chromium (make test's chromium target) says what is wrong, with a fake apt-get and id on PATH.

It must only ask for chromium to be installed when it is really missing and
cannot be installed here; a busy package manager is not a missing package.
"""
import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "install-chromium"
BUSY = ("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n"
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?")
# The fake apt-get: "$FAKE_<UPDATE|INSTALL>_OUT" printed and "$FAKE_<...>_RC" returned; a successful
# install creates the chromium binary. Every call is appended to calls.log.
FAKE_APT_GET = """#!/bin/sh
echo "$*" >> "$FAKE_DIR/calls.log"
case " $* " in
  *" update "*) printf '%s\\n' "${FAKE_UPDATE_OUT:-}"; exit "${FAKE_UPDATE_RC:-0}" ;;
  *" install "*) printf '%s\\n' "${FAKE_INSTALL_OUT:-}"
      if [ "${FAKE_INSTALL_RC:-0}" = 0 ]; then printf '#!/bin/sh\\n' > "$CHROMIUM"; chmod +x "$CHROMIUM"; fi
      exit "${FAKE_INSTALL_RC:-0}" ;;
esac
"""


@pytest.fixture
def run(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("apt-get", FAKE_APT_GET), ("id", '#!/bin/sh\necho "$FAKE_UID"\n')):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)

    def run_script(uid=0, **fake):
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_DIR": str(tmp_path),
               "FAKE_UID": str(uid), "CHROMIUM": str(tmp_path / "chromium"),
               **{f"FAKE_{name.upper()}": str(value) for name, value in fake.items()}}
        result = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
        calls = (tmp_path / "calls.log").read_text().splitlines() if (tmp_path / "calls.log").exists() else []
        return result, calls

    return run_script


def test_an_installed_chromium_needs_nothing(run, tmp_path):
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    result, calls = run(uid=1000)
    assert result.returncode == 0 and calls == [] and result.stderr == ""


def test_as_root_a_missing_chromium_is_installed(run, tmp_path):
    result, calls = run()
    assert result.returncode == 0, result.stderr
    assert [call.split()[-1] for call in calls] == ["-qq", "chromium"]  # update -qq, then install … chromium
    assert (tmp_path / "chromium").exists()


def test_without_root_it_asks_for_the_package(run):
    result, calls = run(uid=1000)
    assert result.returncode == 1 and calls == []
    assert "Install it as root" in result.stderr and "chromium" in result.stderr


@pytest.mark.parametrize("step", ["update", "install"])
def test_a_busy_package_manager_is_named_with_apt_gets_own_error_and_no_advice_to_install(run, step):
    result, _calls = run(**{f"{step}_out": BUSY, f"{step}_rc": 100})
    assert result.returncode == 1
    assert "the package manager is busy" in result.stderr and "try again" in result.stderr
    assert "It is held by process 4242" in result.stderr  # apt-get's own words
    assert "Install it" not in result.stderr


def test_apt_finding_no_chromium_package_says_so(run):
    result, _calls = run(install_out="E: Unable to locate package chromium", install_rc=100)
    assert result.returncode == 1
    assert "apt finds no chromium package" in result.stderr and "E: Unable to locate package chromium" in result.stderr
    assert "busy" not in result.stderr


def test_any_other_apt_failure_shows_apt_gets_error(run):
    result, _calls = run(install_out="E: Sub-process /usr/bin/dpkg returned an error code (1)", install_rc=100)
    assert result.returncode == 1
    assert "apt-get install failed" in result.stderr and "dpkg returned an error code (1)" in result.stderr


def test_make_test_uses_the_script():
    # --no-print-directory: under `make test` this make is nested and would announce its directory.
    result = subprocess.run(["make", "--no-print-directory", "-n", "chromium"], cwd=SCRIPT.parents[1],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.strip() == ".ci/install-chromium"

"""Helpers for the benchmarks (bench/load.py, bench/lighthouse.py).

Database preparation, gunicorn start/stop, the accounting of CPU used by other
processes (on a busy machine a benchmark measures the neighbours), wrk, and the
machine/software description that goes next to the figures.

Everything is bounded in time by one deadline for the whole run (see
`remaining`), and every gunicorn started here is registered so that it can be
stopped on error, at exit and on SIGINT/SIGTERM.
"""
import base64
import contextlib
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"  # gitignored: databases, server logs, raw wrk output
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = BENCH / "p95.lua"
RESULTS = BENCH / "RESULTS.md"
HOST = "127.0.0.1"  # the only host ever contacted
PG_DB = "portal_bench"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}  # as behind the TLS proxy
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60)

_deadline = time.monotonic() + 45 * 60  # callers set their own budget
_servers = []  # gunicorn Popen objects still running


class BenchError(RuntimeError):
    """A step failed; the caller records the database as failed and goes on."""


def remaining(step_limit):
    """The step's timeout, cut to what is left of the whole run's budget."""
    left = _deadline - time.monotonic()
    if left <= 0:
        raise BenchError("time budget of the benchmark used up")
    return min(step_limit, left)


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def run(cmd, env=None, timeout=300):
    """Run a command to completion (bounded), raising BenchError with its output tail on failure."""
    log("$", " ".join(cmd))
    try:
        return subprocess.run(cmd, cwd=ROOT, env=env, timeout=remaining(timeout), check=True, text=True,
                              capture_output=True)
    except subprocess.CalledProcessError as e:
        raise BenchError(f"{cmd[:3]} failed ({e.returncode}):\n{e.stdout[-2000:]}\n{e.stderr[-4000:]}") from e
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"{cmd[:3]} timed out after {e.timeout:.0f} s") from e


# --- database -------------------------------------------------------------------

def base_env(database_url, **extra):
    """A clean environment with the production settings, so nothing from the caller's shell leaks in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Production refuses to start without the help desk's keys, and refuses the public development
        # ones: fresh keys for each run (the benchmarks' databases hold no real cases).
        "HELPDESK_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "HELPDESK_HASH_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }


def database_url(kind):
    if kind == "sqlite":
        return f"sqlite:///{WORK / 'bench.sqlite3'}"
    return f"postgres://postgres@{HOST}:5432/{PG_DB}"


def prepare_database(kind, demo=True):
    """A fresh database (with the demo content unless demo=False), so every run measures the same pages."""
    log(f"preparing {kind} database")
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            (WORK / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        psql = ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        run(psql + ["-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], timeout=60)
        run(psql + ["-c", f"CREATE DATABASE {PG_DB}"], timeout=60)
    env = base_env(database_url(kind))
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, timeout=600)
    if demo:
        run([PYTHON, "manage.py", "load_demo"], env=env, timeout=600)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, timeout=300)


def database_version(kind):
    if kind == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    out = run(["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-At", "-c", "SHOW server_version"], timeout=30)
    return f"PostgreSQL {out.stdout.strip().split()[0]}"


# --- server ---------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


def fetch(port, path, timeout=10):
    """GET with the benchmark's headers, without following redirects; returns (status, headers, body)."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))
    req = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=HEADERS)
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:  # 3xx, 4xx, 5xx: the caller judges
        return e.code, e.headers, e.read()


def start_server(kind, workers, cache_enabled, label):
    """Start gunicorn (own process group, log in WORK) and wait for /healthz; returns (proc, port)."""
    port = free_port()
    env = base_env(database_url(kind), PAGE_CACHE_ENABLED="true" if cache_enabled else "false")
    logfile = open(WORK / f"gunicorn-{kind}-{label}.log", "w")
    cmd = [GUNICORN, "portal.wsgi:application", "--workers", str(workers), "--bind", f"{HOST}:{port}"]
    log("$", " ".join(cmd), f"(PAGE_CACHE_ENABLED={env['PAGE_CACHE_ENABLED']})")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    proc.logfile = logfile
    _servers.append(proc)
    limit = time.monotonic() + remaining(60)
    while time.monotonic() < limit:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited with {proc.returncode}; see {logfile.name}")
        with contextlib.suppress(OSError):  # not listening yet
            if fetch(port, "/healthz", timeout=2)[0] == 200:
                return proc, port
        time.sleep(0.3)
    raise BenchError("gunicorn did not answer /healthz within 60 s")


def _killpg(proc, sig):
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(proc.pid, sig)


def stop_server(proc):
    """SIGTERM the server's process group (master and workers), SIGKILL after 15 s."""
    if proc.poll() is None:
        _killpg(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _killpg(proc, signal.SIGKILL)
            proc.wait(timeout=10)
    proc.logfile.close()
    if proc in _servers:
        _servers.remove(proc)


def stop_all_servers():
    for proc in list(_servers):
        try:
            stop_server(proc)
        except Exception as e:  # keep stopping the others
            print(f"could not stop gunicorn {proc.pid}: {e}", file=sys.stderr)


def _on_signal(signum, frame):
    stop_all_servers()
    sys.exit(128 + signum)


# --- CPU used by other processes -------------------------------------------------
# gunicorn and wrk share the cores with everything else: the busy time of the
# machine minus gunicorn's tree, PostgreSQL and wrk is "other"; a run with other
# >= QUIET_CORES is disturbed (waited for beforehand, repeated once).

CLK_TCK = os.sysconf("SC_CLK_TCK")
NCPU = len(os.sched_getaffinity(0))
QUIET_CORES = 0.25


def busy_seconds():
    """CPU seconds the whole machine has been busy (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def _process_table():
    """{pid: (ppid, command name, CPU seconds)} of every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            rest = text[text.rfind(")") + 2:].split()
            comm = text[text.find("(") + 1:text.rfind(")")]
            table[int(entry.name)] = (int(rest[1]), comm, (int(rest[11]) + int(rest[12])) / CLK_TCK)
    return table


def cpu_snapshot(root_pid):
    """({pid: s} of gunicorn's tree, {pid: s} of PostgreSQL processes, wrk's s, machine busy s)."""
    table = _process_table()
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _, _) in table.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    server = {pid: table[pid][2] for pid in tree if pid in table}
    database = {pid: cpu for pid, (_, comm, cpu) in table.items() if comm == "postgres" and pid not in tree}
    wrk_s = sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) for f in ("ru_utime", "ru_stime"))
    return server, database, wrk_s, busy_seconds()


def cpu_cores(before, after, elapsed):
    """Cores used between two snapshots: {server, db, wrk, other}; a process new at `after` counts whole."""
    def delta(a, b):
        return sum(cpu - a.get(pid, 0.0) for pid, cpu in b.items())

    server, db, wrk_s = delta(before[0], after[0]), delta(before[1], after[1]), after[2] - before[2]
    other = max(0.0, after[3] - before[3] - server - db - wrk_s)
    return {"server_cores": server / elapsed, "db_cores": db / elapsed, "wrk_cores": wrk_s / elapsed,
            "other_cores": other / elapsed}


def wait_for_quiet(max_wait=300):
    """Wait until other processes use < QUIET_CORES (at most max_wait s, and never into the last 5 min)."""
    limit = time.monotonic() + min(max_wait, max(0, _deadline - time.monotonic() - 300))
    while True:
        b0 = busy_seconds()
        time.sleep(2)
        other = (busy_seconds() - b0) / 2
        if other < QUIET_CORES or time.monotonic() >= limit:
            return other
        log(f"  machine busy ({other:.2f} cores used by other processes), waiting")


# --- wrk ------------------------------------------------------------------------

def wrk(port, path, duration, connections, measure=True):
    """One wrk run; with measure, the figures of the BENCH line printed by p95.lua plus the raw output."""
    cmd = [WRK, f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if measure:
        cmd += ["-s", str(LUA)]
    for name, value in HEADERS.items():
        cmd += ["-H", f"{name}: {value}"]
    out = run(cmd + [f"http://{HOST}:{port}{path}"], timeout=duration + 30).stdout
    if not measure:
        return None
    m = re.search(r"^BENCH (.*)$", out, re.M)
    if not m:
        raise BenchError(f"no BENCH line in wrk output:\n{out}")
    result = {k: float(v) for k, v in (kv.split("=", 1) for kv in m.group(1).split())}
    errors = {k: v for k, v in result.items() if k.startswith("errors_") and v}
    if errors:
        log(f"  wrk reported errors: {errors}")
    result["errors"] = int(sum(errors.values()))
    result["raw"] = out
    return result


def measured_wrk(proc, port, path, duration, warmup, connections):
    """Warm-up, then a measured run with CPU accounting; a disturbed run is repeated, the less disturbed kept."""
    best = None
    for attempt in (1, 2):
        wait_for_quiet()
        if attempt == 2:
            log("  again: the first run was disturbed by other processes")
        wrk(port, path, warmup, connections, measure=False)
        before, t0 = cpu_snapshot(proc.pid), time.monotonic()
        r = wrk(port, path, duration, connections)
        r.update(cpu_cores(before, cpu_snapshot(proc.pid), time.monotonic() - t0))
        log(f"  {r['rps']:.0f} req/s  p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
            f"(CPU: gunicorn {r['server_cores']:.2f}, PostgreSQL {r['db_cores']:.2f}, wrk {r['wrk_cores']:.2f}, "
            f"other {r['other_cores']:.2f} cores)")
        if best is None or r["other_cores"] < best["other_cores"]:
            best = r
        if r["other_cores"] < QUIET_CORES or _deadline - time.monotonic() < 600:
            break
    return best


# --- what was measured ------------------------------------------------------------

def per_database(kinds, bench):
    """[(database version, bench(kind))] for each kind; a failed database is logged and left out."""
    rows = []
    for kind in kinds.split(","):
        try:
            rows.append((database_version(kind), bench(kind)))
        except BenchError as error:
            log(f"[{kind}] failed: {error}")
    return rows


def publish(heading, text, write):
    """Print a benchmark's section and, unless told not to, put it in RESULTS.md."""
    print(text)
    if write:
        write_section(heading, text)
        log(f"wrote {RESULTS.relative_to(ROOT)}")


def write_section(heading, text):
    """Replace one benchmark's `## heading` section of RESULTS.md (or append it), leaving the others."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(old):
        new = pattern.sub(lambda m: text + "\n", old)
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new)


def machine():
    text = Path("/proc/cpuinfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("model name")),
               "unknown")
    kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (f"`nproc` = {NCPU}, CPU {cpu}, RAM {kb / 1024 / 1024:.1f} GiB, "
            f"{platform.system()} {platform.release()}")


def versions():
    code = ("import platform; from importlib.metadata import version as v; "
            "print(platform.python_version(), *(v(p) for p in ('Django', 'wagtail', 'gunicorn', 'whitenoise')))")
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT).stdout.split()
    wrk_v = subprocess.run([WRK, "-v"], capture_output=True, text=True, timeout=10)
    wrk_v = (wrk_v.stdout + wrk_v.stderr).split("[")[0].strip() or "wrk"
    if len(out) != 5:
        return wrk_v
    return "Python {}, Django {}, Wagtail {}, gunicorn {} (sync workers), WhiteNoise {}, ".format(*out) + wrk_v


def code_version():
    """The commit measured, and whether the work tree outside bench/ differed from it."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        changed = [line[3:] for line in git("status", "--porcelain", "--", ".", ":(exclude)bench").splitlines()]
    except (OSError, subprocess.TimeoutExpired):
        return "unknown commit"
    if not head:
        return "unknown commit"
    if not changed:
        return f"commit {head}"
    more = f" and {len(changed) - 8} more" if len(changed) > 8 else ""
    return f"commit {head} plus uncommitted changes to {', '.join(f'`{c}`' for c in changed[:8])}{more}"

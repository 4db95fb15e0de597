#!/usr/bin/env python3
"""Lighthouse (mobile) driver; run it through bench/lighthouse.sh, which installs lighthouse.

Prepares a fresh SQLite database with the demo content, starts the
production server (gunicorn, 2 workers, SECURE_SSL_REDIRECT=false since
Lighthouse cannot send X-Forwarded-Proto) on 127.0.0.1, runs Lighthouse
with its default mobile emulation and simulated throttling against a few
pages, and writes the section "## Lighthouse (mobile)" of bench/RESULTS.md:
the four category scores, the bytes transferred by the page load, and, for
every score under its target, the failing audits with the elements they name.
"""
import argparse
import atexit
import datetime as dt
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadkit as load  # noqa: E402  (helpers shared with the wrk benchmark)
from loadkit import BENCH, ROOT, WORK, BenchError, log  # noqa: E402

SECTION = "## Lighthouse (mobile)"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
PAGES = [
    ("home", "/en/"),
    ("topic", "/en/housing/"),
    ("article", "/en/housing/moving-in-report/"),
    ("article (Khmer)", "/km/daily-life/help-lines/"),
    ("article (Urdu)", "/ur/daily-life/help-lines/"),
    # The page types residents meet, in the languages of issue 12's first-screen check (vi, km, ur).
    ("home (Khmer)", "/km/"),
    ("article (Vietnamese)", "/vi/healthcare/public-health-centre/"),
    ("places (Vietnamese)", "/vi/places/?region=KR-41110"),
    ("place (Urdu)", "{place:ur}"),
    ("search (Khmer)", "/km/search/?q=1345"),
    ("community (Urdu)", "/ur/community/"),
    ("sign-up (Vietnamese)", "/vi/account/signup/"),
    ("ask for help (Urdu)", "/ur/help/ask/"),
    ("read my answer (Khmer)", "/km/help/case/"),
    ("statistics (Urdu)", "/ur/help/statistics/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
ARTICLE_MAX_BYTES = 100 * 1024
DB = WORK / "lighthouse.sqlite3"
DB_URL = f"sqlite:///{DB}"


def prepare():
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(f"{DB}{suffix}")
        if p.exists():
            p.unlink()
    env = load.base_env(DB_URL)
    load.run([load.PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, timeout=600)
    load.run([load.PYTHON, "manage.py", "load_demo"], env=env, timeout=600)
    load.run([load.PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, timeout=300)


def resolve(port, path):
    """"{place:ur}": the first place of the Suwon list in that language (demo ids differ between loads)."""
    if not path.startswith("{place:"):
        return path
    language = path[len("{place:"):-1]
    status, headers, body = load.fetch(port, f"/{language}/places/?region=KR-41110")
    if headers.get("Content-Encoding") == "gzip":  # the benchmark asks for compressed pages, as phones do
        body = gzip.decompress(body)
    found = re.search(rf'href="(/{language}/places/\d+/)"', body.decode())
    if status != 200 or not found:
        raise BenchError(f"no place found in /{language}/places/?region=KR-41110 (status {status})")
    return found.group(1)


def start_server():
    port = load.free_port()
    env = load.base_env(DB_URL, SECURE_SSL_REDIRECT="false")
    logfile = open(WORK / "gunicorn-lighthouse.log", "w")
    cmd = [load.GUNICORN, "portal.wsgi:application", "--workers", "2", "--bind", f"{load.HOST}:{port}"]
    log("$", " ".join(cmd), "(SECURE_SSL_REDIRECT=false)")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    proc.logfile = logfile
    load._servers.append(proc)
    limit = time.monotonic() + 60
    while time.monotonic() < limit:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited with {proc.returncode}; see {logfile.name}")
        try:
            if load.fetch(port, "/healthz", timeout=2)[0] == 200:
                return port
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError("gunicorn did not answer /healthz within 60 s")


def lighthouse(url, out, timeout=240, attempts=2):
    """The report of one run; a run whose trace Chrome failed to record (NO_NAVSTART and the like, which
    Lighthouse itself says to run again) is run again once."""
    for attempt in range(attempts):
        try:
            return _lighthouse_once(url, out, timeout)
        except BenchError as error:
            if attempt + 1 == attempts or "Please run Lighthouse again" not in str(error):
                raise
            log(f"  run again: {str(error).splitlines()[-1]}")


def _lighthouse_once(url, out, timeout):
    cmd = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME_PATH)
    log("$", " ".join(cmd))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=load.remaining(timeout))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # lighthouse and the chromium it started
        proc.communicate()
        raise BenchError(f"lighthouse timed out on {url}")
    if proc.returncode != 0 or not Path(out).exists():
        raise BenchError(f"lighthouse failed on {url} ({proc.returncode}):\n{output[-3000:]}")
    return json.loads(Path(out).read_text())


def summarise(report):
    cats = report["categories"]
    scores = {c: round(cats[c]["score"] * 100) if cats[c]["score"] is not None else None for c in CATEGORIES}
    requests = report["audits"]["network-requests"]["details"]["items"]
    transferred = sum(item.get("transferSize") or 0 for item in requests)
    metrics = {}
    for audit in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
        metrics[audit] = report["audits"][audit].get("displayValue", "")
    return {
        "scores": scores,
        "seo_without_noindex": _seo_without_noindex(report),
        "transferred": transferred,
        "requests": [(r.get("url"), r.get("transferSize"), r.get("resourceType")) for r in requests],
        "metrics": metrics,
        "runtime_error": (report.get("runtimeError") or {}).get("message"),
        "warnings": report.get("runWarnings", []),
    }


def _seo_without_noindex(report):
    """The SEO score with `is-crawlable` left out, for a page that asks not to be indexed (search results, forms,
    a fallback in another language: `<meta name="robots" content="noindex">` on purpose); None for other pages."""
    audits = report["audits"]
    if (audits.get("is-crawlable") or {}).get("score") != 0:
        return None
    total = earned = 0.0
    for ref in report["categories"]["seo"]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["id"] == "is-crawlable" or audit.get("score") is None or not ref.get("weight"):
            continue
        total += ref["weight"]
        earned += ref["weight"] * audit["score"]
    return round(100 * earned / total) if total else None


def failing_audits(report, category):
    """Audits of a category that lost points: id, title, and what they point at."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        mode = audit.get("scoreDisplayMode")
        if mode in ("notApplicable", "manual", "informative") or audit.get("score") is None:
            if mode != "error":
                continue
        if audit.get("score") is not None and audit["score"] >= 1:
            continue
        # Performance is scored by its metrics (weighted); the opportunities and
        # diagnostics (weight 0) that cost time are listed too, as the causes.
        if ref.get("weight", 0) == 0 and mode != "error" and category != "performance":
            continue
        details = []
        for item in (audit.get("details") or {}).get("items", [])[:6]:
            node = item.get("node") or {}
            if node:
                text = node.get("snippet", "")
                if node.get("selector"):
                    text += f" ({node['selector']})"
                explanation = (node.get("explanation") or "").replace("\n", " ")
                if explanation:
                    text += f": {explanation}"
                details.append(text)
            elif item.get("url"):
                details.append(f"{item['url']} {item.get('wastedMs', '') and str(round(item['wastedMs'])) + ' ms'}")
            elif item.get("description"):
                details.append(str(item["description"]))
        found.append({
            "id": ref["id"], "title": audit.get("title", ""), "score": audit.get("score"),
            "display": audit.get("displayValue", ""), "weight": ref.get("weight", 0), "details": details,
            "error": audit.get("errorMessage"),
        })
    return found


def lighthouse_version():
    try:
        return json.loads((BENCH / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    except OSError:
        return "unknown"


def chromium_version():
    out = subprocess.run([CHROME_PATH, "--version"], capture_output=True, text=True, timeout=30)
    return out.stdout.strip() or "chromium"


def md(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(results, runs, code_at_start):
    today = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        SECTION,
        "",
        f"Measured {today} by `bash bench/lighthouse.sh`: Lighthouse {lighthouse_version()}, {chromium_version()} "
        f"(`{CHROME_FLAGS}`), default mobile emulation and simulated throttling; the median of {runs} run(s) "
        "per page by performance score is shown.",
        "",
        f"- Machine: {load.machine()}.",
        f"- Code: {code_at_start}."
        + ("" if load.code_version() == code_at_start else
           f" **The code changed during the run** (now {load.code_version()}): run again."),
        "- Server: gunicorn (2 workers) with `portal.settings.production`, `SECURE_SSL_REDIRECT=false`, SQLite with "
        "the `load_demo` content, page cache on, static files by WhiteNoise, on http://127.0.0.1.",
        "",
        "| Page | URL | Performance | Accessibility | Best practices | SEO | Transferred | Requests | FCP | LCP | TBT | CLS |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path, summary, _ in results:
        s = summary["scores"]
        m = summary["metrics"]

        def cell(cat):
            value = s[cat]
            if value is None:
                return "error"
            if cat == "seo" and summary.get("seo_without_noindex") is not None:  # noindex on purpose
                other = summary["seo_without_noindex"]
                return f"{value}, {other} ⁿ" if other >= TARGETS[cat] else f"{value}, **{other}** ⁿ ✗"
            return f"{value}" if value >= TARGETS[cat] else f"**{value}** ✗"

        size = summary["transferred"]
        size_cell = f"{size / 1024:.1f} KB"
        if name.startswith("article") and size > ARTICLE_MAX_BYTES:
            size_cell = f"**{size_cell}** ✗"
        lines.append(
            f"| {name} | `{path}` | {cell('performance')} | {cell('accessibility')} | {cell('best-practices')} | "
            f"{cell('seo')} | {size_cell} | {len(summary['requests'])} | {m['first-contentful-paint']} | "
            f"{m['largest-contentful-paint']} | {m['total-blocking-time']} | {m['cumulative-layout-shift']} |"
        )
    lines += [
        "",
        f"Targets: performance ≥ {TARGETS['performance']}, accessibility {TARGETS['accessibility']}, "
        f"best practices ≥ {TARGETS['best-practices']}, SEO ≥ {TARGETS['seo']}, an article page ≤ 100 KB "
        "transferred (sum of `transferSize` over the page load's network requests; KB = 1024 bytes). ✗ marks a miss. "
        "ⁿ: the page asks not to be indexed on purpose (search results, forms, a page shown in another language); "
        "its SEO target applies to the score without the `is-crawlable` audit, given second.",
        "",
    ]
    misses = []
    for name, path, summary, report in results:
        for cat in CATEGORIES:
            value = summary["scores"][cat]
            if cat == "seo" and summary.get("seo_without_noindex") is not None:
                value = summary["seo_without_noindex"]
            if value is None or value < TARGETS[cat]:
                misses.append((name, path, cat, value, failing_audits(report, cat)))
        if name.startswith("article") and summary["transferred"] > ARTICLE_MAX_BYTES:
            misses.append((name, path, "transfer size", summary["transferred"], []))
    if not misses:
        lines += ["All targets met.", ""]
    else:
        lines += ["### Failing audits", ""]
        for name, path, cat, value, audits in misses:
            lines.append(f"- **{name}** `{path}`, {cat}: {value}")
            for a in audits:
                extra = f" ({md(a['display'])})" if a["display"] else ""
                score = "error" if a["score"] is None else f"score {a['score']:.2f}"
                lines.append(f"  - `{a['id']}`: {md(a['title'])}{extra}, {score}, weight {a['weight']}")
                if a["error"]:
                    lines.append(f"    - error: {md(a['error'])}")
                for d in a["details"]:
                    lines.append(f"    - {md(d)[:400]}")
        lines.append("")
    warnings = {w for _, _, s, _ in results for w in s["warnings"]}
    if warnings:
        lines += ["Lighthouse run warnings:", ""] + [f"- {md(w)}" for w in sorted(warnings)] + [""]
    return "\n".join(lines), not misses


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median by performance is kept")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--budget", type=int, default=25 * 60)
    args = parser.parse_args()
    load._deadline = time.monotonic() + args.budget
    if not os.access(LIGHTHOUSE, os.X_OK):
        sys.exit("lighthouse is not installed: run bash bench/lighthouse.sh")
    WORK.mkdir(exist_ok=True)
    atexit.register(load.stop_all_servers)
    signal.signal(signal.SIGTERM, load._on_signal)
    signal.signal(signal.SIGINT, load._on_signal)

    code_at_start = load.code_version()
    try:
        prepare()
        port = start_server()
        pages = [(name, resolve(port, path)) for name, path in PAGES]
        for _, path in pages:
            status, headers, _ = load.fetch(port, path)
            if status != 200:
                raise BenchError(f"{path} answered {status} (location {headers.get('Location')})")
        results = []
        for name, path in pages:
            url = f"http://{load.HOST}:{port}{path}"
            runs = []
            for i in range(args.runs):
                out = WORK / f"lighthouse-{path.strip('/').replace('/', '_')}-{i + 1}.json"
                report = lighthouse(url, out)
                summary = summarise(report)
                if summary["runtime_error"]:
                    raise BenchError(f"lighthouse runtime error on {url}: {summary['runtime_error']}")
                log(f"  {name}: {summary['scores']} {summary['transferred']} B")
                runs.append((summary, report))
            runs.sort(key=lambda r: r[0]["scores"]["performance"] or 0)
            summary, report = runs[len(runs) // 2]
            results.append((name, path, summary, report))
    finally:
        load.stop_all_servers()

    text, passed = render(results, args.runs, code_at_start)
    print()
    print(text)
    if not args.no_write:
        load.write_section(SECTION, text)
        log(f"wrote {load.RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

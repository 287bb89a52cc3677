"""Lighthouse benchmark of the customer pages (phone profile), against a bare Reflex page.

    npm ci --prefix bench --ignore-scripts          # once: Lighthouse from bench/package-lock.json
    python bench/lighthouse_bench.py [--runs 3] [--out bench/out/lighthouse]

(run it after `source scripts/env.sh`, which puts node, bun and the venv on PATH).

What it does, in one run:
- builds and starts the real app in prod mode (`reflex run --env prod --single-port`, as
  tests/e2e/conftest.py `running_app()` does: fresh SQLite database, migrate, demo data,
  its own web dir `.cache/web-bench`);
- builds and starts a bare Reflex app (one page, `rx.text("Hello")`, the same reflex and
  the same rxconfig plugins/theme) on another free port, in `.cache/bench-bare`;
- runs Lighthouse (bench/node_modules, driving /usr/bin/chromium headless, mobile form
  factor = Lighthouse's default, simulated throttling) `--runs` times per page, pages
  interleaved so machine noise hits them alike, and takes the median of each figure:
  the customer's manage page (/m/<token>) for a confirmed and for a reschedule-proposed
  demo booking, the portal /b/lindenhof, and the bare page;
- prints performance, accessibility, KB transferred, interactive (TTI), LCP, TBT and
  interactive / bare, then PASS/FAIL against the targets (performance >= 0.90,
  accessibility = 1.00, <= 350 KB, interactive <= 1.2 x bare), then the accessibility
  audits below 1 and the heaviest resources of each page.

Simulated throttling slows this machine's CPU 4x, so scores move with its load (the
"CPU idx" column is Lighthouse's benchmark of the machine during each page's runs; "perf
per run" shows the spread): compare pages within one run, and prefer --runs 5 on a busy box.

It is a measurement, not a test: the exit code is 0 whether targets pass or not (non-zero
only when the pages could not be measured). The median run's JSON report and final
screenshot of each page are written to --out.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH = ROOT / "bench"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"

PERF_MIN, A11Y_MIN, KB_MAX, TTI_RATIO_MAX = 0.90, 1.00, 350, 1.2

BARE_PAGE = '''import reflex as rx


def index() -> rx.Component:
    return rx.text("Hello")


app = rx.App()
app.add_page(index, route="/", title="Bare")
'''


@dataclass
class Page:
    name: str
    url: str
    reports: list[dict] = field(default_factory=list)

    def median(self, key: str) -> float | None:
        values = [v for v in (figures(r).get(key) for r in self.reports) if v is not None]
        return statistics.median(values) if values else None

    def median_report(self) -> dict:
        """The run whose performance score is the median (for audits and resources)."""
        ranked = sorted(self.reports, key=lambda r: figures(r)["perf"] or 0)
        return ranked[len(ranked) // 2]


def figures(report: dict) -> dict[str, float | None]:
    audits, cats = report["audits"], report["categories"]

    def num(audit_id: str) -> float | None:
        return audits.get(audit_id, {}).get("numericValue")

    return {
        "perf": cats.get("performance", {}).get("score"),
        "a11y": cats.get("accessibility", {}).get("score"),
        "bytes": num("total-byte-weight"),
        "fcp": num("first-contentful-paint"),
        "lcp": num("largest-contentful-paint"),
        "tbt": num("total-blocking-time"),
        "tti": num("interactive"),
        "si": num("speed-index"),
        "cls": num("cumulative-layout-shift"),
        # Lighthouse's CPU benchmark of this machine during the run (higher = faster); the
        # simulated mobile CPU is this machine slowed 4x, so scores move with it.
        "cpu": report.get("environment", {}).get("benchmarkIndex"),
    }


# --- starting the apps -------------------------------------------------------------------

@contextmanager
def bare_app(work: Path, page_source: str = BARE_PAGE) -> Iterator[str]:
    """A one-page Reflex app with the real app's rxconfig (app name and app-specific hooks aside)."""
    from tests.e2e.conftest import _free_port, serve_reflex

    work.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "rxconfig.py").read_text()
    config, count = re.subn(r'app_name\s*=\s*"bookingapp"', 'app_name="bare"', config)
    if count != 1:
        raise SystemExit("rxconfig.py: could not find app_name=\"bookingapp\" to copy its config for the bare app")
    # App-specific hooks (components imported from bookingapp) do not exist in the bare app.
    config = re.sub(r"^\s*hydrate_fallback\s*=.*\n", "", config, flags=re.MULTILINE)
    # A bare page gets Reflex's stock Radix stylesheet, not the app's lean one.
    config = re.sub(r"^from bookingapp\..*\n", "", config, flags=re.MULTILINE)
    config = config.replace("LeanRadixThemesPlugin(", "rx.plugins.RadixThemesPlugin(")
    (work / "rxconfig.py").write_text(config)
    (work / "bare").mkdir(exist_ok=True)
    (work / "bare" / "__init__.py").write_text("")
    (work / "bare" / "bare.py").write_text(page_source)
    (work / "assets").mkdir(exist_ok=True)
    if (ROOT / "assets" / "favicon.ico").exists():
        shutil.copy(ROOT / "assets" / "favicon.ico", work / "assets" / "favicon.ico")

    env = {k: v for k, v in os.environ.items() if k not in ("REFLEX_WEB_WORKDIR", "PYTHONPATH")}
    with serve_reflex(work, env, _free_port(), work / "reflex.log", timeout=600) as url:
        yield url


def manage_urls(running) -> dict[str, str]:
    """Manage links of demo bookings, signed with the app's own SECRET_KEY."""
    from sqlmodel import Session, select

    from bookingapp import routes
    from bookingapp.models import Booking
    from bookingapp.services import manage_links
    from tests.e2e.conftest import _forget_cached_settings

    os.environ.update({k: running.env[k] for k in ("DATABASE_URL", "LOCAL_GATEWAY_URL", "PUBLIC_BASE_URL", "SECRET_KEY")})
    _forget_cached_settings()
    urls = {}
    with Session(running.engine) as s:
        for label, status in (("manage (confirmed)", "confirmed"), ("manage (proposal)", "reschedule_proposed")):
            booking = s.exec(select(Booking).where(Booking.status == status).order_by(Booking.id)).first()
            if booking is None:
                print(f"  no demo booking with status {status!r}: skipping {label}")
                continue
            urls[label] = running.url + routes.manage(manage_links.token_of(booking))
    return urls


# --- Lighthouse --------------------------------------------------------------------------

def lighthouse(url: str, out: Path) -> dict:
    cmd = [str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROME_FLAGS}",
           "--only-categories=performance,accessibility", "--output=json", f"--output-path={out}", "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not load {url}: {report['runtimeError']}")
    for warning in report.get("runWarnings", []):
        print(f"    warning ({url}): {warning}")
    return report


def warm(url: str) -> None:
    import urllib.request

    for _ in range(2):
        with suppress(OSError):
            urllib.request.urlopen(url, timeout=30).read()


# --- printing ----------------------------------------------------------------------------

def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def print_table(pages: list[Page], bare: Page, runs: int) -> None:
    bare_tti = bare.median("tti")
    print(f"\nLighthouse {pages[0].reports[0]['lighthouseVersion']}, mobile profile (simulated throttling), "
          f"median of {runs} run(s) per page, Chromium {CHROMIUM}\n")
    head = f"{'page':<22}{'perf':>6}{'a11y':>6}{'KB':>8}{'TTI ms':>9}{'FCP ms':>9}{'LCP ms':>9}{'TBT ms':>8}{'CLS':>7}{'TTI/bare':>10}{'CPU idx':>9}  perf per run"
    print(head)
    print("-" * len(head))
    for page in [*pages, bare]:
        tti = page.median("tti")
        ratio = tti / bare_tti if tti is not None and bare_tti else None
        kb = page.median("bytes")
        print(f"{page.name:<22}{_fmt(page.median('perf'), '.2f'):>6}{_fmt(page.median('a11y'), '.2f'):>6}"
              f"{_fmt(kb / 1024 if kb is not None else None, '.1f'):>8}{_fmt(tti, '.0f'):>9}{_fmt(page.median('fcp'), '.0f'):>9}"
              f"{_fmt(page.median('lcp'), '.0f'):>9}{_fmt(page.median('tbt'), '.0f'):>8}{_fmt(page.median('cls'), '.3f'):>7}"
              f"{_fmt(ratio, '.2f'):>10}{_fmt(page.median('cpu'), '.0f'):>9}  "
              + " ".join(_fmt(figures(r)["perf"], ".2f") for r in page.reports))

    print(f"\nTargets: performance >= {PERF_MIN:.2f}, accessibility = {A11Y_MIN:.2f}, <= {KB_MAX} KB, "
          f"interactive <= {TTI_RATIO_MAX} x bare ({_fmt(bare_tti, '.0f')} ms)")
    head = f"{'page':<22}{'perf':>8}{'a11y':>8}{'KB':>8}{'TTI':>8}"
    print(head)
    print("-" * len(head))
    for page in pages:
        perf, a11y, kb, tti = page.median("perf"), page.median("a11y"), page.median("bytes"), page.median("tti")
        checks = [
            perf is not None and perf >= PERF_MIN,
            a11y is not None and a11y >= A11Y_MIN,
            kb is not None and kb / 1024 <= KB_MAX,
            tti is not None and bare_tti is not None and tti <= TTI_RATIO_MAX * bare_tti,
        ]
        print(f"{page.name:<22}" + "".join(f"{'PASS' if ok else 'FAIL':>8}" for ok in checks))


def print_details(page: Page, top: int) -> None:
    report = page.median_report()
    audits = report["audits"]
    print(f"\n== {page.name}: {page.url}")
    for item in audits.get("lcp-breakdown-insight", {}).get("details", {}).get("items", []):
        if item.get("type") == "node":
            print(f"  LCP element: {item.get('snippet', '')[:80]} \"{item.get('nodeLabel', '')[:80]}\"")
    failing = [(ref["id"], ref.get("weight", 0)) for ref in report["categories"].get("accessibility", {}).get("auditRefs", [])
               if audits.get(ref["id"], {}).get("score") is not None and audits[ref["id"]]["score"] < 1]
    if failing:
        print("  accessibility audits below 1:")
        for audit_id, weight in failing:
            audit = audits[audit_id]
            print(f"    - {audit_id} (weight {weight}): {audit['title']}")
            for item in _items(audit.get("details", {}))[:5]:
                node = item.get("node", {})
                print(f"        {node.get('selector', '')}  {node.get('snippet', '')[:120]}  \"{node.get('nodeLabel', '')[:60]}\"")
                if node.get("explanation"):
                    lines = [line.strip() for line in node["explanation"].splitlines() if line.strip()]
                    print(f"          {' '.join(lines[1:2] or lines[:1])[:220]}")
    else:
        print("  accessibility: every audit passes")
    requests = _items(audits.get("network-requests", {}).get("details", {}))
    total = sum(r.get("transferSize", 0) for r in requests)
    by_type: dict[str, int] = {}
    for r in requests:
        by_type[r.get("resourceType", "?")] = by_type.get(r.get("resourceType", "?"), 0) + r.get("transferSize", 0)
    print(f"  {len(requests)} requests, {total / 1024:.1f} KB transferred: "
          + ", ".join(f"{t} {b / 1024:.1f} KB" for t, b in sorted(by_type.items(), key=lambda kv: -kv[1])))
    print("  heaviest resources (transfer / resource size):")
    for r in sorted(requests, key=lambda r: -r.get("transferSize", 0))[:top]:
        url = r["url"].split("?")[0]
        url = url if len(url) < 90 else "…" + url[-89:]
        print(f"    {r.get('transferSize', 0) / 1024:8.1f} KB {r.get('resourceSize', 0) / 1024:8.1f} KB  "
              f"{r.get('resourceType', ''):<10} {url}")
    opportunities = []
    for audit_id in ("unused-javascript", "render-blocking-resources", "render-blocking-insight", "unminified-javascript",
                     "uses-text-compression", "document-latency-insight", "bootup-time", "mainthread-work-breakdown"):
        audit = audits.get(audit_id)
        if audit and audit.get("score") is not None and audit["score"] < 0.9:
            opportunities.append(f"{audit_id}: {audit.get('displayValue', '')}".rstrip(": "))
    if opportunities:
        print("  performance audits below 0.9: " + "; ".join(opportunities))


def _items(details: dict) -> list[dict]:
    items = details.get("items", [])
    # Some audits nest a table in a list (e.g. largest-contentful-paint-element).
    if items and isinstance(items[0], dict) and items[0].get("type") == "table":
        items = items[0].get("items", [])
    return items


def save(page: Page, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", page.name.lower()).strip("-")
    report = page.median_report()
    (out / f"{slug}.json").write_text(json.dumps(report))
    shot = report["audits"].get("final-screenshot", {}).get("details", {}).get("data", "")
    if shot.startswith("data:image/"):
        ext = shot.split(";")[0].split("/")[1].replace("jpeg", "jpg")
        (out / f"{slug}.{ext}").write_bytes(base64.b64decode(shot.split(",", 1)[1]))


# --- main --------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median taken)")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "lighthouse", help="median reports + screenshots")
    parser.add_argument("--top", type=int, default=8, help="how many of the heaviest resources to list")
    args = parser.parse_args()

    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci --prefix bench --ignore-scripts` first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"No Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)", file=sys.stderr)
        return 2

    from tests.e2e.conftest import running_app

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lighthouse-bench-")))
        started = time.monotonic()
        print("Starting the app (prod build in .cache/web-bench) ...", flush=True)
        app = stack.enter_context(running_app(work, web_dir=str(ROOT / ".cache" / "web-bench")))
        print(f"  {app.url} in {time.monotonic() - started:.0f}s", flush=True)
        started = time.monotonic()
        print("Starting the bare Reflex app (prod build in .cache/bench-bare) ...", flush=True)
        bare_url = stack.enter_context(bare_app(ROOT / ".cache" / "bench-bare"))
        print(f"  {bare_url} in {time.monotonic() - started:.0f}s", flush=True)

        pages = [Page(name, url) for name, url in manage_urls(app).items()]
        pages.append(Page("portal /b/lindenhof", app.url + "/b/lindenhof"))
        bare = Page("bare Reflex page", bare_url + "/")
        for page in [*pages, bare]:
            warm(page.url)
        for run in range(1, args.runs + 1):
            for index, page in enumerate([*pages, bare]):
                print(f"  run {run}/{args.runs}: {page.name}", flush=True)
                page.reports.append(lighthouse(page.url, work / f"lh-{index}-{run}.json"))

    print_table(pages, bare, args.runs)
    for page in [*pages, bare]:
        print_details(page, args.top)
        save(page, args.out)
    print(f"\nMedian reports and final screenshots: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

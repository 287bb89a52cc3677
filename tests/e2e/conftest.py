"""Browser tests: the real app (built and started as `scripts/run` does) in Chromium.

One app per test session, on a free port, with its own SQLite database, gateway ledger
and the sweeper switched off (tests run it on demand with `sweep()`). The test process
reads the same database to assert on bookings and the outbox.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine

from bookingapp.db import make_engine
from bookingapp.settings import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@dataclass
class RunningApp:
    url: str
    env: dict[str, str]
    engine: Engine
    log: Path | None = None  # the app's own output: server errors land here

    def sweep(self) -> str:
        """Run the sweeper once against the app's database (as the CLI would)."""
        done = subprocess.run([sys.executable, "-m", "bookingapp.jobs", "--once"], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return done.stdout

    def manage(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bookingapp.manage", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return done.stdout


def _forget_cached_settings() -> None:
    from bookingapp import db
    from bookingapp.integrations import gateways
    from bookingapp.settings import get_settings

    for cached in (get_settings, db.get_engine, db.get_read_engine, gateways.get_gateway):
        cached.cache_clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the app did not answer {url} in {timeout}s:\n{log.read_text()[-4000:]}")


@contextmanager
def running_app(work: Path, *, extra_env: dict[str, str] | None = None, web_dir: str | None = None,
                demo: bool = True) -> Iterator[RunningApp]:
    """Build and start the real app (as scripts/run does) with its own database; `demo=False`
    starts it empty, as a new installation is."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{work / 'app.db'}",
        "LOCAL_GATEWAY_URL": f"sqlite:///{work / 'gateway.db'}",
        "PUBLIC_BASE_URL": url,
        "SWEEPER_ENABLED": "false",
        "SECRET_KEY": "e2e-secret",
        # The pseudo-locale ("⟦Sign in⟧") is built in, for test_pseudo_locale.py.
        "BOOKINGAPP_PSEUDO_LOCALE": "1",
        # Its own build folder, so a running dev app (.web) and the tests never collide;
        # set E2E_WEB_DIR to run two test sessions side by side.
        "REFLEX_WEB_WORKDIR": web_dir or os.environ.get("E2E_WEB_DIR", str(ROOT / ".cache" / "web-e2e")),
        **(extra_env or {}),
    }
    running = RunningApp(url=url, env=env, engine=make_engine(env["DATABASE_URL"], for_writes=False), log=work / "reflex.log")
    running.manage("migrate")
    if demo:
        running.manage("demo")
    with serve_reflex(ROOT, env, port, work / "reflex.log"):
        try:
            yield running
        finally:
            running.engine.dispose()


@contextmanager
def serve_reflex(cwd: Path, env: dict[str, str], port: int, log: Path, timeout: float = 300) -> Iterator[str]:
    """`reflex run --env prod` of the app in `cwd` on one port, until the block ends."""
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["reflex", "run", "--env", "prod", "--backend-host", "127.0.0.1", "--single-port",
             "--frontend-port", str(port), "--backend-port", str(port)],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_for(f"{url}/ping", process, log, timeout)
        _wait_for(f"{url}/", process, log, timeout)
        yield url
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


@pytest.fixture(scope="session")
def app(tmp_path_factory) -> Iterator[RunningApp]:
    work = tmp_path_factory.mktemp("app")
    with running_app(work) as running:
        # The test process acts on the app's database too (arranging bookings, reading
        # the outbox), with the same secret so manage links match.
        os.environ.update({k: running.env[k] for k in ("DATABASE_URL", "LOCAL_GATEWAY_URL", "PUBLIC_BASE_URL", "SECRET_KEY")})
        _forget_cached_settings()
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser: Browser, app: RunningApp, viewport: dict) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, base_url=app.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def desktop(browser, app) -> Iterator[Page]:
    yield from _page(browser, app, DESKTOP)


@pytest.fixture
def phone(browser, app) -> Iterator[Page]:
    yield from _page(browser, app, PHONE)


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, app) -> Iterator[Page]:
    """The same test at 1280 px and at 375 px."""
    yield from _page(browser, app, DESKTOP if request.param == "desktop" else PHONE)


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def sign_in(page: Page, email: str = "demo@example.com", password: str = "demo-password", next_path: str = "") -> None:
    page.goto("/signin" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Anchored at the origin: "/signin?next=/dashboard/…" must not count as arrived.
    page.wait_for_url(re.compile(r"^https?://[^/]+/dashboard(/[^?#]*)?([?#].*)?$"))

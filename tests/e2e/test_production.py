"""Production mode as `scripts/production` runs it: PostgreSQL, Redis, two backend workers.

The script is started for real with a throwaway PostgreSQL database (tests/pg_cluster.py)
and a throwaway redis-server, so it provisions nothing and uses them: it applies the
migrations (`alembic upgrade head`), loads the demo data and serves with two workers that
share Reflex state through Redis and both run the sweeper.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bookingapp.db import make_engine
from bookingapp.manage import alembic_config
from bookingapp.models import Booking, OutboxEmail, Service
from bookingapp.settings import ROOT
from tests.e2e.conftest import DESKTOP, PHONE, _wait_for
from tests.e2e.helpers_booking import BERLIN, choose, free_days, unique_email


@dataclass
class ProductionApp:
    url: str
    engine: Engine
    log: Path
    process: subprocess.Popen
    redis_port: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("PG_TESTS") == "required":
            pytest.fail("redis-server is not installed (scripts/test installs it from Debian)")
        pytest.skip("redis-server is not installed: sudo apt-get install redis-server")
    port = _free_port()
    work = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("redis-server did not answer")
        time.sleep(0.2)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def production(pg_cluster, redis_url, tmp_path_factory) -> Iterator[ProductionApp]:
    work = tmp_path_factory.mktemp("production")
    database = pg_cluster.create_database()  # empty: the script's migrations build it
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    web_dir = os.environ.get("E2E_WEB_DIR", str(ROOT / ".cache" / "web-e2e")) + "-production"
    env = {
        **os.environ,
        "DATABASE_URL": pg_cluster.url(database),
        "REFLEX_REDIS_URL": redis_url,
        "SECRET_KEY": "production-test-secret",
        "LOCAL_GATEWAY_URL": f"sqlite:///{work / 'gateway.db'}",
        "PORT": str(port),
        "PUBLIC_BASE_URL": url,
        "WORKERS": "2",
        "DEMO": "1",
        "SWEEPER_INTERVAL_SECONDS": "1",
        "REFLEX_WEB_WORKDIR": web_dir,
        "INSTALL_EXTRAS": "test",  # the test venv's install stamp: no reinstall
    }
    env.pop("APP_ENV", None)
    env.pop("SWEEPER_ENABLED", None)
    log = work / "production.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "production")], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    engine = make_engine(pg_cluster.url(database))
    try:
        _wait_for(f"{url}/api/health", process, log, timeout=420)
        _wait_for(f"{url}/", process, log, timeout=120)
        yield ProductionApp(url=url, engine=engine, log=log, process=process,
                            redis_port=int(redis_url.rsplit(":", 1)[1].split("/")[0]))
    finally:
        engine.dispose()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        pg_cluster.drop_database(database)


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _json_lines(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def test_the_script_migrates_postgresql_and_serves_with_two_workers(production: ProductionApp):
    import urllib.request

    with urllib.request.urlopen(f"{production.url}/api/health") as response:
        assert json.loads(response.read()) == {"status": "ok"}
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with production.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    # The script execs `reflex run`, which supervises the granian workers.
    workers = _children(production.process.pid)
    assert len(workers) == 2, f"expected 2 backend workers, found {workers}"


def test_both_workers_sweep_and_every_email_goes_out_exactly_once(production: ProductionApp):
    deadline = time.monotonic() + 60
    while True:
        with Session(production.engine) as s:
            emails = s.exec(select(OutboxEmail)).all()
        if emails and all(e.status == "sent" for e in emails):
            break
        assert time.monotonic() < deadline, "the workers' sweepers did not deliver the demo emails"
        time.sleep(1)
    assert {e.attempts for e in emails} == {1}, "an email was claimed twice"
    # The demo's past (services/demo_history.py) went out weeks ago: only the rest is the workers'.
    delivered = [e for e in emails if e.claimed_by]
    assert delivered, "the workers delivered none of the demo's emails"
    sweeps = [line for line in _json_lines(production.log) if line.get("msg") == "swept"]
    assert sweeps, "the sweepers wrote no structured log line"
    assert sum(line["jobs"].get("deliver_outbox", 0) for line in sweeps) == len(delivered)
    assert {line["level"] for line in sweeps} == {"info"}


def test_two_customers_racing_for_one_time_on_two_workers_get_one_booking(production: ProductionApp, browser: Browser):
    when = free_days(production, "consultation")[1].slots[0]
    pages: list[Page] = []
    for viewport, name in ((DESKTOP, "Dana Desktop"), (PHONE, "Pia Phone")):
        context = browser.new_context(viewport=viewport, base_url=production.url)
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/b/lindenhof/book/consultation")
        choose(page, when)
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Email", exact=True).fill(unique_email(name.split()[0].lower()))
        pages.append(page)

    for page in pages:  # both submit within a few milliseconds
        page.get_by_role("button", name=re.compile(r"^Book this time")).click(no_wait_after=True)

    outcomes = []
    for page in pages:
        booked = page.locator(".status")
        taken = page.get_by_role("alert").filter(has_text="This time was just taken or is no longer available.")
        expect(booked.or_(taken)).to_be_visible()
        outcomes.append("booked" if "/m/" in page.url else "taken")
    assert sorted(outcomes) == ["booked", "taken"], outcomes
    with Session(production.engine) as s:
        consultation = s.exec(select(Service).where(Service.slug == "consultation")).one()
        at_that_time = s.exec(select(Booking).where(Booking.service_id == consultation.id,
                                                    Booking.starts_at == when)).all()
    assert len(at_that_time) == 1
    assert at_that_time[0].starts_at.astimezone(BERLIN) == when.astimezone(BERLIN)
    # The pages' state lives in Redis, where any worker finds it.
    keys = subprocess.run(["redis-cli", "-p", str(production.redis_port), "--scan", "--pattern", "*book_appointment*"],
                          capture_output=True, text=True).stdout.split()
    assert len(keys) >= 2
    for page in pages:
        page.context.close()

"""The operator's `python -m bookingapp.manage commission <slug> <percent>`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlmodel import Session, select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.manage import migrate
from bookingapp.models import ActivityLog, Organization
from bookingapp.settings import ROOT
from tests import factories


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate(url)
    engine = make_engine(url)
    with unit_of_work(engine) as s:
        factories.organization(s, "lindenhof", name="Lindenhof", platform_commission_pct="10")
    yield url, engine
    engine.dispose()


def _run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "test"}
    return subprocess.run([sys.executable, "-m", "bookingapp.manage", "commission", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _commission(engine) -> str:
    with Session(engine) as s:
        return s.exec(select(Organization.platform_commission_pct).where(Organization.slug == "lindenhof")).one()


def test_the_command_sets_the_commission_and_prints_old_and_new(database):
    url, engine = database
    done = _run(url, "lindenhof", "23.8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Platform commission of lindenhof: 10% -> 23.8%"
    assert _commission(engine) == "23.8"
    with Session(engine) as s:
        logged = s.exec(select(ActivityLog).where(ActivityLog.action == "organization.commission_changed")).one()
    assert logged.data == {"from": "10", "to": "23.8"}


@pytest.mark.parametrize(("args", "message"), [
    (("lindenhof", "101"), "A percentage must be between 0 and 100."),
    (("lindenhof", "-5"), "A percentage must be between 0 and 100."),
    (("lindenhof", "ten"), "Enter a percentage such as 23.8."),
    (("nobody", "5"), "No business has the address 'nobody'."),
])
def test_bad_input_prints_why_and_changes_nothing(database, args, message):
    url, engine = database
    done = _run(url, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert _commission(engine) == "10"

"""The sweeper runs every registered job; one failing job does not stop the others."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bookingapp import jobs
from bookingapp.models import utcnow
from tests.run_async import run_async


@pytest.fixture
def only_test_jobs(monkeypatch) -> dict:
    # run_once would otherwise sweep the default database from settings.
    registry: dict = {}
    monkeypatch.setattr(jobs, "JOBS", registry)
    return registry


def test_run_once_runs_every_job_with_the_same_time_and_runner(only_test_jobs):
    calls = []
    now = utcnow()
    jobs.job("first")(lambda t, r: calls.append(("first", t, r)) or 2)
    jobs.job("second")(lambda t, r: calls.append(("second", t, r)) or 0)

    done = jobs.run_once(now=now, runner="test-runner")

    assert done == {"first": 2, "second": 0}
    assert calls == [("first", now, "test-runner"), ("second", now, "test-runner")]


def test_one_failing_job_does_not_stop_the_others(only_test_jobs, caplog):
    ran = []

    @jobs.job("broken")
    def broken(now, runner):
        raise RuntimeError("database fell over")

    jobs.job("after_broken")(lambda t, r: ran.append("after_broken") or 1)

    with caplog.at_level(logging.ERROR, logger="bookingapp.sweeper"):
        done = jobs.run_once(now=utcnow(), runner="r")

    assert done == {"broken": -1, "after_broken": 1}
    assert ran == ["after_broken"]
    assert "sweeper job broken failed" in caplog.text


def test_outbox_delivery_runs_last_so_emails_queued_by_other_jobs_leave_in_the_same_sweep(only_test_jobs):
    order = []
    jobs.job("deliver_outbox")(lambda t, r: order.append("deliver_outbox") or 0)
    jobs.job("expire_requests")(lambda t, r: order.append("expire_requests") or 0)
    jobs.job("remind_providers")(lambda t, r: order.append("remind_providers") or 0)

    jobs.run_once(now=utcnow(), runner="r")

    assert order == ["expire_requests", "remind_providers", "deliver_outbox"]


def test_the_real_sweeper_knows_its_jobs():
    assert {"deliver_outbox", "expire_requests", "expire_proposals", "remind_providers"} <= set(jobs.JOBS)


def test_the_lifespan_task_does_nothing_when_the_sweeper_is_disabled(monkeypatch):
    class Disabled:
        sweeper_enabled = False
        sweeper_interval_seconds = 15

    monkeypatch.setattr(jobs, "get_settings", lambda: Disabled())
    monkeypatch.setattr(jobs, "run_once", lambda *a: pytest.fail("swept although disabled"))

    assert run_async(asyncio.wait_for(jobs.sweeper_task(), timeout=5)) is None

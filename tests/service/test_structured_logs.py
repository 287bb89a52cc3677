"""Structured logs: JSON lines an operator can filter, and actions logged only once committed."""

from __future__ import annotations

import json
import logging

import pytest

from bookingapp import jobs, logs
from bookingapp.db import unit_of_work
from bookingapp.services import activity
from tests import factories


def _json_lines(caplog) -> list[dict]:
    formatter = logs.JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_a_log_line_is_one_json_object_with_its_extra_fields():
    record = logging.makeLogRecord({"name": "bookingapp.x", "levelname": "WARNING", "msg": "hold %s lapsed",
                                    "args": ("pi_1",), "booking_id": 7, "organization_id": 3})

    line = json.loads(logs.JsonFormatter().format(record))

    assert line["msg"] == "hold pi_1 lapsed"
    assert line["level"] == "warning"
    assert line["booking_id"] == 7 and line["organization_id"] == 3
    assert line["ts"].endswith("+00:00")


def test_an_exception_is_kept_in_the_line():
    try:
        raise RuntimeError("gateway down")
    except RuntimeError:
        record = logging.getLogger("bookingapp.t").makeRecord(
            "bookingapp.t", logging.ERROR, __file__, 1, "failed", (), exc_info=__import__("sys").exc_info())

    line = json.loads(logs.JsonFormatter().format(record))

    assert "RuntimeError: gateway down" in line["exc"]


def test_production_logs_json_by_default(monkeypatch):
    from bookingapp.settings import get_settings

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    get_settings.cache_clear()
    try:
        assert logs.log_format() == "json"
        monkeypatch.setenv("LOG_FORMAT", "text")
        get_settings.cache_clear()
        assert logs.log_format() == "text"
    finally:
        get_settings.cache_clear()


def test_a_committed_action_is_logged_with_its_ids(engine, caplog):
    caplog.set_level(logging.INFO, logger="bookingapp.actions")
    with unit_of_work(engine) as session:
        org = factories.organization(session)
        actor = factories.staff_actor(session, org)
        activity.log_action(session, actor=actor, action=next(iter(activity.ACTION_TEXTS)),
                            organization_id=org.id, booking_id=None)

    lines = [line for line in _json_lines(caplog) if line["logger"] == "bookingapp.actions"]
    assert len(lines) == 1
    assert lines[0]["organization_id"] == org.id
    assert lines[0]["actor_kind"] == actor.kind


def test_a_rolled_back_action_is_not_logged(engine, caplog):
    caplog.set_level(logging.INFO, logger="bookingapp.actions")
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        org = factories.organization(session)
        actor = factories.staff_actor(session, org)
        activity.log_action(session, actor=actor, action=next(iter(activity.ACTION_TEXTS)),
                            organization_id=org.id)
        raise RuntimeError("the action failed after logging")

    assert [r for r in caplog.records if r.name == "bookingapp.actions"] == []


def test_a_sweep_that_did_work_says_so_and_a_quiet_one_stays_silent(monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="bookingapp.sweeper")
    monkeypatch.setattr(jobs, "JOBS", {"busy": lambda now, runner: 2, "idle": lambda now, runner: 0})

    jobs.run_once(runner="host:1")
    monkeypatch.setattr(jobs, "JOBS", {"idle": lambda now, runner: 0})
    jobs.run_once(runner="host:1")

    lines = [line for line in _json_lines(caplog) if line["logger"] == "bookingapp.sweeper"]
    assert len(lines) == 1
    assert lines[0]["jobs"] == {"busy": 2} and lines[0]["runner"] == "host:1"

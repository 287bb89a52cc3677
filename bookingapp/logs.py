"""Structured logs: one JSON object per line in production, readable text elsewhere.

`configure()` is called once per process (app worker, sweeper CLI, manage commands).
Fields passed as `extra={...}` become top-level JSON keys, so log shippers can filter
on `organization_id`, `booking_id`, `action` or `runner` without parsing messages.

Every committed activity-log entry is also written as a log line (`bookingapp.actions`)
after its transaction commits: a rolled-back action never shows up as done.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
PENDING_ACTIONS = "bookingapp.pending_actions"
actions_log = logging.getLogger("bookingapp.actions")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_format() -> str:
    """`LOG_FORMAT` (json | text); JSON by default in production."""
    from bookingapp.settings import get_settings

    settings = get_settings()
    return settings.log_format or ("json" if settings.app_env == "production" else "text")


def configure(fmt: str | None = None, level: str | None = None) -> None:
    fmt = fmt or log_format()
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("bookingapp")
    root.handlers[:] = [handler]
    root.setLevel(level or os.environ.get("LOG_LEVEL", "INFO"))
    root.propagate = False


def remember_action(session: Session, fields: dict) -> None:
    """Queue an action's log line until the session's transaction commits."""
    session.info.setdefault(PENDING_ACTIONS, []).append(fields)


@event.listens_for(Session, "after_commit")
def _log_committed_actions(session: Session) -> None:
    for fields in session.info.pop(PENDING_ACTIONS, []):
        actions_log.info(fields["action"], extra=fields)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_actions(session: Session) -> None:
    session.info.pop(PENDING_ACTIONS, None)

"""Shared fixtures: a fresh database per test, built from the models."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Tests never touch the developer's database or gateway ledger.
os.environ.setdefault("APP_ENV", "test")
os.environ.setdefault("SWEEPER_ENABLED", "false")

from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import bookingapp.models  # noqa: E402,F401
from bookingapp.db import make_engine  # noqa: E402
from bookingapp.integrations.payments import LocalGateway  # noqa: E402


@pytest.fixture
def engine(tmp_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def gateway(tmp_path) -> LocalGateway:
    return LocalGateway(make_engine(f"sqlite:///{tmp_path / 'gateway.db'}"))

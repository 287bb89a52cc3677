"""Shared fixtures: a fresh database per test, built from the models.

Every test that uses `engine` (or `session`) runs twice: on SQLite and on PostgreSQL,
a throwaway cluster started once per test session (tests/pg_cluster.py). Where
PostgreSQL's server is not installed the PostgreSQL half is skipped with the reason
printed; `PG_TESTS=off` skips it on purpose, `PG_TESTS=required` (CI) makes it an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Tests never touch the developer's database or gateway ledger.
os.environ.setdefault("APP_ENV", "test")
os.environ.setdefault("SWEEPER_ENABLED", "false")

from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import bookingapp.models  # noqa: E402,F401

# Property tests draw the same examples on every run unless told otherwise: a fresh
# clone's test command must not fail by chance. `scripts/fuzz` switches to `fuzz`, which
# draws new examples, many of them; what it finds becomes an @example in the test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
from bookingapp.db import make_engine  # noqa: E402
from bookingapp.integrations.payments import LocalGateway  # noqa: E402
from tests.pg_cluster import PgCluster, PgUnavailable, wait_until_ready  # noqa: E402


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory) -> Iterator[PgCluster]:
    mode = os.environ.get("PG_TESTS", "on")
    if mode == "off":
        pytest.skip("PostgreSQL tests switched off (PG_TESTS=off)")
    try:
        cluster = PgCluster.start()
    except PgUnavailable as missing:
        if mode == "required":
            raise
        pytest.skip(str(missing))
    try:
        wait_until_ready(cluster)
        template = cluster.create_database()
        schema = make_engine(cluster.url(template))
        SQLModel.metadata.create_all(schema)
        schema.dispose()
        cluster.template = template
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database with the schema, on each engine in turn."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        schema = make_engine(url)
        SQLModel.metadata.create_all(schema)
        schema.dispose()
        yield url
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database(template=cluster.template)
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database without any table (for migrations), on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def gateway(tmp_path) -> LocalGateway:
    return LocalGateway(make_engine(f"sqlite:///{tmp_path / 'gateway.db'}"))

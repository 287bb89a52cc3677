"""Engine and unit of work: one transaction per action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bookingapp.settings import get_settings


def make_engine(url: str, *, for_writes: bool = True) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine, immediate=for_writes)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    # pysqlite defers BEGIN until the first write, so two writers can both read a free
    # slot and then both write. BEGIN IMMEDIATE takes the write lock at the start of
    # every transaction: on SQLite, writers are serialized, which is what "no double
    # booking" needs. WAL keeps readers unblocked meanwhile.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def get_read_engine() -> Engine:
    url = get_settings().database_url
    return make_engine(url, for_writes=False) if url.startswith("sqlite") else get_engine()


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """A session whose work commits together or not at all."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_only(engine: Engine | None = None) -> Iterator[Session]:
    """A session for queries that change nothing (no write lock on SQLite)."""
    with Session(engine or get_read_engine(), expire_on_commit=False) as session:
        yield session


def insert_if_missing(session: Session, model: type, **values) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: the row exists afterwards, whoever made it. Two
    transactions creating the same row at once both go on, instead of one failing on the
    primary key; lock the row (SELECT ... FOR UPDATE) to work on it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the two engines we run on
        raise NotImplementedError(dialect)
    session.execute(insert(model).values(**values).on_conflict_do_nothing())

"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import bookingapp.models  # noqa: F401  (every table on SQLModel.metadata)
from alembic import command
from bookingapp.manage import alembic_config, migrate


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrate_on_an_empty_database_reaches_head(empty_db_url):
    url = empty_db_url

    migrate(url)

    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    engine.dispose()


def test_migrated_schema_matches_the_models_exactly(empty_db_url):
    url = empty_db_url
    migrate(url)

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()

    assert differences == [], "models and migrations differ: run `alembic revision --autogenerate`"
    assert _tables(url) == set(SQLModel.metadata.tables)


def test_migrate_twice_is_harmless(empty_db_url):
    url = empty_db_url
    migrate(url)

    migrate(url)

    assert _tables(url) == set(SQLModel.metadata.tables)


def test_downgrade_to_base_removes_every_table(empty_db_url):
    url = empty_db_url
    migrate(url)

    command.downgrade(alembic_config(url), "base")

    assert _tables(url) == set()

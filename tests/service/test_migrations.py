"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import bookingapp.models  # noqa: F401  (every table on SQLModel.metadata)
from alembic import command
from bookingapp import search_index
from bookingapp.manage import alembic_config, migrate


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return {t for t in sa.inspect(engine).get_table_names() if t != "alembic_version" and not search_index.is_index_table(t)}
    finally:
        engine.dispose()


class OldSchemaWriter:
    """Stands in for a Session in tests.factories on a database at an older revision: each
    row is written with only the columns that revision has, since later migrations add
    columns the models already know."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.pending: list = []

    def add(self, row) -> None:
        self.pending.append(row)

    def flush(self) -> None:
        for row in self.pending:
            model = type(row).__table__
            old = sa.Table(model.name, sa.MetaData(), autoload_with=self.conn)
            values = {}
            for column in model.columns:
                value = getattr(row, column.name)
                if column.name in old.c and value is not None:
                    # The old table is reflected, so its columns have plain types: store UTC as the models do.
                    binds = isinstance(column.type, bookingapp.models.UTCDateTime)
                    values[column.name] = column.type.process_bind_param(value, self.conn.dialect) if binds else value
            row.id = self.conn.execute(old.insert().values(values)).inserted_primary_key[0]
        self.pending = []


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
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True,
                                                         "include_object": search_index.include_object})
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

    engine = sa.create_engine(url)
    left = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert left == set()  # the search index's tables too


def test_the_migrations_build_the_customer_search_index_as_create_all_does(empty_db_url, request, tmp_path):
    """Tests and benchmarks build their schema with create_all, deployments with the
    migrations: both must carry the trigram index the customer search relies on."""
    migrate(empty_db_url)
    if empty_db_url.startswith("sqlite"):
        built_url = f"sqlite:///{tmp_path / 'create_all.db'}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        built_url = cluster.url(cluster.create_database())
    built = sa.create_engine(built_url)
    SQLModel.metadata.create_all(built)

    def parts(url: str) -> set[str]:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql("SELECT type, name FROM sqlite_master WHERE name LIKE 'customer_search%'").all()
            else:
                rows = conn.exec_driver_sql("SELECT 'index', indexname FROM pg_indexes WHERE right(indexname, 5) = '_trgm'").all()
        engine.dispose()
        return {f"{kind} {name}" for kind, name in rows}

    built.dispose()
    migrated = parts(empty_db_url)
    assert migrated == parts(built_url)
    assert {"index ix_customer_name_trgm", "index ix_customer_email_trgm"} <= migrated or \
        {"table customer_search", "trigger customer_search_after_update"} <= migrated


def _copy_as_of(source, target, tables: list[str]) -> None:
    """Copy every row of `tables` into an older schema: only the columns it already has."""
    with source.connect() as read, target.begin() as write:
        for name in tables:
            table = SQLModel.metadata.tables[name]
            present = {c["name"] for c in sa.inspect(write).get_columns(name)}
            # Typed like the model's columns, without their defaults (which would name newer columns).
            older = sa.table(name, *[sa.column(c.name, c.type) for c in table.c if c.name in present])
            for row in read.execute(sa.select(table)).mappings():
                write.execute(sa.insert(older).values({k: v for k, v in row.items() if k in present}))
        if write.dialect.name == "postgresql":  # later inserts take ids after the copied ones
            for name in tables:
                if "id" in SQLModel.metadata.tables[name].c:
                    write.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                          f"(SELECT COALESCE(MAX(id), 1) FROM {name}))")


def test_0009_keeps_customers_and_bookings_and_finds_their_phones(empty_db_url):
    """A business's data from before the front desk: the email column loosens without copying
    the customer table (bookings reference it), and the rows already there are searchable
    by their phone numbers."""
    from sqlmodel import Session

    from bookingapp.models import Customer
    from bookingapp.services import customers
    from bookingapp.services.accounts import actor_for
    from tests import factories

    command.upgrade(alembic_config(empty_db_url), "0008_front_desk")
    # The rows are made with today's models on a scratch database, then copied into the 0008
    # schema column by column: columns added after 0008 are left out, as they did not exist.
    scratch = sa.create_engine("sqlite://")
    SQLModel.metadata.create_all(scratch)
    with Session(scratch, expire_on_commit=False) as s:
        org = factories.organization(s, "old")
        actor = actor_for(factories.staff(s, org))
        ann = factories.customer(s, org, "ann@example.com", name="Ann Old", phone="+49 170 555 1234")
        factories.booking(s, org, customer_row=ann)
        s.commit()
    engine = sa.create_engine(empty_db_url)
    _copy_as_of(scratch, engine, ["organization", "staffuser", "customer", "service", "servicestaff", "booking"])
    scratch.dispose()
    engine.dispose()

    migrate(empty_db_url)

    engine = sa.create_engine(empty_db_url)
    with Session(engine) as s:
        s.add(Customer(organization_id=org.id, name="No Address", phone="0171 222"))
        s.commit()
        assert [h.name for h in customers.search_customers(s, actor=actor, query="555 1234")] == ["Ann Old"]
        assert [h.name for h in customers.search_customers(s, actor=actor, query="0171 222")] == ["No Address"]
        assert [h.name for h in customers.search_customers(s, actor=actor, query="ann@")] == ["Ann Old"]
        if engine.dialect.name == "sqlite":
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert s.connection().exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()
    with pytest.raises(RuntimeError, match="1 customers have no email address"):
        command.downgrade(alembic_config(empty_db_url), "0008_front_desk")

"""An index for "name or email contains this text" over customers, on both engines.

Staff find customers by any part of a name or address ("anna" finds "Johanna Berg"). A
B-tree index cannot serve `LIKE '%anna%'`, so without this every search read every
customer of the organization: fine at 100 customers, 75 ms at 100,000. Both engines
ship a trigram index for exactly this:

- SQLite: an FTS5 table with the trigram tokenizer over the customer table's name and
  email (external content: the text lives only in `customer`; triggers keep the index in
  step with every insert, update and delete);
- PostgreSQL: pg_trgm GIN indexes on name and email, which serve ILIKE '%text%'.

Both answer texts of three characters or more; shorter ones are matched by scanning, as
before. The same statements run from the migration (0006) and from `create_all` (tests,
benchmarks), so both schemas carry the index.

A future SQLite batch migration of `customer` copies the table and loses its triggers:
such a migration must call `create` again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection, Table, event
from sqlalchemy.sql.elements import ColumnElement

FTS_TABLE = "customer_search"
MIN_LENGTH = 3  # trigrams: shorter texts cannot use either index

_PG_INDEXES = {"ix_customer_name_trgm": "name", "ix_customer_email_trgm": "email"}

_SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "name, email, content='customer', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_insert AFTER INSERT ON customer BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_delete AFTER DELETE ON customer BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_update AFTER UPDATE OF name, email ON customer BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
        INSERT INTO {FTS_TABLE}(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
    # Index the rows already there (a migration of an existing database).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
_POSTGRESQL = [
    # A trusted extension since PostgreSQL 13: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(f"CREATE INDEX IF NOT EXISTS {name} ON customer USING gin ({column} gin_trgm_ops)"
      for name, column in _PG_INDEXES.items()),
]
_POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS {name}" for name in _PG_INDEXES]


def create(connection: Connection) -> None:
    for statement in {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


def drop(connection: Connection) -> None:
    for statement in {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRESQL_DROP}.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


def install_on(customer_table: Table) -> None:
    """`create_all` and `drop_all` build and remove the index with the customer table."""
    event.listen(customer_table, "after_create", lambda target, connection, **kw: create(connection))
    event.listen(customer_table, "before_drop", lambda target, connection, **kw: drop(connection))


def is_index_table(name: str) -> bool:
    """The FTS5 table and the shadow tables SQLite keeps for it: not part of the models."""
    return name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter for comparing the schema with the models."""
    if type_ == "table" and name and is_index_table(name):
        return False
    return not (type_ == "index" and name in _PG_INDEXES)


def sqlite_matches(id_column: ColumnElement, needle: str) -> ColumnElement[bool]:
    """`id_column` is a customer whose name or email contains `needle` (three characters or
    more), case-insensitively, through the trigram index: a quoted FTS5 phrase, which the
    trigram tokenizer matches as a substring."""
    phrase = '"' + needle.replace('"', '""') + '"'
    fts = sa.table(FTS_TABLE, sa.column("rowid", sa.Integer))
    return id_column.in_(sa.select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(phrase)))

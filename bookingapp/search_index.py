"""An index for "name, email or phone contains this text" over customers, on both engines.

Staff find customers by any part of a name or address ("anna" finds "Johanna Berg"). A
B-tree index cannot serve `LIKE '%anna%'`, so without this every search read every
customer of the organization: fine at 100 customers, 75 ms at 100,000. Both engines
ship a trigram index for exactly this:

- SQLite: an FTS5 table with the trigram tokenizer over the customer table's name and
  email (external content: the text lives only in `customer`; triggers keep the index in
  step with every insert, update and delete);
- PostgreSQL: pg_trgm GIN indexes on name and email, which serve ILIKE '%text%'.

Phone numbers are typed in every format ("+49 170 123 4567", "0170-1234567"), so they are
indexed as their digits only and searched by the digits typed: the FTS5 table's `phone`
column holds the digits (the triggers compute them), PostgreSQL has a trigram index on the
same expression. A typed text is a phone number when it holds only digits and the
punctuation of phone numbers (`phone_digits`).

Both answer texts of three characters or more; shorter ones are matched by scanning, as
before. The same statements run from the migrations (0006, 0009) and from `create_all`
(tests, benchmarks), so both schemas carry the index.

A future SQLite batch migration of `customer` copies the table and loses its triggers:
such a migration must call `create` again.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import Connection, Table, event
from sqlalchemy.sql.elements import ColumnElement

FTS_TABLE = "customer_search"
MIN_LENGTH = 3  # trigrams: shorter texts cannot use either index

# The digits of a phone number, the same expression in the index and in every query (so
# PostgreSQL matches its expression index); the separators people type, removed.
_SEPARATORS = (" ", "-", "(", ")", "+", ".", "/")


def _digits_sql(column: str) -> str:
    expression = column
    for separator in _SEPARATORS:
        expression = f"replace({expression}, '{separator}', '')"
    return expression


PHONE_DIGITS = _digits_sql("phone")
_PHONE_LIKE = re.compile(r"[0-9 ()+./-]+")

_PG_INDEXES = {"ix_customer_name_trgm": "name", "ix_customer_email_trgm": "email",
               "ix_customer_phone_trgm": f"({PHONE_DIGITS})"}

_SQLITE = [
    # `phone` holds the digits, not the column's text: FTS5 never reads an external
    # content table back when matching, and 'delete' is given exactly what was indexed.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "name, email, phone, content='customer', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_insert AFTER INSERT ON customer BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, email, phone) VALUES (new.id, new.name, new.email, {_digits_sql("new.phone")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_delete AFTER DELETE ON customer BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, email, phone)
        VALUES ('delete', old.id, old.name, old.email, {_digits_sql("old.phone")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_update AFTER UPDATE OF name, email, phone ON customer BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, email, phone)
        VALUES ('delete', old.id, old.name, old.email, {_digits_sql("old.phone")});
        INSERT INTO {FTS_TABLE}(rowid, name, email, phone) VALUES (new.id, new.name, new.email, {_digits_sql("new.phone")});
    END""",
    # Index the rows already there (a migration of an existing database). Not 'rebuild':
    # that would read the phone column's text instead of its digits.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')",
    f"INSERT INTO {FTS_TABLE}(rowid, name, email, phone) SELECT id, name, email, {PHONE_DIGITS} FROM customer",
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
    *(f"CREATE INDEX IF NOT EXISTS {name} ON customer USING gin ({expression} gin_trgm_ops)"
      for name, expression in _PG_INDEXES.items()),
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


def phone_digits(text: str) -> str:
    """The digits to look for when `text` reads as (part of) a phone number, else ""."""
    text = (text or "").strip()
    if not _PHONE_LIKE.fullmatch(text):
        return ""
    # Leading zeros are a trunk or international prefix ("0170 …", "0049 170 …"): without
    # them "0170 123" also finds "+49 170 123 4567".
    digits = "".join(ch for ch in text if ch.isascii() and ch in "0123456789").lstrip("0")
    return digits if len(digits) >= MIN_LENGTH else ""


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def sqlite_matches(id_column: ColumnElement, needle: str, digits: str = "") -> ColumnElement[bool]:
    """`id_column` is a customer whose name or email contains `needle` (three characters or
    more), or whose phone number's digits contain `digits`, case-insensitively, through the
    trigram index: quoted FTS5 phrases, which the trigram tokenizer matches as substrings."""
    query = "{name email} : " + _phrase(needle) if len(needle) >= MIN_LENGTH else ""
    if digits:
        query = f"{query} OR phone : {_phrase(digits)}" if query else f"phone : {_phrase(digits)}"
    fts = sa.table(FTS_TABLE, sa.column("rowid", sa.Integer))
    return id_column.in_(sa.select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(query)))


def postgresql_phone_contains(digits: str) -> ColumnElement[bool]:
    """The phone number's digits contain `digits`: the expression of the trigram index."""
    return sa.literal_column(PHONE_DIGITS).like(f"%{digits}%")

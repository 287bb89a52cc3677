"""The front desk (issue 20): a customer may have no email address (taken by phone or at the door), and the customer
search finds phone numbers by their digits (the trigram index gains the phone: see bookingapp/search_index.py).

Revision ID: 0009_customers_without_email
Revises: 0008_front_desk
Create Date: 2026-12-05 06:30:00.000000
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from bookingapp import search_index

revision: str = '0009_customers_without_email'
down_revision: str | None = '0008_front_desk'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_NULL = re.compile(r"(\bemail VARCHAR\(254\)) NOT NULL")


def _sqlite_email_nullable(bind, nullable: bool) -> None:
    """SQLite cannot drop a NOT NULL by ALTER, and copying `customer` (what a batch migration
    does) fails: every booking references it and foreign keys cannot be switched off inside
    the migration's transaction. Removing or adding a NOT NULL leaves the stored rows as
    they are, so SQLite's documented way for such changes is to edit the table's schema
    text and bump schema_version (sqlite.org/lang_altertable.html, "Making Other Kinds Of
    Table Schema Changes"). Triggers and the search index stay in place."""
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'customer'").scalar()
    changed = _NOT_NULL.sub(r"\1", sql) if nullable else sql.replace("email VARCHAR(254),", "email VARCHAR(254) NOT NULL,", 1)
    if changed == sql:
        raise RuntimeError("the customer table's email column is not as migration 0008 left it")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'customer'", (changed,))
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_email_nullable(bind, nullable=True)
    else:
        op.alter_column('customer', 'email', existing_type=sa.String(length=254), nullable=True)
    # The index as search_index builds it now: with the phone numbers' digits.
    search_index.drop(bind)
    search_index.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    without = bind.exec_driver_sql("SELECT count(*) FROM customer WHERE email IS NULL").scalar()
    if without:
        raise RuntimeError(f"{without} customers have no email address: give them one before downgrading")
    if bind.dialect.name == "sqlite":
        _sqlite_email_nullable(bind, nullable=False)
    else:
        op.alter_column('customer', 'email', existing_type=sa.String(length=254), nullable=False)

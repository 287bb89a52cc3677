"""Customers found by any part of their name or email through a trigram index (SQLite FTS5 with triggers, PostgreSQL
pg_trgm): see bookingapp/search_index.py

Revision ID: 0006_customer_search
Revises: 0005_orders_filter
Create Date: 2026-11-24 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op
from bookingapp import search_index

revision: str = '0006_customer_search'
down_revision: str | None = '0005_orders_filter'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())

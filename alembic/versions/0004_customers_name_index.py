"""Customers list and search: a covering index on (organization, name, email), so paging by name needs no sort and a
name-or-email search reads the index alone

Revision ID: 0004_customers
Revises: 0003
Create Date: 2026-11-24 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0004_customers'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index('ix_customer_org_name_email', ['organization_id', 'name', 'email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_org_name_email')

"""Orders filtered by service and status: a covering index on (organization, service, status, start), so counting a
filter's matches reads no booking rows

Revision ID: 0005_orders_filter
Revises: 0004_customers
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0005_orders_filter'
down_revision: str | None = '0004_customers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_org_service_status_starts_at',
                              ['organization_id', 'service_id', 'status', 'starts_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_org_service_status_starts_at')

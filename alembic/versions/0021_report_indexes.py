"""Report indexes (issue 24): the revenue report and the monthly statement find a date
range's captures and refunds by (kind, status, created_at), the report summing them from
the index alone; the cancellations report finds its log entries by (organization, action,
created_at); the customers report counts a page of customers' bookings, their last visit
and no-shows from (customer, status, starts_at, attendance). Measured by
bench/reports_bench.py: without them SQLite walked every payment or log entry of the
organization, and the customers report every booking of it.

Revision ID: 0021_report_indexes
Revises: 0020_occupancy_index
Create Date: 2026-12-06 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0021_report_indexes'
down_revision: str | None = '0020_occupancy_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE INDEX (no batch): a batch would copy tables other tables point at.
    op.create_index('ix_paymentoperation_kind_status_created_at', 'paymentoperation',
                    ['kind', 'status', 'created_at', 'payment_id', 'amount_minor', 'commission_minor'], unique=False)
    op.create_index('ix_activitylog_org_action_created_at', 'activitylog', ['organization_id', 'action', 'created_at'],
                    unique=False)
    op.create_index('ix_booking_customer_status_starts_at', 'booking', ['customer_id', 'status', 'starts_at', 'attendance'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_booking_customer_status_starts_at', table_name='booking')
    op.drop_index('ix_activitylog_org_action_created_at', table_name='activitylog')
    op.drop_index('ix_paymentoperation_kind_status_created_at', table_name='paymentoperation')

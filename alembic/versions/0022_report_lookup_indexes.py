"""Report lookup indexes (issue 24):
- payment (id, organization_id, currency, booking_id): the revenue report joins a date
  range's captures and refunds to their payments, each join now an index-only lookup.
  Without it PostgreSQL, at its default random_page_cost, hashed every payment of the
  organization instead (bench/reports_bench.py: revenue over 6 months at 100,000 bookings
  8.7 ms against 1.45 ms at 1,000, with the same operations in the range);
- waitlist entry (organization_id, status, offer_expires_at): the home's open offers read
  every waitlist entry of the organization (SQLite by organization alone, PostgreSQL by a
  sequential scan).

Revision ID: 0022_report_lookup_indexes
Revises: 0021_report_indexes
Create Date: 2026-12-06 09:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0022_report_lookup_indexes'
down_revision: str | None = '0021_report_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_payment_id_org_currency_booking', 'payment', ['id', 'organization_id', 'currency', 'booking_id'],
                    unique=False)
    op.create_index('ix_waitlistentry_org_status_offer_expires_at', 'waitlistentry',
                    ['organization_id', 'status', 'offer_expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_waitlistentry_org_status_offer_expires_at', table_name='waitlistentry')
    op.drop_index('ix_payment_id_org_currency_booking', table_name='payment')

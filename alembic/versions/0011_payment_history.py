"""Unpaid prepaid bookings (issue 21, item 8): a payment deadline on each booking waiting for
payment, the customer's reminder before it and the sweeper's claim when it passed, and the
business's settings (hours to pay, what happens after).

Revision ID: 0011_payment_history
Revises: 0010_conversations
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bookingapp.models

revision: str = '0011_payment_history'
down_revision: str | None = '0010_conversations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_deadline_hours', sa.Integer(), server_default='24', nullable=False))
        batch_op.add_column(sa.Column('unpaid_after_deadline', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      server_default='keep', nullable=False))
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_deadline', bookingapp.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('deadline_reminder_sent_at', bookingapp.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('deadline_passed_at', bookingapp.models.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_booking_payment_deadline'), ['payment_deadline'], unique=False)


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch migration would copy `organization` and
    # `booking`, which every booking and payment references, and fail on a database with rows.
    op.drop_index(op.f('ix_booking_payment_deadline'), table_name='booking')
    for table, column in (('booking', 'deadline_passed_at'), ('booking', 'deadline_reminder_sent_at'),
                          ('booking', 'payment_deadline'), ('organization', 'unpaid_after_deadline'),
                          ('organization', 'payment_deadline_hours')):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')

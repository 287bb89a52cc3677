"""Flags and verified email (issue 21): a booking may carry an alert of its own that the customer's flag does not
overwrite, and a portal booking from an address never confirmed is held (the status it then takes, the emailed
link's hash; it lapses at respond_by) where the business asks for confirmed addresses.

Revision ID: 0012_flag_history
Revises: 0011_payment_history
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0012_flag_history'
down_revision: str | None = '0011_payment_history'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch would copy `organization` and `booking` on SQLite, which
    # fails with the foreign keys every other table has on them.
    op.add_column('booking', sa.Column('own_alert', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('booking', sa.Column('held_status', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True))
    op.add_column('booking', sa.Column('email_check_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.create_index('ix_booking_email_check_hash', 'booking', ['email_check_hash'], unique=True)
    op.add_column('organization', sa.Column('confirm_booking_emails', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.drop_index('ix_booking_email_check_hash', table_name='booking')
    # SQLite (3.35+) drops a column in place as long as no index or constraint uses it.
    for table, column in (('organization', 'confirm_booking_emails'), ('booking', 'email_check_hash'),
                          ('booking', 'held_status'), ('booking', 'own_alert')):
        op.drop_column(table, column)

"""The front desk (issue 20): a private calendar feed per staff member (the token's hash), customer reminders a set
time before each booking (the business's lead time; per booking when it went out, or that the customer turned it off).

Revision ID: 0008_front_desk
Revises: 0007_setup
Create Date: 2026-12-05 05:23:19.446282
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bookingapp.models


revision: str = '0008_front_desk'
down_revision: str | None = '0007_setup'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_reminder_sent_at', bookingapp.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('customer_reminders_off', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_reminder_minutes', sa.Integer(), server_default='1440', nullable=False))

    with op.batch_alter_table('staffuser', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_staffuser_feed_token_hash', ['feed_token_hash'])



def downgrade() -> None:
    with op.batch_alter_table('staffuser', schema=None) as batch_op:
        batch_op.drop_constraint('uq_staffuser_feed_token_hash', type_='unique')
        batch_op.drop_column('feed_token_hash')

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('customer_reminder_minutes')

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('customer_reminders_off')
        batch_op.drop_column('customer_reminder_sent_at')


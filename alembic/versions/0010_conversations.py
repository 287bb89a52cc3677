"""Conversations on the booking (issue 21): every message between provider and customer, stored on the booking.

Revision ID: 0010_conversations
Revises: 0009_customers_without_email
Create Date: 2026-12-05 08:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bookingapp.models

revision: str = '0010_conversations'
down_revision: str | None = '0009_customers_without_email'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'bookingmessage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('staff_user_id', sa.Integer(), nullable=True),
        sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('suggested_starts_at', bookingapp.models.UTCDateTime(), nullable=True),
        sa.Column('created_at', bookingapp.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id']),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id']),
        sa.ForeignKeyConstraint(['staff_user_id'], ['staffuser.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('bookingmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookingmessage_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookingmessage_organization_id'), ['organization_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bookingmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookingmessage_organization_id'))
        batch_op.drop_index(batch_op.f('ix_bookingmessage_booking_id'))
    op.drop_table('bookingmessage')

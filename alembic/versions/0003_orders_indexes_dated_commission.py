"""Orders overview indexes (status or service, by start time); the commission dated on each refund operation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_org_status_starts_at', ['organization_id', 'status', 'starts_at'], unique=False)
        batch_op.create_index('ix_booking_service_starts_at', ['service_id', 'starts_at'], unique=False)

    with op.batch_alter_table('paymentoperation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_minor', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_paymentoperation_created_at'), ['created_at'], unique=False)

    # Refunds made before this column existed: their payment's retained commission goes
    # on its latest refund, so older months' statements still carry it.
    op.execute(
        "UPDATE paymentoperation SET commission_minor = "
        "(SELECT commission_retained_minor FROM payment WHERE payment.id = paymentoperation.payment_id) "
        "WHERE kind = 'refund' AND id = (SELECT max(po.id) FROM paymentoperation po "
        "WHERE po.payment_id = paymentoperation.payment_id AND po.kind = 'refund')"
    )


def downgrade() -> None:
    with op.batch_alter_table('paymentoperation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paymentoperation_created_at'))
        batch_op.drop_column('commission_minor')

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_service_starts_at')
        batch_op.drop_index('ix_booking_org_status_starts_at')

"""Staff edit and cancel class sessions (issue 22): the sessions created together as one
weekly set share a series key ("this and the rest of the series"), a cancelled session
keeps when and why, and each business keeps its own list of cancellation reasons.

Revision ID: 0014_session_admin
Revises: 0013_customer_sign_up
Create Date: 2026-12-06 02:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bookingapp.models

revision: str = '0014_session_admin'
down_revision: str | None = '0013_customer_sign_up'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (see 0012): a batch would copy tables other tables point at.
    op.add_column('classsession', sa.Column('series_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
    op.create_index('ix_classsession_series_key', 'classsession', ['series_key'], unique=False)
    op.add_column('classsession', sa.Column('cancelled_at', bookingapp.models.UTCDateTime(), nullable=True))
    op.add_column('classsession', sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
    op.add_column('organization', sa.Column('cancellation_reasons', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_index('ix_classsession_series_key', table_name='classsession')
    for table, column in (('organization', 'cancellation_reasons'), ('classsession', 'cancel_reason'),
                          ('classsession', 'cancelled_at'), ('classsession', 'series_key')):
        op.drop_column(table, column)

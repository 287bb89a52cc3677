"""Customer sign-up on the portal (issue 22): a sign-up link may carry the password typed with it, which the
customer gets only when the link is opened.

Revision ID: 0013_customer_sign_up
Revises: 0012_flag_history
Create Date: 2026-12-06 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0013_customer_sign_up'
down_revision: str | None = '0012_flag_history'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy on SQLite; see 0012).
    op.add_column('customersigninlink',
                  sa.Column('pending_password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column('customersigninlink', 'pending_password_hash')

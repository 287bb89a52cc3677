"""A waitlist that moves (issue 22): the business may let guests claim a waitlist place
without enough credits and pay on site (otherwise an offer skips whoever cannot pay).

Revision ID: 0015_waitlist_moves
Revises: 0014_session_admin
Create Date: 2026-12-06 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015_waitlist_moves'
down_revision: str | None = '0014_session_admin'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch would copy `organization`, which the foreign keys of
    # every other table point to, on SQLite.
    op.add_column('organization', sa.Column('waitlist_pay_on_site', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.drop_column('organization', 'waitlist_pay_on_site')

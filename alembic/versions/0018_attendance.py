"""Attendance (issue 24): a booking's attended/no-show mark, and whether a no-show keeps
its class credits.

Revision ID: 0018_attendance
Revises: 0017_text_translations
Create Date: 2026-12-06 06:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0018_attendance'
down_revision: str | None = '0017_text_translations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (see 0012): a batch would copy tables other tables point at.
    op.add_column('booking', sa.Column('attendance', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
    op.add_column('organization', sa.Column('no_show_keeps_credits', sa.Boolean(), nullable=False,
                                            server_default=sa.true()))


def downgrade() -> None:
    op.drop_column('organization', 'no_show_keeps_credits')
    op.drop_column('booking', 'attendance')

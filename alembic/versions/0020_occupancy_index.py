"""Class occupancy report (issue 24): an organization's class sessions by start time.

Revision ID: 0020_occupancy_index
Revises: 0019_requests_answered
Create Date: 2026-12-06 08:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0020_occupancy_index'
down_revision: str | None = '0019_requests_answered'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_classsession_org_starts_at', 'classsession', ['organization_id', 'starts_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_classsession_org_starts_at', table_name='classsession')

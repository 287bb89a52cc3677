"""Reports → Cancellations (issue 24): the activity log's cancellation lines of one
organization in a range of days, found through an index.

Revision ID: 0021_cancellations_index
Revises: 0020_occupancy_index
Create Date: 2026-12-06 08:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0021_cancellations_index'
down_revision: str | None = '0020_occupancy_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_activitylog_org_action_created_at', 'activitylog', ['organization_id', 'action', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_activitylog_org_action_created_at', table_name='activitylog')

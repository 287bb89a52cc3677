"""The business's own texts per language (issue 23): a service's name and description, and
the cancellation reasons, in the languages other than the default text's.

Revision ID: 0017_text_translations
Revises: 0016_credit_packs
Create Date: 2026-12-06 05:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017_text_translations'
down_revision: str | None = '0016_credit_packs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (see 0012): a batch would copy tables other tables point at. Nullable
    # without a server default, as `cancellation_reasons`: old rows read as "no translations".
    op.add_column('service', sa.Column('translations', sa.JSON(), nullable=True))
    op.add_column('organization', sa.Column('text_translations', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('organization', 'text_translations')
    op.drop_column('service', 'translations')

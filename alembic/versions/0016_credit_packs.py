"""Credit packs (issue 22): packs for sale on the portal, each customer's purchases, and the ledger's rows
linked to the purchase (the lot) they belong to, so credits expire with their pack and the oldest is spent first.

Revision ID: 0016_credit_packs
Revises: 0015_waitlist_moves
Create Date: 2026-12-06 02:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bookingapp.models

revision: str = '0016_credit_packs'
down_revision: str | None = '0015_waitlist_moves'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'creditpack',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('credits', sa.Integer(), nullable=False),
        sa.Column('price_minor', sa.Integer(), nullable=False),
        sa.Column('validity_days', sa.Integer(), nullable=False),
        sa.Column('archived', sa.Boolean(), nullable=False),
        sa.Column('created_at', bookingapp.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_creditpack_organization_id', 'creditpack', ['organization_id'], unique=False)
    op.create_table(
        'packpurchase',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('pack_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('credits', sa.Integer(), nullable=False),
        sa.Column('price_minor', sa.Integer(), nullable=False),
        sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column('failure_message', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column('paid_at', bookingapp.models.UTCDateTime(), nullable=True),
        sa.Column('expires_at', bookingapp.models.UTCDateTime(), nullable=True),
        sa.Column('refunded_at', bookingapp.models.UTCDateTime(), nullable=True),
        sa.Column('refunded_minor', sa.Integer(), nullable=False),
        sa.Column('created_at', bookingapp.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id']),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id']),
        sa.ForeignKeyConstraint(['pack_id'], ['creditpack.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('idempotency_key'),
    )
    for column in ('organization_id', 'customer_id', 'pack_id', 'status', 'external_id', 'expires_at'):
        op.create_index(f'ix_packpurchase_{column}', 'packpurchase', [column], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite takes a REFERENCES in a plain ADD COLUMN (Alembic would want a batch, which
        # copies creditledger and fails on the foreign keys of the tables around it).
        op.execute('ALTER TABLE creditledger ADD COLUMN pack_purchase_id INTEGER REFERENCES packpurchase (id)')
    else:
        op.add_column('creditledger', sa.Column('pack_purchase_id', sa.Integer(), nullable=True))
        op.create_foreign_key('creditledger_pack_purchase_id_fkey', 'creditledger', 'packpurchase',
                              ['pack_purchase_id'], ['id'])
    op.create_index('ix_creditledger_pack_purchase_id', 'creditledger', ['pack_purchase_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_creditledger_pack_purchase_id', table_name='creditledger')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('creditledger_pack_purchase_id_fkey', 'creditledger', type_='foreignkey')
        op.drop_column('creditledger', 'pack_purchase_id')
    else:
        # SQLite drops a column in place only when no constraint uses it: rebuild the table.
        with op.batch_alter_table('creditledger', schema=None) as batch_op:
            batch_op.drop_column('pack_purchase_id')
    for column in ('organization_id', 'customer_id', 'pack_id', 'status', 'external_id', 'expires_at'):
        op.drop_index(f'ix_packpurchase_{column}', table_name='packpurchase')
    op.drop_table('packpurchase')
    op.drop_index('ix_creditpack_organization_id', table_name='creditpack')
    op.drop_table('creditpack')

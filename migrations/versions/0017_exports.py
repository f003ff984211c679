"""The export log: who took which file (CSV, XLSX, report PDF), with which filters, when.

Revision ID: 0017_exports
Revises: 0016_partner_links
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_exports'
down_revision = '0016_partner_links'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=True),
    sa.Column('exported_at', sa.DateTime(), nullable=False),
    sa.Column('dataset', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('filters', sa.String(length=400), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_exports_regency_id_regions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exports'))
    )
    with op.batch_alter_table('exports', schema=None) as batch_op:
        batch_op.create_index('ix_exports_exported_at', ['exported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_exports_regency_id'), ['regency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exports_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exports_user_id'))
        batch_op.drop_index(batch_op.f('ix_exports_regency_id'))
        batch_op.drop_index('ix_exports_exported_at')
    op.drop_table('exports')

"""The calendar's added days: cuti bersama and shared days (no regency), a district's days off,
a batch's venue not available, and national holidays kept as working days.

Revision ID: 0020_days_off
Revises: 0019_audit
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_days_off'
down_revision = '0019_audit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('days_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=160), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('joint_leave', 'regional', 'venue', 'other', 'workday')", name=op.f('ck_days_off_known_kind')),
    sa.CheckConstraint("kind <> 'workday' OR regency_id IS NULL", name=op.f('ck_days_off_workday_is_shared')),
    sa.CheckConstraint('batch_id IS NULL OR regency_id IS NOT NULL', name=op.f('ck_days_off_batch_has_regency')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_days_off_batch_id_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_days_off_created_by_id_users')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_days_off_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_days_off'))
    )
    with op.batch_alter_table('days_off', schema=None) as batch_op:
        batch_op.create_index('ix_days_off_day_regency', ['day', 'regency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_days_off_batch_id'), ['batch_id'], unique=False)


def downgrade():
    op.drop_table('days_off')

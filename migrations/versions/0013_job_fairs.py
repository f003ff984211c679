"""Job fairs (bursa kerja): companies taking part, visitors, graduates' registrations.

Revision ID: 0013_job_fairs
Revises: 0012_placements
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_job_fairs'
down_revision = '0012_placements'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_fairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=160), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('visitors >= 0', name=op.f('ck_job_fairs_visitors_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_job_fairs_created_by_id_users')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_job_fairs_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_fairs'))
    )
    with op.batch_alter_table('job_fairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_fairs_regency_id'), ['regency_id'], unique=False)

    op.create_table('job_fair_companies',
    sa.Column('job_fair_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_job_fair_companies_company_id_companies')),
    sa.ForeignKeyConstraint(['job_fair_id'], ['job_fairs.id'], name=op.f('fk_job_fair_companies_job_fair_id_job_fairs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_fair_id', 'company_id', name=op.f('pk_job_fair_companies'))
    )
    with op.batch_alter_table('job_fair_companies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_fair_companies_company_id'), ['company_id'], unique=False)

    op.create_table('job_fair_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_fair_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("outcome IN ('pending', 'accepted', 'rejected')", name=op.f('ck_job_fair_registrations_known_outcome')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_job_fair_registrations_company_id_companies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_job_fair_registrations_created_by_id_users')),
    sa.ForeignKeyConstraint(['job_fair_id'], ['job_fairs.id'], name=op.f('fk_job_fair_registrations_job_fair_id_job_fairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_job_fair_registrations_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_fair_registrations')),
    sa.UniqueConstraint('job_fair_id', 'participant_id', 'company_id', name=op.f('uq_job_fair_registrations_job_fair_id'))
    )
    with op.batch_alter_table('job_fair_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_fair_registrations_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_fair_registrations_job_fair_id'), ['job_fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_fair_registrations_participant_id'), ['participant_id'], unique=False)


def downgrade():
    op.drop_table('job_fair_registrations')
    op.drop_table('job_fair_companies')
    op.drop_table('job_fairs')

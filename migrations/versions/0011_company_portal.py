"""The company portal: a company's interest in a graduate, followed up by staff.

Revision ID: 0011_company_portal
Revises: 0010_offline_marks
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_company_portal'
down_revision = '0010_offline_marks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('company_interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('followed_up_at', sa.DateTime(), nullable=True),
    sa.Column('followed_up_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_company_interests_certificate_id_certificates')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_interests_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_company_interests_created_by_id_users')),
    sa.ForeignKeyConstraint(['followed_up_by_id'], ['users.id'], name=op.f('fk_company_interests_followed_up_by_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_company_interests_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_interests')),
    sa.UniqueConstraint('company_id', 'participant_id', name=op.f('uq_company_interests_company_id'))
    )
    with op.batch_alter_table('company_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_interests_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_interests_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('company_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_interests_participant_id'))
        batch_op.drop_index(batch_op.f('ix_company_interests_company_id'))
    op.drop_table('company_interests')

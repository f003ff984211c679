"""Course catalogue, training proposals and their timeline; agencies get a kind.

Revision ID: 0002_proposals
Revises: 0001_foundation
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_proposals'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sector', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses')),
    sa.UniqueConstraint('name', name=op.f('uq_courses_name'))
    )
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proposer_kind', sa.String(length=12), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('subdistrict_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('prison_id', sa.Integer(), nullable=True),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('vocation_text', sa.String(length=120), nullable=False),
    sa.Column('candidates', sa.Integer(), nullable=False),
    sa.Column('venue_type', sa.String(length=24), nullable=False),
    sa.Column('venue_name', sa.String(length=160), nullable=False),
    sa.Column('preferred_from', sa.Date(), nullable=True),
    sa.Column('preferred_until', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('musrenbang_ref', sa.String(length=160), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_proposals_company_id_companies')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_proposals_course_id_courses')),
    sa.ForeignKeyConstraint(['prison_id'], ['agencies.id'], name=op.f('fk_proposals_prison_id_agencies')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_proposals_regency_id_regions')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['regions.id'], name=op.f('fk_proposals_subdistrict_id_regions')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_proposals_submitted_by_id_users')),
    sa.ForeignKeyConstraint(['village_id'], ['regions.id'], name=op.f('fk_proposals_village_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_prison_id'), ['prison_id'], unique=False)
        batch_op.create_index('ix_proposals_regency_status_submitted', ['regency_id', 'status', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_subdistrict_id'), ['subdistrict_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_village_id'), ['village_id'], unique=False)

    op.create_table('proposal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_events_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='government', nullable=False))



def downgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_events_proposal_id'))

    op.drop_table('proposal_events')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_village_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_proposals_subdistrict_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_status'))
        batch_op.drop_index('ix_proposals_regency_status_submitted')
        batch_op.drop_index(batch_op.f('ix_proposals_prison_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_course_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_company_id'))

    op.drop_table('proposals')
    op.drop_table('courses')

"""Proposal candidates from the village's OpenSID register, and the residents read from an
upload while the proposer ticks them (staging: the file itself is never kept).

Revision ID: 0018_proposal_candidates
Revises: 0017_exports
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_proposal_candidates'
down_revision = '0017_exports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_place', sa.String(length=60), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('dusun', sa.String(length=60), nullable=False),
    sa.Column('rt', sa.String(length=5), nullable=False),
    sa.Column('rw', sa.String(length=5), nullable=False),
    sa.Column('education', sa.String(length=12), nullable=False),
    sa.Column('occupation', sa.String(length=80), nullable=False),
    sa.Column('employment', sa.String(length=16), nullable=False),
    sa.Column('duplicate', sa.String(length=16), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_proposal_candidates_created_by_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_proposal_candidates_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_candidates_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_candidates')),
    sa.UniqueConstraint('proposal_id', 'nik', name=op.f('uq_proposal_candidates_proposal_id'))
    )
    with op.batch_alter_table('proposal_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_candidates_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_candidates_participant_id'), ['participant_id'], unique=False)

    op.create_table('resident_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('rows_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_resident_uploads_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_resident_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_uploads'))
    )
    with op.batch_alter_table('resident_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_uploads_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_uploads_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_uploads_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('resident_uploads')
    op.drop_table('proposal_candidates')

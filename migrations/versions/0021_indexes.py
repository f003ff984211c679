"""Indexes for province scale (issue 19): a district's people in name order, who is enrolled
in a district's batches, and the inmates among everyone.

Revision ID: 0021_indexes
Revises: 0020_days_off
Create Date: 2026-12-05
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021_indexes'
down_revision = '0020_days_off'
branch_labels = None
depends_on = None


def upgrade():
    # The office's participant list: its people in name order, the name key for the search
    # box read from the index too (participants.services.list_page).
    op.create_index('ix_participants_regency_name', 'participants',
                    ['regency_id', 'full_name', 'id', 'name_key'], unique=False)
    # Who is enrolled in a district's batches, without reading the enrolments themselves.
    op.create_index('ix_enrolments_batch_participant', 'enrolments',
                    ['batch_id', 'participant_id'], unique=False)
    # The few inmates among many people (participants.scope.inmate_ids).
    op.create_index('ix_participants_employment', 'participants', ['employment'], unique=False)


def downgrade():
    op.drop_index('ix_participants_employment', table_name='participants')
    op.drop_index('ix_enrolments_batch_participant', table_name='enrolments')
    op.drop_index('ix_participants_regency_name', table_name='participants')

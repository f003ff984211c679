"""Participants and enrolments, staged participant imports, facility items and hand-overs;
batches count their seat decisions.

Revision ID: 0004_participants
Revises: 0003_batches
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_participants'
down_revision = '0003_batches'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('education', sa.String(length=12), nullable=False),
    sa.Column('employment', sa.String(length=16), nullable=False),
    sa.Column('disability', sa.String(length=160), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_participants_created_by_id_users')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_participants_regency_id_regions')),
    sa.ForeignKeyConstraint(['village_id'], ['regions.id'], name=op.f('fk_participants_village_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('nik', name=op.f('uq_participants_nik'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index('ix_participants_name_key_birth', ['name_key', 'birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_regency_id'), ['regency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_village_id'), ['village_id'], unique=False)

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_enrolments_batch_id_batches')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_enrolments_created_by_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_enrolments_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('participant_id', 'batch_id', name=op.f('uq_enrolments_participant_id'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_batch_status', ['batch_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_participant_id'), ['participant_id'], unique=False)

    op.create_table('facility_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('unit_value', sa.Integer(), nullable=False),
    sa.Column('per_day', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_facility_items_batch_id_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_items')),
    sa.UniqueConstraint('batch_id', 'name', name=op.f('uq_facility_items_batch_id'))
    )
    with op.batch_alter_table('facility_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_items_batch_id'), ['batch_id'], unique=False)

    op.create_table('participant_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('rows_json', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_participant_imports_batch_id_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_participant_imports_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_imports'))
    )
    with op.batch_alter_table('participant_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_imports_batch_id'), ['batch_id'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('handed_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_handovers_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['facility_items.id'], name=op.f('fk_handovers_item_id_facility_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_handovers_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers')),
    sa.UniqueConstraint('enrolment_id', 'item_id', name=op.f('uq_handovers_enrolment_id'))
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handovers_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovers_item_id'), ['item_id'], unique=False)

    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seat_version', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_column('seat_version')

    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovers_item_id'))
        batch_op.drop_index(batch_op.f('ix_handovers_enrolment_id'))

    op.drop_table('handovers')
    with op.batch_alter_table('participant_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_imports_batch_id'))

    op.drop_table('participant_imports')
    with op.batch_alter_table('facility_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_items_batch_id'))

    op.drop_table('facility_items')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_participant_id'))
        batch_op.drop_index('ix_enrolments_batch_status')

    op.drop_table('enrolments')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_village_id'))
        batch_op.drop_index(batch_op.f('ix_participants_regency_id'))
        batch_op.drop_index('ix_participants_name_key_birth')

    op.drop_table('participants')

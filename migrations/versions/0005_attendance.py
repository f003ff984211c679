"""The trainer's day: training day journals, attendance marks and their corrections.

Revision ID: 0005_attendance
Revises: 0004_participants
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_attendance'
down_revision = '0004_participants'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('competency_unit_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_training_days_batch_id_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['competency_unit_id'], ['competency_units.id'], name=op.f('fk_training_days_competency_unit_id_competency_units'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_training_days_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_days')),
    sa.UniqueConstraint('batch_id', 'day', name=op.f('uq_training_days_batch_id'))
    )
    op.create_table('attendance_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_attendance_marks_batch_id_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_attendance_marks_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_marks_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_marks')),
    sa.UniqueConstraint('enrolment_id', 'day', name=op.f('uq_attendance_marks_enrolment_id'))
    )
    with op.batch_alter_table('attendance_marks', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_marks_batch_day', ['batch_id', 'day'], unique=False)

    op.create_table('mark_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mark_id', sa.Integer(), nullable=False),
    sa.Column('before', sa.String(length=10), nullable=False),
    sa.Column('after', sa.String(length=10), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_mark_corrections_changed_by_id_users')),
    sa.ForeignKeyConstraint(['mark_id'], ['attendance_marks.id'], name=op.f('fk_mark_corrections_mark_id_attendance_marks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mark_corrections'))
    )
    with op.batch_alter_table('mark_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mark_corrections_mark_id'), ['mark_id'], unique=False)



def downgrade():
    with op.batch_alter_table('mark_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mark_corrections_mark_id'))

    op.drop_table('mark_corrections')
    with op.batch_alter_table('attendance_marks', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_marks_batch_day')

    op.drop_table('attendance_marks')
    op.drop_table('training_days')

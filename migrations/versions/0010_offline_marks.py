"""Marks and journals sent later from a phone without signal: the device's time of each.

`attendance_marks.marked_at` is when the value the mark holds was given (on the device, for a
mark queued offline); an older mark arriving later never overwrites a newer one. Such a mark is
kept in `mark_corrections` with `applied` false, beside the value that stayed. `device_at` is
the device's time of a correction sent from the queue. `training_days.written_at` does the same
for the journal. Existing marks take the time of their last correction, or their recording.
(The queue's keys are one-time tokens in `submissions`, unique already.)

Revision ID: 0010_offline_marks
Revises: 0009_companies
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_offline_marks'
down_revision = '0009_companies'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendance_marks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marked_at', sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE attendance_marks SET marked_at = COALESCE((SELECT max(changed_at) "
        "FROM mark_corrections WHERE mark_corrections.mark_id = attendance_marks.id), "
        "recorded_at)")
    with op.batch_alter_table('attendance_marks', schema=None) as batch_op:
        batch_op.alter_column('marked_at', existing_type=sa.DateTime(), nullable=False)

    with op.batch_alter_table('mark_corrections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('applied', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))

    with op.batch_alter_table('training_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE training_days SET written_at = recorded_at")
    with op.batch_alter_table('training_days', schema=None) as batch_op:
        batch_op.alter_column('written_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('training_days', schema=None) as batch_op:
        batch_op.drop_column('written_at')
    with op.batch_alter_table('mark_corrections', schema=None) as batch_op:
        batch_op.drop_column('applied')
        batch_op.drop_column('device_at')
    with op.batch_alter_table('attendance_marks', schema=None) as batch_op:
        batch_op.drop_column('marked_at')

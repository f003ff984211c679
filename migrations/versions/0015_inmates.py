"""Inmates: prison batches belong to a programme; expected and actual release dates; the
record of who viewed an inmate's data; follow-ups after training and after release.

Revision ID: 0015_inmates
Revises: 0014_prison_programmes
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_inmates'
down_revision = '0014_prison_programmes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_batches_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_batches_programme_id_prison_programmes'), 'prison_programmes', ['programme_id'], ['id'])

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_release_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('released_on', sa.Date(), nullable=True))

    op.create_table('participant_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('viewed_at', sa.DateTime(), nullable=False),
    sa.Column('what', sa.String(length=24), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_participant_views_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_participant_views_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_views'))
    )
    with op.batch_alter_table('participant_views', schema=None) as batch_op:
        batch_op.create_index('ix_participant_views_participant_at', ['participant_id', 'viewed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_views_user_id'), ['user_id'], unique=False)

    op.create_table('aftercare_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('contact', sa.String(length=160), nullable=False),
    sa.Column('next_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('business', 'sales', 'capital', 'bpjs', 'release')", name=op.f('ck_aftercare_follow_ups_known_kind')),
    sa.CheckConstraint("(kind = 'release') = (status IS NOT NULL)", name=op.f('ck_aftercare_follow_ups_status_on_release')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_aftercare_follow_ups_agency_id_agencies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_aftercare_follow_ups_created_by_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_aftercare_follow_ups_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aftercare_follow_ups'))
    )
    with op.batch_alter_table('aftercare_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aftercare_follow_ups_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index('ix_aftercare_follow_ups_participant_held', ['participant_id', 'held_on'], unique=False)


def downgrade():
    op.drop_table('aftercare_follow_ups')
    op.drop_table('participant_views')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('released_on')
        batch_op.drop_column('expected_release_on')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_batches_programme_id_prison_programmes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_batches_programme_id'))
        batch_op.drop_column('programme_id')

"""Prison partnership programmes: partner agencies' contacts, programmes and their partners,
coordination meetings (agencies present) and their action items.

Revision ID: 0014_prison_programmes
Revises: 0013_job_fairs
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_prison_programmes'
down_revision = '0013_job_fairs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prison_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prison_id', sa.Integer(), nullable=False),
    sa.Column('lead_agency_id', sa.Integer(), nullable=True),
    sa.Column('institute_id', sa.Integer(), nullable=True),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('coordination', 'training', 'mentoring', 'finished')", name=op.f('ck_prison_programmes_known_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_prison_programmes_created_by_id_users')),
    sa.ForeignKeyConstraint(['institute_id'], ['institutes.id'], name=op.f('fk_prison_programmes_institute_id_institutes')),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agencies.id'], name=op.f('fk_prison_programmes_lead_agency_id_agencies')),
    sa.ForeignKeyConstraint(['prison_id'], ['agencies.id'], name=op.f('fk_prison_programmes_prison_id_agencies')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_prison_programmes_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prison_programmes'))
    )
    with op.batch_alter_table('prison_programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prison_programmes_institute_id'), ['institute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_programmes_lead_agency_id'), ['lead_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_programmes_prison_id'), ['prison_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_programmes_regency_id'), ['regency_id'], unique=False)

    op.create_table('prison_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('chair', sa.String(length=120), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_prison_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['programme_id'], ['prison_programmes.id'], name=op.f('fk_prison_meetings_programme_id_prison_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prison_meetings'))
    )
    with op.batch_alter_table('prison_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prison_meetings_programme_id'), ['programme_id'], unique=False)

    op.create_table('prison_programme_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('training', 'business', 'marketing', 'funding', 'social_security')", name=op.f('ck_prison_programme_partners_known_role')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_prison_programme_partners_agency_id_agencies')),
    sa.ForeignKeyConstraint(['programme_id'], ['prison_programmes.id'], name=op.f('fk_prison_programme_partners_programme_id_prison_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prison_programme_partners')),
    sa.UniqueConstraint('programme_id', 'agency_id', 'role', name=op.f('uq_prison_programme_partners_programme_id'))
    )
    with op.batch_alter_table('prison_programme_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prison_programme_partners_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_programme_partners_programme_id'), ['programme_id'], unique=False)

    op.create_table('prison_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done')", name=op.f('ck_prison_action_items_known_status')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_prison_action_items_agency_id_agencies')),
    sa.ForeignKeyConstraint(['meeting_id'], ['prison_meetings.id'], name=op.f('fk_prison_action_items_meeting_id_prison_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_prison_action_items_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prison_action_items'))
    )
    with op.batch_alter_table('prison_action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prison_action_items_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_action_items_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_action_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prison_action_items_status'), ['status'], unique=False)

    op.create_table('prison_meeting_agencies',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_prison_meeting_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['meeting_id'], ['prison_meetings.id'], name=op.f('fk_prison_meeting_agencies_meeting_id_prison_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'agency_id', name=op.f('pk_prison_meeting_agencies'))
    )
    with op.batch_alter_table('prison_meeting_agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prison_meeting_agencies_agency_id'), ['agency_id'], unique=False)

    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('email')
        batch_op.drop_column('phone')
        batch_op.drop_column('address')

    with op.batch_alter_table('prison_meeting_agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prison_meeting_agencies_agency_id'))

    op.drop_table('prison_meeting_agencies')
    with op.batch_alter_table('prison_action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prison_action_items_status'))
        batch_op.drop_index(batch_op.f('ix_prison_action_items_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_prison_action_items_due_on'))
        batch_op.drop_index(batch_op.f('ix_prison_action_items_agency_id'))

    op.drop_table('prison_action_items')
    with op.batch_alter_table('prison_programme_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prison_programme_partners_programme_id'))
        batch_op.drop_index(batch_op.f('ix_prison_programme_partners_agency_id'))

    op.drop_table('prison_programme_partners')
    with op.batch_alter_table('prison_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prison_meetings_programme_id'))

    op.drop_table('prison_meetings')
    with op.batch_alter_table('prison_programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prison_programmes_regency_id'))
        batch_op.drop_index(batch_op.f('ix_prison_programmes_prison_id'))
        batch_op.drop_index(batch_op.f('ix_prison_programmes_lead_agency_id'))
        batch_op.drop_index(batch_op.f('ix_prison_programmes_institute_id'))

    op.drop_table('prison_programmes')

"""Partner companies: sector, place and contacts, agreements; two consents with their history.

Revision ID: 0009_companies
Revises: 0008_submissions
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_companies'
down_revision = '0008_submissions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sector', sa.String(length=16), server_default='other', nullable=False))
        batch_op.add_column(sa.Column('village_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_companies_village_id'), ['village_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_companies_village_id_regions'), 'regions', ['village_id'], ['id'])

    op.create_table('company_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_company_agreements_dates_in_order')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_agreements_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_company_agreements_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_agreements'))
    )
    with op.batch_alter_table('company_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_agreements_company_id'), ['company_id'], unique=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_consent_at', sa.DateTime(), nullable=True))

    op.create_table('participant_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('given', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_participant_consents_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_participant_consents_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_consents'))
    )
    with op.batch_alter_table('participant_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_consents_participant_id'), ['participant_id'], unique=False)
    # The consent already on record becomes the first entry of its history.
    op.execute("INSERT INTO participant_consents (participant_id, kind, given, recorded_at, recorded_by_id) "
               "SELECT id, 'show', true, consent_at, created_by_id FROM participants "
               "WHERE consent_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('participant_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_consents_participant_id'))
    op.drop_table('participant_consents')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('contact_consent_at')
    with op.batch_alter_table('company_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_agreements_company_id'))
    op.drop_table('company_agreements')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_companies_village_id_regions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_companies_village_id'))
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('email')
        batch_op.drop_column('village_id')
        batch_op.drop_column('sector')

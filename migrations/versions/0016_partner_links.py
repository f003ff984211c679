"""Partner links: CSR contributions, in-company training (host company, participants'
employer) and the job fair a placement came from.

Batches already held at a company get the company of the proposal they serve, else their CSR
company, as host; their participants get it as employer.

Revision ID: 0016_partner_links
Revises: 0015_inmates
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_partner_links'
down_revision = '0015_inmates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('csr_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind <> 'money' OR amount IS NOT NULL", name=op.f('ck_csr_contributions_money_has_amount')),
    sa.CheckConstraint("kind IN ('money', 'goods', 'services')", name=op.f('ck_csr_contributions_known_kind')),
    sa.CheckConstraint('amount IS NULL OR amount > 0', name=op.f('ck_csr_contributions_positive_amount')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_csr_contributions_batch_id_batches')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_csr_contributions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_csr_contributions_created_by_id_users')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_csr_contributions_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csr_contributions'))
    )
    with op.batch_alter_table('csr_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_csr_contributions_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_csr_contributions_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_csr_contributions_regency_id'), ['regency_id'], unique=False)

    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host_company_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_batches_host_company_id'), ['host_company_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_batches_host_company_id_companies'), 'companies', ['host_company_id'], ['id'])

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_enrolments_employer_id'), ['employer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_enrolments_employer_id_companies'), 'companies', ['employer_id'], ['id'])

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_fair_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_placements_job_fair_id'), ['job_fair_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_placements_job_fair_id_job_fairs'), 'job_fairs', ['job_fair_id'], ['id'])

    op.execute(
        "UPDATE batches SET host_company_id = (SELECT MIN(proposals.company_id) FROM proposals "
        "WHERE proposals.batch_id = batches.id AND proposals.company_id IS NOT NULL) "
        "WHERE venue_type = 'company'")
    op.execute(
        "UPDATE batches SET host_company_id = csr_company_id "
        "WHERE venue_type = 'company' AND host_company_id IS NULL")
    op.execute(
        "UPDATE enrolments SET employer_id = (SELECT batches.host_company_id FROM batches "
        "WHERE batches.id = enrolments.batch_id) "
        "WHERE batch_id IN (SELECT id FROM batches WHERE host_company_id IS NOT NULL)")


def downgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_placements_job_fair_id_job_fairs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_placements_job_fair_id'))
        batch_op.drop_column('job_fair_id')

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrolments_employer_id_companies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_enrolments_employer_id'))
        batch_op.drop_column('employer_id')

    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_batches_host_company_id_companies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_batches_host_company_id'))
        batch_op.drop_column('host_company_id')

    with op.batch_alter_table('csr_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_csr_contributions_regency_id'))
        batch_op.drop_index(batch_op.f('ix_csr_contributions_company_id'))
        batch_op.drop_index(batch_op.f('ix_csr_contributions_batch_id'))

    op.drop_table('csr_contributions')

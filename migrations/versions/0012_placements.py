"""Outcomes: vacancies, placements of graduates, and their follow-ups at 3 and 6 months.

Revision ID: 0012_placements
Revises: 0011_company_portal
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_placements'
down_revision = '0011_company_portal'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vacancies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=120), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('openings', sa.Integer(), nullable=False),
    sa.Column('closing_date', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('openings > 0', name=op.f('ck_vacancies_positive_openings')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_vacancies_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_vacancies_course_id_courses')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_vacancies_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies'))
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancies_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_course_id'), ['course_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('vacancy_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('position', sa.String(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('business_name', sa.String(length=160), nullable=False),
    sa.Column('business_field', sa.String(length=120), nullable=False),
    sa.Column('business_place', sa.String(length=200), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('working', 'apprentice', 'self_employed', 'not_working')", name=op.f('ck_placements_known_status')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_placements_company_id_companies')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_placements_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_placements_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_placements_vacancy_id_vacancies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_placements_enrolment_status', ['enrolment_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('placement_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('still_placed', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_placement_follow_ups_done_by_id_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_follow_ups_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_follow_ups')),
    sa.UniqueConstraint('placement_id', 'months', name=op.f('uq_placement_follow_ups_placement_id'))
    )
    with op.batch_alter_table('placement_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_follow_ups_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_follow_ups_placement_id'), ['placement_id'], unique=False)


def downgrade():
    op.drop_table('placement_follow_ups')
    op.drop_table('placements')
    op.drop_table('vacancies')

"""Scheduling: competency units and equipment of courses, institutes and trainers, MTU units,
batches with their trainers, and the proposals each batch serves.

Revision ID: 0003_batches
Revises: 0002_proposals
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_batches'
down_revision = '0002_proposals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment')),
    sa.UniqueConstraint('name', name=op.f('uq_equipment_name'))
    )
    op.create_table('competency_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_competency_units_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_units')),
    sa.UniqueConstraint('course_id', 'code', name=op.f('uq_competency_units_course_id'))
    )
    with op.batch_alter_table('competency_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competency_units_course_id'), ['course_id'], unique=False)

    op.create_table('course_equipment',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_equipment_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_course_equipment_equipment_id_equipment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'equipment_id', name=op.f('pk_course_equipment'))
    )
    op.create_table('institutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_institutes_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institutes')),
    sa.UniqueConstraint('name', name=op.f('uq_institutes_name'))
    )
    with op.batch_alter_table('institutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institutes_regency_id'), ['regency_id'], unique=False)

    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('plate', sa.String(length=20), nullable=False),
    sa.Column('home_base', sa.String(length=160), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('booking_version', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_units_regency_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
    sa.UniqueConstraint('code', name=op.f('uq_units_code'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_regency_id'), ['regency_id'], unique=False)

    op.create_table('unit_equipment',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_unit_equipment_equipment_id_equipment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_equipment_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'equipment_id', name=op.f('pk_unit_equipment'))
    )
    op.create_table('batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('venue_type', sa.String(length=24), nullable=False),
    sa.Column('venue_name', sa.String(length=160), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('funding', sa.String(length=8), nullable=False),
    sa.Column('csr_company_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_batches_dates_in_order')),
    sa.CheckConstraint('quota > 0', name=op.f('ck_batches_positive_quota')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_batches_course_id_courses')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_batches_created_by_id_users')),
    sa.ForeignKeyConstraint(['csr_company_id'], ['companies.id'], name=op.f('fk_batches_csr_company_id_companies')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_batches_regency_id_regions')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_batches_unit_id_units')),
    sa.ForeignKeyConstraint(['village_id'], ['regions.id'], name=op.f('fk_batches_village_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches'))
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_batches_regency_start', ['regency_id', 'start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_batches_status'), ['status'], unique=False)
        batch_op.create_index('ix_batches_unit_dates', ['unit_id', 'start_date', 'end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_batches_village_id'), ['village_id'], unique=False)

    op.create_table('trainers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('employer_type', sa.String(length=16), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('regency_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('booking_version', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_trainers_company_id_companies')),
    sa.ForeignKeyConstraint(['institute_id'], ['institutes.id'], name=op.f('fk_trainers_institute_id_institutes')),
    sa.ForeignKeyConstraint(['regency_id'], ['regions.id'], name=op.f('fk_trainers_regency_id_regions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trainers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainers')),
    sa.UniqueConstraint('user_id', name=op.f('uq_trainers_user_id'))
    )
    with op.batch_alter_table('trainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainers_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainers_institute_id'), ['institute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainers_regency_id'), ['regency_id'], unique=False)

    op.create_table('batch_trainers',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_trainers_batch_id_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_id'], ['trainers.id'], name=op.f('fk_batch_trainers_trainer_id_trainers')),
    sa.PrimaryKeyConstraint('batch_id', 'trainer_id', name=op.f('pk_batch_trainers'))
    )
    with op.batch_alter_table('batch_trainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batch_trainers_trainer_id'), ['trainer_id'], unique=False)

    op.create_table('trainer_courses',
    sa.Column('trainer_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_trainer_courses_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_id'], ['trainers.id'], name=op.f('fk_trainer_courses_trainer_id_trainers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('trainer_id', 'course_id', name=op.f('pk_trainer_courses'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.Integer(), server_default='240', nullable=False))
        batch_op.add_column(sa.Column('duration_days', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('package_size', sa.Integer(), server_default='16', nullable=False))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_proposals_batch_id'), ['batch_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposals_batch_id_batches'), 'batches', ['batch_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_batch_id_batches'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposals_batch_id'))
        batch_op.drop_column('batch_id')

    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('package_size')
        batch_op.drop_column('duration_days')
        batch_op.drop_column('hours')

    op.drop_table('trainer_courses')
    with op.batch_alter_table('batch_trainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batch_trainers_trainer_id'))

    op.drop_table('batch_trainers')
    with op.batch_alter_table('trainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainers_regency_id'))
        batch_op.drop_index(batch_op.f('ix_trainers_institute_id'))
        batch_op.drop_index(batch_op.f('ix_trainers_company_id'))

    op.drop_table('trainers')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_village_id'))
        batch_op.drop_index('ix_batches_unit_dates')
        batch_op.drop_index(batch_op.f('ix_batches_status'))
        batch_op.drop_index('ix_batches_regency_start')
        batch_op.drop_index(batch_op.f('ix_batches_course_id'))

    op.drop_table('batches')
    op.drop_table('unit_equipment')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_regency_id'))

    op.drop_table('units')
    with op.batch_alter_table('institutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institutes_regency_id'))

    op.drop_table('institutes')
    op.drop_table('course_equipment')
    with op.batch_alter_table('competency_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competency_units_course_id'))

    op.drop_table('competency_units')
    op.drop_table('equipment')

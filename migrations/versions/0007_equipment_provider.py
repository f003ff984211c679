"""A batch may go without an MTU unit: who brings the equipment then (equipment_provider).

Existing batches without a unit (so far allowed only at a BLK or a company) get the provider
their venue implies: the BLK for a training centre, the company for a company, otherwise the
venue itself.

Revision ID: 0007_equipment_provider
Revises: 0006_certificates
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_equipment_provider'
down_revision = '0006_certificates'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('equipment_provider', sa.String(length=8), nullable=True))
    op.execute(
        "UPDATE batches SET equipment_provider = CASE venue_type "
        "WHEN 'training_centre' THEN 'blk' WHEN 'company' THEN 'company' ELSE 'venue' END "
        "WHERE unit_id IS NULL")
    # SQLite rebuilds the table here; migrations/env.py turns foreign keys off meanwhile so
    # that dropping the old table does not empty batch_trainers or unlink proposals.
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_batches_unit_or_equipment_provider'),
            'unit_id IS NOT NULL OR equipment_provider IS NOT NULL')
        batch_op.create_check_constraint(
            op.f('ck_batches_known_equipment_provider'),
            "equipment_provider IS NULL OR equipment_provider IN "
            "('lpk', 'company', 'venue', 'blk')")


def downgrade():
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_batches_known_equipment_provider'), type_='check')
        batch_op.drop_constraint(op.f('ck_batches_unit_or_equipment_provider'), type_='check')
        batch_op.drop_column('equipment_provider')

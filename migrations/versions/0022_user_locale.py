"""The language each user picked for the pages (issue 21): 'id' (Bahasa Indonesia, the
default for every existing account) or 'en'.

Revision ID: 0022_user_locale
Revises: 0021_indexes
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_user_locale'
down_revision = '0021_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=5), server_default='id',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')

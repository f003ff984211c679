"""The audit trail: audit_events (changes to personal data with before and after, account
changes, anonymisations), participants.anonymised_at, and triggers that keep audit_events,
participant_views and exports append-only on SQLite and PostgreSQL.

The one update allowed is on audit_events: blanking an event's values (redacted_at set once,
nothing else changed) when the person it is about is anonymised.

Revision ID: 0019_audit
Revises: 0018_proposal_candidates
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_audit'
down_revision = '0018_proposal_candidates'
branch_labels = None
depends_on = None

APPEND_ONLY = ('audit_events', 'participant_views', 'exports')

# Nothing but redacted_at (NULL to a time) and changes may differ: the redaction.
_SAME = ("NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.kind = OLD.kind AND NEW.what = OLD.what"
         " AND NEW.path = OLD.path AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL")
_SAME_PG = _SAME + (" AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id"
                    " AND NEW.participant_id IS NOT DISTINCT FROM OLD.participant_id"
                    " AND NEW.account_id IS NOT DISTINCT FROM OLD.account_id")
_SAME_SQLITE = _SAME + (" AND NEW.user_id IS OLD.user_id"
                        " AND NEW.participant_id IS OLD.participant_id"
                        " AND NEW.account_id IS OLD.account_id")


def _create_triggers():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"""
            CREATE FUNCTION mtu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_TABLE_NAME = 'audit_events' AND TG_OP = 'UPDATE' AND {_SAME_PG} THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END $$""")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION mtu_append_only()")
        return
    for table in APPEND_ONLY:
        allowed = f" WHEN NOT ({_SAME_SQLITE})" if table == 'audit_events' else ""
        for operation in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER {table}_append_only_{operation.lower()} BEFORE "
                       f"{operation} ON {table}{allowed if operation == 'UPDATE' else ''} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _drop_triggers():
    if op.get_bind().dialect.name == 'postgresql':
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS mtu_append_only()")
        return
    for table in APPEND_ONLY:
        for operation in ('update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{operation}")


def upgrade():
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('what', sa.String(length=40), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('redacted_at', sa.DateTime(), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['users.id'], name=op.f('fk_audit_events_account_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_audit_events_participant_id_participants')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_at', ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_user_id'), ['user_id'], unique=False)
    # The trail page filters the looks by date too.
    with op.batch_alter_table('participant_views', schema=None) as batch_op:
        batch_op.create_index('ix_participant_views_viewed_at', ['viewed_at'], unique=False)
    op.add_column('participants', sa.Column('anonymised_at', sa.DateTime(), nullable=True))
    _create_triggers()


def downgrade():
    _drop_triggers()
    op.execute("ALTER TABLE participants DROP COLUMN anonymised_at")
    with op.batch_alter_table('participant_views', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_views_viewed_at')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_participant_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_account_id'))
        batch_op.drop_index('ix_audit_events_at')
    op.drop_table('audit_events')

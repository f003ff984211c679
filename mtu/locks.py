"""Locks that serialise decisions about one batch, on PostgreSQL and SQLite alike.

lock_batch() bumps the batch's `seat_version`: on PostgreSQL the UPDATE holds the batch's row
lock until commit, on SQLite it takes the database's write lock. Take it FIRST in every
decision about the batch's seats, results or certificates, then read (and refresh what was read
before): what another request committed meanwhile is then visible.
"""

from contextlib import contextmanager

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from mtu.batches.models import Batch
from mtu.extensions import db


def lock_batch(batch_id: int) -> None:
    db.session.execute(update(Batch).where(Batch.id == batch_id)
                       .values(seat_version=Batch.seat_version + 1)
                       .execution_options(synchronize_session=False))


def insert_or_ignore(model, index_elements: list[str], **values):
    """INSERT … ON CONFLICT DO NOTHING on PostgreSQL and SQLite alike: a double click, a retry
    or a second worker at the same moment adds nothing twice. The new row's primary key (its
    first column), or None when a row with the same keys was there already."""
    statement = (_insert_ignoring(model, index_elements).values(**values)
                 .returning(*model.__table__.primary_key.columns))
    # rowcount is not reliable here (psycopg reports -1); RETURNING gives a row only if added.
    return db.session.execute(statement).scalar()


def insert_rows_or_ignore(model, index_elements: list[str], rows: list[dict]) -> None:
    """insert_or_ignore for many rows (dicts with the same keys) in one executemany, which
    SQLAlchemy sends in batches within the databases' parameter limits (PostgreSQL takes
    65 535 in a statement)."""
    if rows:
        db.session.execute(_insert_ignoring(model, index_elements), rows)


def _insert_ignoring(model, index_elements: list[str]):
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[db.session.get_bind().dialect.name]
    return dialect.insert(model).on_conflict_do_nothing(index_elements=index_elements)


@contextmanager
def savepoint():
    """A savepoint inside the request's transaction (to catch a unique violation and go on).

    pysqlite starts no transaction for a SAVEPOINT, so its RELEASE would commit everything
    before it; begin the transaction first (IMMEDIATE: we are about to write anyway)."""
    if db.session.get_bind().dialect.name == "sqlite":
        connection = db.session.connection()
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    with db.session.begin_nested() as nested:
        yield nested

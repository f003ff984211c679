"""Locks that serialise decisions about one batch, on PostgreSQL and SQLite alike.

lock_batch() bumps the batch's `seat_version`: on PostgreSQL the UPDATE holds the batch's row
lock until commit, on SQLite it takes the database's write lock. Take it FIRST in every
decision about the batch's seats, results or certificates, then read (and refresh what was read
before): what another request committed meanwhile is then visible.
"""

from contextlib import contextmanager

from sqlalchemy import update

from mtu.batches.models import Batch
from mtu.extensions import db


def lock_batch(batch_id: int) -> None:
    db.session.execute(update(Batch).where(Batch.id == batch_id)
                       .values(seat_version=Batch.seat_version + 1)
                       .execution_options(synchronize_session=False))


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

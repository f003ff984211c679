"""Province scale (issue 19): what the benchmark (`make bench`, docs/PERFORMANCE.md) relies on,
held on every run of the suite.

- Each main page sends as many SQL statements for the demo as for the demo with ten times its
  rows (bench/province.py at a small scale): no query inside a loop over rows.
- On PostgreSQL, no main list page reads participants or attendance marks by a sequential scan
  where an index could serve (see test_list_pages_read_people_and_marks_through_indexes).
"""

import pytest
from sqlalchemy import event, func, select, text

from bench.province import HOME, generate
from mtu.attendance.models import AttendanceMark
from mtu.auth.models import User
from mtu.batches.models import Batch, batch_trainers
from mtu.demo.seed import DEMO_PASSWORD, seed_demo
from mtu.participants.models import Participant
from mtu.proposals.models import Proposal
from mtu.regions.models import Region
from mtu.trainers.models import Trainer

SCALE = 0.05  # Kab. Pasuruan: 60 batches and 1 000 people on top of the demo's 6 and ~80


def _ids(db):
    """The demo's own records the pages open (they stay the same when the rows grow)."""
    one = db.session.scalar
    staff = one(select(User).where(User.email == "staf@demo.example"))
    village = one(select(User).where(User.email == "desa@demo.example"))
    running = one(select(Batch.id).join(batch_trainers).join(Trainer)
                  .join(User, User.id == Trainer.user_id)
                  .where(User.email == "pelatih@demo.example", Batch.status == "running"))
    done = one(select(Batch.id).where(Batch.regency_id == staff.regency_id,
                                      Batch.status == "done").order_by(Batch.id))
    person = one(select(Participant.id).where(Participant.regency_id == staff.regency_id)
                 .order_by(Participant.id))
    proposal = one(select(Proposal.id).where(Proposal.village_id == village.village_id)
                   .order_by(Proposal.id))
    return running, done, person, proposal


def main_pages(db) -> dict[str, list[str]]:
    """Per demo account, the pages the benchmark drives (exports aside: they stream)."""
    running, done, person, proposal = _ids(db)
    return {
        "staf@demo.example": [
            "/", "/proposals/queue", "/proposals/", "/proposals/?q=siti", "/participants/",
            "/participants/?page=2", "/participants/?q=siti", "/batches/", "/batches/?q=menj",
            "/batches/schedule", f"/batches/{done}", f"/participants/batches/{done}",
            f"/attendance/batches/{done}/recap", f"/participants/{person}", "/dashboard/",
            "/reports/", "/placements/", "/aftercare/", "/attendance/missing"],
        "pelatih@demo.example": ["/", f"/attendance/batches/{running}/today"],
        "desa@demo.example": ["/", "/proposals/", f"/proposals/{proposal}", "/dashboard/"],
    }


def _statements(app, db, pages, listener_wanted=False):
    """Per (account, page): the statements its request sent, after a warm-up request."""
    found = {}
    for email, paths in pages.items():
        client = app.test_client()
        user = db.session.scalar(select(User).where(User.email == email))
        client.login(user, DEMO_PASSWORD)
        for path in paths:
            client.get(path, follow_redirects=True)  # first-request caches aside
            statements = []

            def listener(conn, cursor, statement, parameters, context, executemany,
                         statements=statements):
                statements.append((statement, parameters))

            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                response = client.get(path, follow_redirects=True)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            assert response.status_code == 200, (email, path, response.status_code)
            found[(email, path)] = statements
    return found


def _home_rows(db):
    home = db.session.scalar(select(Region.id).where(Region.code == HOME))
    return (db.session.scalar(select(func.count(Batch.id)).where(Batch.regency_id == home)),
            db.session.scalar(select(func.count(Participant.id))
                              .where(Participant.regency_id == home)),
            db.session.scalar(select(func.count(AttendanceMark.id))))


def test_statement_counts_stay_the_same_with_ten_times_the_rows(app, db,
                                                                 sessions_every_day):
    seed_demo()
    db.session.commit()
    pages = main_pages(db)
    before_rows = _home_rows(db)
    before = {key: len(found) for key, found in _statements(app, db, pages).items()}

    generate(SCALE, echo=lambda line: None)
    after_rows = _home_rows(db)
    assert all(a >= 10 * b for a, b in zip(after_rows, before_rows, strict=True)), \
        (before_rows, after_rows)
    after = {key: len(found) for key, found in _statements(app, db, pages).items()}

    grown = {key: (before[key], after[key]) for key in before if after[key] != before[key]}
    assert not grown, f"statements per page grew with the rows: {grown}"
    assert max(after.values()) <= 40, after


# The lists whose statements must reach participants and marks through indexes.
LIST_PAGES = {"/", "/proposals/queue", "/proposals/", "/proposals/?q=siti", "/participants/",
              "/participants/?page=2", "/participants/?q=siti", "/batches/",
              "/batches/?q=menj", "/batches/schedule", "/placements/", "/aftercare/"}


@pytest.mark.postgres_only
def test_list_pages_read_people_and_marks_through_indexes(app, db, sessions_every_day):
    """EXPLAIN each SELECT a list page sends, with sequential scans switched off.

    A test database holds thousands of rows, not millions: there the planner rightly prefers
    a sequential scan of a small table, so its free choice proves nothing. With
    enable_seqscan = off it still takes a sequential scan when no index can serve the
    filter or join at all; that is what this test catches (a missing index, or a condition
    no index can answer, such as an OR across a subquery). Whether the planner picks the
    index at full size is measured by `make bench` on 100 000 people and 2 000 000 marks.
    """
    if db.engine.dialect.name != "postgresql":
        pytest.skip("EXPLAIN plans are PostgreSQL's (TEST_DATABASE_URL)")
    seed_demo()
    db.session.commit()
    generate(SCALE, echo=lambda line: None)
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    pages = {email: [p for p in paths if p in LIST_PAGES or "/batches/" in p]
             for email, paths in main_pages(db).items()}
    scans = []
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        for (email, path), statements in _statements(app, db, pages).items():
            for statement, parameters in statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                plan = "\n".join(row[0] for row in connection.exec_driver_sql(
                    "EXPLAIN " + statement, parameters))
                for table in ("participants", "attendance_marks"):
                    if f"Seq Scan on {table}" in plan:
                        scans.append(f"{email} {path}: {table}: {' '.join(statement.split())}")
    assert not scans, "\n\n".join(scans)


@pytest.mark.postgres_only
def test_postgresql_connections_cost_plans_for_memory_and_ssd_without_jit(db):
    """Every app connection: no JIT (compiling the scoping subqueries took longer than
    running them) and random_page_cost 1.1, with which a district's counts read its batches'
    rows by index instead of scanning the province's table (docs/PERFORMANCE.md)."""
    settings = db.session.execute(text(
        "SELECT current_setting('jit'), current_setting('random_page_cost')")).one()
    assert tuple(settings) == ("off", "1.1")

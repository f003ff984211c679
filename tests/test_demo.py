"""The demo data: idempotent, and every account can sign in."""

import pytest
from sqlalchemy import func, select

from mtu.auth.models import User
from mtu.demo.seed import ACCOUNTS, DEMO_PASSWORD, seed_demo
from mtu.regions.models import Region


def test_seed_demo_is_idempotent(db):
    seed_demo()
    db.session.commit()
    counts = (db.session.scalar(select(func.count()).select_from(User)),
              db.session.scalar(select(func.count()).select_from(Region)))
    summary = seed_demo()
    db.session.commit()
    assert set(summary.values()) == {0}
    assert counts == (db.session.scalar(select(func.count()).select_from(User)),
                      db.session.scalar(select(func.count()).select_from(Region)))
    assert counts[0] == 6


def test_demo_places_come_from_the_reports_with_kemendagri_codes(db):
    seed_demo()
    village = db.session.scalar(select(Region).where(Region.name == "Bulukandang"))
    assert village.code == "35.14.04.2006"
    assert village.full_name == "Bulukandang, Lumbang, Kab. Pasuruan"


@pytest.mark.parametrize("email", [account[0] for account in ACCOUNTS])
def test_every_demo_account_signs_in(client, db, email):
    seed_demo()
    db.session.commit()
    response = client.post_form("/auth/login", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_seed_demo_command_skips_a_database_with_accounts(app, db):
    runner = app.test_cli_runner()
    assert "Data demo siap" in runner.invoke(args=["seed-demo"]).output
    assert "tidak dimuat ulang" in runner.invoke(args=["seed-demo", "--if-empty"]).output


def test_demo_batches_break_no_planning_rule(db):
    from mtu.batches import services
    from mtu.batches.models import Batch

    seed_demo()
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    batches = db.session.scalars(select(Batch)).all()
    assert {b.status for b in batches} >= {"done", "running", "planned"}
    for batch in batches:
        assert services.conflicts(services.BatchPlan.of(batch), staff, exclude_id=batch.id) \
            == [], batch.title


def test_demo_has_a_batch_running_today_taught_by_the_demo_trainer(db):
    from mtu.batches.models import Batch
    from mtu.clock import local_today

    seed_demo()
    today = local_today()
    running = db.session.scalars(select(Batch).where(Batch.status == "running")).all()
    assert any(batch.start_date <= today <= batch.end_date
               and any(t.user and t.user.email == "pelatih@demo.example"
                       for t in batch.trainers) for batch in running)


def test_demo_participants_have_valid_niks_and_fill_the_batches(db):
    from mtu.batches.models import Batch
    from mtu.participants import nik
    from mtu.participants.models import Enrolment, Participant

    seed_demo()
    people = db.session.scalars(select(Participant)).all()
    assert len(people) > 60
    for person in people:
        facts = nik.read(person.nik)
        assert person.nik.startswith("3514") and facts.matches(person.birth_date)
        assert facts.gender == person.gender
    running = db.session.scalar(select(Batch).where(Batch.status == "running"))
    statuses = [e.status for e in db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == running.id))]
    assert statuses.count("accepted") == running.quota and "waitlisted" in statuses


def test_demo_records_facilities_in_finished_and_running_batches(db):
    from mtu.batches.models import Batch
    from mtu.facilities.models import Handover
    from mtu.participants.models import Enrolment

    seed_demo()
    statuses = set(db.session.scalars(
        select(Batch.status).join(Enrolment, Enrolment.batch_id == Batch.id)
        .join(Handover, Handover.enrolment_id == Enrolment.id)))
    assert statuses == {"done", "running"}

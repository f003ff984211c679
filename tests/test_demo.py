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
    assert counts[0] == len(ACCOUNTS)


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
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    batches = db.session.scalars(select(Batch)).all()
    assert {b.status for b in batches} >= {"done", "running", "planned"}
    for batch in batches:
        # Pasuruan's batches as its staff plans them; Malang's and Probolinggo's as the admin.
        planner = staff if batch.regency_id == staff.regency_id else admin
        assert services.conflicts(services.BatchPlan.of(batch), planner, exclude_id=batch.id) \
            == [], batch.title


def test_demo_has_batches_without_a_unit_from_the_reports(db):
    from mtu.batches.models import Batch

    seed_demo()
    without = {b.venue_name: b for b in db.session.scalars(
        select(Batch).where(Batch.unit_id.is_(None), Batch.venue_type != "training_centre"))}
    prison = without["Lapas Perempuan Kelas IIA Malang"]
    assert prison.course.name == "Sulam" and prison.venue_type == "prison"
    assert prison.equipment_summary.heading == "Peralatan dibawa oleh LPK Ganesha Kepanjen"
    hall = without["Balai Desa Maron Kulon"]
    assert hall.course.name == "Menjahit Pakaian" and hall.village.name == "Maron Kulon"
    assert hall.equipment_summary.heading == "Peralatan dibawa oleh CV Bhara Utama"
    assert [t.employer_name for t in hall.trainers] == ["CV Bhara Utama"]


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
        home = person.village.parent.code.replace(".", "")
        assert person.nik.startswith(home) and facts.matches(person.birth_date)
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


def _running_demo_batch():
    return next(batch for batch in db_batches("running")
                if any(t.user and t.user.email == "pelatih@demo.example" for t in batch.trainers))


def db_batches(status):
    from mtu.batches.models import Batch
    from mtu.extensions import db

    return db.session.scalars(select(Batch).where(Batch.status == status)
                              .order_by(Batch.start_date)).all()


def test_demo_running_batch_has_journals_and_marks_for_past_days_only(db):
    from datetime import timedelta

    from mtu.attendance.models import AttendanceMark, TrainingDay
    from mtu.attendance.services import day_list
    from mtu.clock import local_today

    seed_demo()
    db.session.commit()
    today = local_today()
    batch = _running_demo_batch()
    trainer = db.session.scalar(select(User).where(User.email == "pelatih@demo.example"))
    journals = {j.day: j for j in db.session.scalars(
        select(TrainingDay).where(TrainingDay.batch_id == batch.id))}
    past = [batch.start_date + timedelta(days=n) for n in range((today - batch.start_date).days)]
    sessions = [day for day in past if day.weekday() != 6]
    assert sessions and set(journals) == set(sessions)
    assert all(j.hours == 8 and j.recorded_by_id == trainer.id and j.subject
               for j in journals.values())
    units = [u.id for u in sorted(batch.course.units, key=lambda u: u.position)]
    taught = [journals[day].competency_unit_id for day in sorted(journals)
              if journals[day].competency_unit_id]
    assert taught == sorted(taught, key=units.index), "units follow the course's order"
    for day in sessions:
        marks = db.session.scalars(select(AttendanceMark).where(
            AttendanceMark.batch_id == batch.id, AttendanceMark.day == day)).all()
        assert {m.enrolment_id for m in marks} == {e.id for e in day_list(batch, day)}
        assert len(marks) == 16
    for day in {today} | {day for day in past if day.weekday() == 6}:
        assert db.session.scalar(select(func.count()).select_from(AttendanceMark).where(
            AttendanceMark.batch_id == batch.id, AttendanceMark.day == day)) == 0
        assert day not in journals


def test_demo_finished_batch_flags_a_participant_below_the_threshold(db):
    from mtu.attendance.models import AttendanceMark, TrainingDay
    from mtu.attendance.services import recap

    seed_demo()
    db.session.commit()
    finished = db_batches("done")
    assert finished
    for batch in finished:
        summary = recap(batch)
        journals = db.session.scalar(select(func.count()).select_from(TrainingDay)
                                     .where(TrainingDay.batch_id == batch.id))
        assert len(summary.days) == journals == sum(
            1 for n in range(batch.days)
            if (batch.start_date.toordinal() + n) % 7 != 0), batch.title  # no Sundays
        flagged = [row for row in summary.rows if summary.flagged(row)]
        assert 1 <= len(flagged) <= 2, batch.title
        assert all(row.rate >= 85 for row in summary.rows if not summary.flagged(row))
        assert all(row.count("present") + row.count("permitted") + row.count("sick")
                   + row.count("absent") == len(summary.days) for row in summary.rows)
    statuses = set(db.session.scalars(select(AttendanceMark.status).distinct()))
    assert statuses == {"present", "permitted", "sick", "absent"}


def test_demo_certifies_the_finished_batches(db):
    from mtu.attendance.services import rates_for
    from mtu.certificates.models import Certificate
    from mtu.participants.models import Enrolment

    seed_demo()
    db.session.commit()
    certificates = db.session.scalars(select(Certificate)).all()
    finished = db_batches("done")
    certified_batches = {c.enrolment.batch_id for c in certificates}
    assert certified_batches == {batch.id for batch in finished}
    assert all(c.enrolment.status == "passed" for c in certificates)
    lsp = [c for c in certificates if c.issuer_kind == "lsp"]
    assert lsp and {(c.issuer_name, c.lsp_licence) for c in lsp} == {
        ("LSP Garmen Nusantara", "BNSP-LSP-1234-ID")}
    assert len({c.enrolment.batch_id for c in lsp}) == 1
    assert any(c.issuer_kind == "office" for c in certificates)
    revoked = [c for c in certificates if c.revoked_at is not None]
    assert len(revoked) == 1 and revoked[0].revoked_reason
    numbers, codes = [c.number for c in certificates], [c.code for c in certificates]
    assert len(set(numbers)) == len(numbers) and len(set(codes)) == len(codes)
    assert all(len(code) >= 16 for code in codes)
    enrolments = db.session.scalars(select(Enrolment).where(
        Enrolment.batch_id.in_([batch.id for batch in finished]))).all()
    rates = rates_for(enrolments)
    certified = {c.enrolment_id for c in certificates}
    below = [e.id for e in enrolments if (rates[e.id] or 0) < 80]
    assert below and not certified & set(below)
    assert "failed" in {e.status for e in enrolments}, "someone is not yet competent"
    assert {e.id for e in enrolments if e.status == "passed" and rates[e.id] >= 80} \
        == certified


def test_demo_certificates_verify_publicly(client, db):
    from mtu.certificates.models import Certificate

    seed_demo()
    db.session.commit()
    revoked = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_not(None)))
    body = client.get(f"/verifikasi/{revoked.code}").get_data(as_text=True)
    assert "Sertifikat dicabut" in body and revoked.revoked_reason not in body
    lsp = db.session.scalar(select(Certificate).where(Certificate.issuer_kind == "lsp")
                            .limit(1))
    body = client.get(f"/verifikasi/{lsp.code}").get_data(as_text=True)
    assert "Sertifikat sah" in body and "BNSP-LSP-1234-ID" in body
    body = client.post("/verifikasi/", data={
        "nomor": lsp.number, "nama": lsp.enrolment.participant.full_name}).get_data(as_text=True)
    assert "Cocok" in body and "sertifikat yang sah" in body

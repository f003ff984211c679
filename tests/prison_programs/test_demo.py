"""The demo's Malang programme (seed-demo): four agencies and BPJS around the women's prison,
LPK Ganesha's embroidery wave of inmates, coordination meetings with action items, follow-ups
with one overdue; dinas@demo.example (Disperindag) belongs to it at once."""

from sqlalchemy import func, select

from mtu.aftercare import services as aftercare
from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.clock import local_today
from mtu.demo.seed import seed_demo
from mtu.participants import scope
from mtu.participants.models import Enrolment, Participant
from mtu.portal.services import shown_graduates
from mtu.prison_programs import services
from mtu.prison_programs.models import ActionItem, Meeting, Programme


def _seed_twice(db):
    for _ in range(2):
        seed_demo()
        db.session.commit()


def _user(db, email):
    return db.session.scalar(select(User).where(User.email == email))


def test_the_programme_from_the_report_is_seeded_once(db):
    _seed_twice(db)
    programme = db.session.scalars(select(Programme)).one()
    agencies = {partner.agency.name for partner in programme.partners}
    assert {"Dinas Tenaga Kerja Kab. Malang", "Dinas Perindustrian dan Perdagangan Kab. Malang",
            "Dinas Koperasi dan UMKM Kab. Malang",
            "Lapas Perempuan Kelas IIA Malang (Kebonsari)"} <= agencies
    assert programme.institute.name == "LPK Ganesha Kepanjen"
    assert programme.regency.code == "35.07" and "Bupati" in programme.legal_basis
    batches = db.session.scalars(select(Batch).where(Batch.programme_id == programme.id)
                                 .order_by(Batch.start_date)).all()
    assert all(b.course.name == "Sulam" and b.in_prison for b in batches)
    assert [b.status for b in batches] == [BatchStatus.DONE, BatchStatus.REGISTRATION]
    assert (db.session.scalar(select(func.count()).select_from(Meeting)),
            db.session.scalar(select(func.count()).select_from(ActionItem))) == (2, 7)


def test_the_first_wave_are_inmates_never_shown_to_companies(db):
    _seed_twice(db)
    wave = db.session.scalar(select(Batch).where(Batch.programme_id.is_not(None),
                                                 Batch.status == BatchStatus.DONE))
    people = db.session.scalars(select(Participant).join(Enrolment)
                                .where(Enrolment.batch_id == wave.id)).all()
    assert len(people) == 16
    assert all(p.is_inmate and p.expected_release_on for p in people)
    inmate_ids = {p.id for p in people}
    assert db.session.scalar(select(func.count()).where(
        Participant.id.in_(inmate_ids), scope.inmate())) == 16
    shown = {c.enrolment.participant_id for c in db.session.scalars(shown_graduates())}
    assert shown and not shown & inmate_ids


def test_follow_ups_with_one_person_overdue_and_disperindag_with_an_overdue_item(db):
    _seed_twice(db)
    programme = db.session.scalars(select(Programme)).one()
    ids = (select(Enrolment.participant_id).join(Batch)
           .where(Batch.programme_id == programme.id))
    figures = aftercare.figures(ids)
    assert (figures.people, figures.overdue) == (16, 1)
    assert figures.after_release == 3 and figures.follow_ups > figures.after_release
    dinas = _user(db, "dinas@demo.example")
    assert db.session.scalars(services.visible_programmes(dinas)).all() == [programme]
    theirs = db.session.scalars(select(ActionItem).where(
        ActionItem.agency_id == dinas.agency_id)).all()
    assert [item.overdue_on(local_today()) for item in theirs].count(True) == 1
    staff = _user(db, "malang@demo.example")
    assert db.session.scalars(services.visible_programmes(staff)).all() == [programme]
    assert not db.session.scalars(
        services.visible_programmes(_user(db, "staf@demo.example"))).all()

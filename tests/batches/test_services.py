"""Planning rules, the concurrency guard, status changes, and who sees which batch."""

import threading
from datetime import date, timedelta

import pytest

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches import services
from mtu.batches.models import Batch, BatchStatus
from mtu.courses.models import Course
from mtu.fleet.models import Unit
from mtu.proposals.models import Status
from mtu.regions.models import Region
from mtu.rules import RuleError
from mtu.trainers.models import Trainer
from tests.factories import (
    EquipmentFactory,
    ProposalFactory,
    TrainerFactory,
    UnitFactory,
    UserFactory,
    user_with_role,
)


def test_a_clean_plan_becomes_a_batch(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    assert batch.regency == district.regency and batch.status == BatchStatus.PLANNED
    assert batch.days == 30 and batch.trainers == [district.trainer]
    assert batch.created_by == district.staff


def test_default_end_is_thirty_calendar_days(district):
    assert services.default_end(district.course, date(2026, 1, 1)) == date(2026, 1, 30)


def test_the_same_unit_on_overlapping_dates_is_refused_naming_the_other_batch(district, db):
    first = services.plan_batch(district.plan(start=date(2026, 3, 1)), district.staff)
    db.session.commit()
    other_trainer = TrainerFactory(regency=district.regency, courses=[district.course])
    with pytest.raises(RuleError) as refused:
        services.plan_batch(district.plan(start=date(2026, 3, 30), trainers=[other_trainer]),
                            district.staff)
    assert any(district.unit.code in m and first.venue_name in m and "01/03/2026" in m
               for m in refused.value.messages), refused.value.messages


def test_the_same_trainer_on_overlapping_dates_is_refused(district, db):
    services.plan_batch(district.plan(start=date(2026, 3, 1)), district.staff)
    db.session.commit()
    other_unit = UnitFactory(regency=district.regency, equipment=list(district.unit.equipment))
    with pytest.raises(RuleError) as refused:
        services.plan_batch(district.plan(start=date(2026, 3, 15), unit=other_unit),
                            district.staff)
    assert any(f"Pelatih {district.trainer.name} sudah mengajar" in m
               for m in refused.value.messages)


def test_back_to_back_bookings_are_fine(district, db):
    services.plan_batch(district.plan(start=date(2026, 3, 1)), district.staff)
    services.plan_batch(district.plan(start=date(2026, 3, 31)), district.staff)
    db.session.commit()


def test_a_cancelled_batch_frees_its_unit_and_trainer(district, db):
    first = services.plan_batch(district.plan(), district.staff)
    services.change_batch_status(first, BatchStatus.CANCELLED, district.staff, "Banjir")
    services.plan_batch(district.plan(), district.staff)


def test_a_unit_without_the_equipment_is_refused(district, db):
    bare = UnitFactory(regency=district.regency, equipment=[EquipmentFactory(name="Oven")])
    problems = services.conflicts(district.plan(unit=bare), district.staff)
    assert any("tidak membawa peralatan" in p and "Mesin jahit" in p for p in problems)


def test_a_unit_in_maintenance_is_refused(district, db):
    district.unit.status = "maintenance"
    problems = services.conflicts(district.plan(), district.staff)
    assert any("sedang dalam perawatan" in p for p in problems)


def test_a_trainer_who_does_not_teach_the_course_is_refused(district, db):
    stranger = TrainerFactory(regency=district.regency)
    problems = services.conflicts(district.plan(trainers=[stranger]), district.staff)
    assert any("tidak terdaftar untuk kejuruan" in p for p in problems)


def test_units_and_trainers_of_another_district_are_refused(district, db):
    elsewhere_unit = UnitFactory(equipment=list(district.unit.equipment))
    elsewhere_trainer = TrainerFactory(courses=[district.course])
    problems = services.conflicts(
        district.plan(unit=elsewhere_unit, trainers=[elsewhere_trainer]), district.staff)
    assert any("milik kabupaten lain" in p for p in problems)
    assert any("terdaftar di kabupaten lain" in p for p in problems)


def test_other_rules(district, db):
    problems = services.conflicts(district.plan(unit=None, trainers=[], funding="csr"),
                                  district.staff)
    assert len(problems) == 3
    backwards = district.plan(end_date=date(2026, 2, 1))
    assert services.conflicts(backwards, district.staff) == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai."]
    at_the_centre = district.plan(unit=None, venue_type="training_centre",
                                  equipment_provider="blk")
    assert services.conflicts(at_the_centre, district.staff) == []


def test_planning_from_proposals_schedules_them_and_finishing_closes_them(district, db):
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    batch = services.plan_batch(district.plan(proposals=[proposal]), district.staff)
    assert proposal.status == Status.SCHEDULED and proposal.batch == batch
    assert "Dijadwalkan dalam paket" in proposal.events[-1].note
    for status in (BatchStatus.REGISTRATION, BatchStatus.RUNNING, BatchStatus.DONE):
        services.change_batch_status(batch, status, district.staff)
    db.session.commit()
    assert proposal.status == Status.DONE


def test_cancelling_returns_the_proposals_to_the_queue(district, db):
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    batch = services.plan_batch(district.plan(proposals=[proposal]), district.staff)
    with pytest.raises(RuleError, match="alasan pembatalan"):
        services.change_batch_status(batch, BatchStatus.CANCELLED, district.staff)
    services.change_batch_status(batch, BatchStatus.CANCELLED, district.staff, "Anggaran")
    assert proposal.status == Status.VERIFIED and proposal.batch is None


def test_only_verified_proposals_can_be_scheduled(district, db):
    proposal = ProposalFactory(village=district.village, course=district.course)
    problems = services.conflicts(district.plan(proposals=[proposal]), district.staff)
    assert any("hanya usulan yang sudah diverifikasi" in p for p in problems)


def test_status_moves_only_forward(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    with pytest.raises(RuleError):
        services.change_batch_status(batch, BatchStatus.DONE, district.staff)


def test_finished_batches_cannot_be_edited(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    batch.status = "done"
    with pytest.raises(RuleError):
        services.update_batch(batch, district.plan(), district.staff)


def test_editing_a_batch_does_not_conflict_with_itself(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    services.update_batch(batch, district.plan(start=date(2026, 3, 5)), district.staff)
    assert batch.start_date == date(2026, 3, 5)


def test_who_sees_which_batch(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    teacher = UserFactory(trainer=True)
    district.trainer.user = teacher
    villager = UserFactory(village_operator=True, village=district.village)
    neighbour = UserFactory(village_operator=True)
    other_trainer_user = UserFactory(trainer=True)
    TrainerFactory(user=other_trainer_user)
    db.session.commit()

    def sees(user):
        return list(db.session.scalars(services.visible_batches(user)))

    assert sees(district.staff) == [batch]
    assert sees(user_with_role(Role.STAFF)) == []
    assert sees(teacher) == [batch]
    assert sees(other_trainer_user) == []
    assert sees(villager) == [batch]
    assert sees(neighbour) == []
    assert sees(user_with_role(Role.COMPANY)) == []
    assert sees(user_with_role(Role.ADMIN)) == [batch]


def test_next_wave_counts_within_the_district_and_year(district, db):
    assert services.next_wave(district.regency.id, 2026) == 1
    services.plan_batch(district.plan(wave=3), district.staff)
    assert services.next_wave(district.regency.id, 2026) == 4
    assert services.next_wave(district.regency.id, 2027) == 1


def test_two_staff_booking_the_same_unit_at_the_same_moment_only_one_succeeds(
        district, db, app):
    """Real concurrent transactions: on PostgreSQL the row lock, on SQLite the write lock."""
    second_trainer = TrainerFactory(regency=district.regency, courses=[district.course])
    db.session.commit()
    ids = dict(course=district.course.id, unit=district.unit.id, village=district.village.id,
               staff=district.staff.id, trainers=[district.trainer.id, second_trainer.id])
    barrier = threading.Barrier(2)
    outcomes = []

    def book(trainer_id, start):
        with app.app_context():
            course = db.session.get(Course, ids["course"])
            plan = services.BatchPlan(
                course=course, year=2026, wave=1, venue_type="village_hall",
                venue_name="Balai", start_date=start, end_date=start + timedelta(days=29),
                quota=16, funding="apbd", village=db.session.get(Region, ids["village"]),
                unit=db.session.get(Unit, ids["unit"]),
                trainers=[db.session.get(Trainer, trainer_id)])
            staff = db.session.get(User, ids["staff"])
            barrier.wait()
            try:
                services.plan_batch(plan, staff)
                db.session.commit()
                outcomes.append("booked")
            except RuleError:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=book, args=(ids["trainers"][0], date(2026, 5, 1))),
               threading.Thread(target=book, args=(ids["trainers"][1], date(2026, 5, 10)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    db.session.expire_all()
    assert db.session.query(Batch).count() == 1


def test_a_batch_cannot_serve_a_proposal_for_another_course(district, db):
    other = ProposalFactory(village=district.village, status="verified")
    problems = services.conflicts(district.plan(proposals=[other]), district.staff)
    assert any("meminta kejuruan" in p for p in problems)
    free_text = ProposalFactory(village=district.village, status="verified", course=None,
                                vocation_text="Jahit bordir")
    assert services.conflicts(district.plan(proposals=[free_text]), district.staff) == []


def test_a_batch_cannot_be_marked_finished_before_its_last_day(district, db):
    from mtu.clock import local_today
    today = local_today()
    batch = services.plan_batch(district.plan(start=today - timedelta(days=10)), district.staff)
    for status in (BatchStatus.REGISTRATION, BatchStatus.RUNNING):
        services.change_batch_status(batch, status, district.staff)
    with pytest.raises(RuleError, match="mulai hari terakhirnya"):
        services.change_batch_status(batch, BatchStatus.DONE, district.staff)
    assert batch.status == BatchStatus.RUNNING
    batch.end_date = today  # on the last day it may
    services.change_batch_status(batch, BatchStatus.DONE, district.staff)
    assert batch.status == BatchStatus.DONE

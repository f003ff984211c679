"""The trainer's day rules, called directly."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mtu.attendance import services
from mtu.attendance.models import AttendanceMark, Mark, MarkCorrection
from mtu.auth.models import User
from mtu.authz import Role
from mtu.clock import local_today
from mtu.participants.models import Enrolment
from mtu.rules import RuleError
from tests.factories import (
    BatchFactory,
    CompetencyUnitFactory,
    EnrolmentFactory,
    TrainerFactory,
    UserFactory,
    user_with_role,
)


@pytest.fixture
def running(db):
    """A batch that started 5 days ago, taught by a trainer with an account."""
    today = local_today()
    batch = BatchFactory(start_date=today - timedelta(days=5), status="running")
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=batch.regency)
    batch.trainers.append(trainer)
    db.session.commit()
    return batch, teacher


def test_marks_are_one_per_person_per_day_and_changes_are_kept(running, db):
    batch, teacher = running
    enrolment = EnrolmentFactory(batch=batch)
    today = local_today()
    services.set_mark(enrolment, today, Mark.PRESENT, teacher)
    services.set_mark(enrolment, today, Mark.PRESENT, teacher)  # a retried request
    services.set_mark(enrolment, today, Mark.SICK, teacher)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AttendanceMark)) == 1
    [change] = db.session.scalars(select(MarkCorrection)).all()
    assert (change.before, change.after, change.changed_by_id) == ("present", "sick", teacher.id)


def test_trainers_may_correct_only_recent_days_staff_any(running, db, app):
    batch, teacher = running
    enrolment = EnrolmentFactory(batch=batch)
    old_day = local_today() - timedelta(days=app.config["ATTENDANCE_EDIT_DAYS"] + 1)
    with pytest.raises(RuleError, match="dikunci"):
        services.set_mark(enrolment, old_day, Mark.PRESENT, teacher)
    staff = UserFactory(staff=True, regency=batch.regency)
    services.set_mark(enrolment, old_day, Mark.PRESENT, staff)
    with pytest.raises(RuleError, match="belum tiba"):
        services.set_mark(enrolment, local_today() + timedelta(days=1), Mark.PRESENT, staff)
    with pytest.raises(RuleError, match="di luar masa"):
        services.set_mark(enrolment, batch.start_date - timedelta(days=1), Mark.PRESENT, staff)


def test_late_joiners_and_leavers_appear_only_while_they_belong(running, db):
    batch, teacher = running
    today = local_today()
    late = EnrolmentFactory(batch=batch, joined_on=today - timedelta(days=2))
    left = EnrolmentFactory(batch=batch, status="withdrawn", left_on=today - timedelta(days=1))
    always = EnrolmentFactory(batch=batch)
    EnrolmentFactory(batch=batch, status="waitlisted")
    three_days_ago = today - timedelta(days=3)
    assert set(services.day_list(batch, three_days_ago)) == {left, always}
    assert set(services.day_list(batch, today)) == {late, always}
    with pytest.raises(RuleError, match="tidak terdaftar"):
        services.set_mark(late, three_days_ago, Mark.PRESENT,
                          UserFactory(staff=True, regency=batch.regency))


def test_all_present_keeps_explicit_marks(running, db):
    batch, teacher = running
    sick = EnrolmentFactory(batch=batch)
    others = [EnrolmentFactory(batch=batch) for _ in range(3)]
    today = local_today()
    services.set_mark(sick, today, Mark.SICK, teacher)
    assert services.mark_all_present(batch, today, teacher) == 3
    assert services.mark_all_present(batch, today, teacher) == 0
    marks = services.marks_on(batch, today)
    assert marks[sick.id].status == "sick"
    assert all(marks[e.id].status == "present" for e in others)


def test_recap_rates_ignore_days_before_joining_and_after_leaving(running, db, app):
    batch, teacher = running
    staff = UserFactory(staff=True, regency=batch.regency)
    today = local_today()
    days = [batch.start_date + timedelta(days=n) for n in range(5)]
    always = EnrolmentFactory(batch=batch)
    late = EnrolmentFactory(batch=batch, joined_on=days[3])
    for day in days:
        services.mark_all_present(batch, day, staff)
    services.set_mark(always, days[0], Mark.ABSENT, staff)
    services.set_mark(always, days[1], Mark.ABSENT, staff)
    result = services.recap(batch)
    rows = {row.enrolment.id: row for row in result.rows}
    assert result.days == days
    assert (rows[always.id].present, rows[always.id].expected_days) == (3, 5)
    assert rows[always.id].rate == 60.0 and result.flagged(rows[always.id])
    assert (rows[late.id].present, rows[late.id].expected_days) == (2, 2)
    assert not result.flagged(rows[late.id])
    assert today not in result.days


def test_journal_needs_a_unit_of_the_course_or_a_topic(running, db):
    batch, teacher = running
    unit = CompetencyUnitFactory(course=batch.course)
    foreign = CompetencyUnitFactory()
    today = local_today()
    with pytest.raises(RuleError, match="Pilih unit kompetensi"):
        services.save_journal(batch, today, teacher, hours=8)
    with pytest.raises(RuleError, match="bukan milik kejuruan"):
        services.save_journal(batch, today, teacher, hours=8, competency_unit_id=foreign.id)
    journal = services.save_journal(batch, today, teacher, hours=6, competency_unit_id=unit.id)
    again = services.save_journal(batch, today, teacher, hours=7, topic="Kewirausahaan")
    assert journal.id == again.id and again.hours == 7 and again.subject == "Kewirausahaan"


def test_missing_days_name_forgotten_journals_and_marks(running, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_WEEKDAYS", set(range(7)))
    batch, teacher = running
    EnrolmentFactory(batch=batch)
    yesterday = local_today() - timedelta(days=1)
    for n in range(5):
        day = batch.start_date + timedelta(days=n)
        if day != yesterday:
            services.mark_all_present(batch, day, UserFactory(staff=True, regency=batch.regency))
    [(found, no_journal, no_marks)] = services.missing_days(user_with_role(Role.ADMIN))
    assert found == batch and len(no_journal) == 5 and no_marks == [yesterday]


def test_trainer_batches_put_today_first(running, db):
    batch, teacher = running
    trainer = batch.trainers[0]
    later = BatchFactory(start_date=local_today() + timedelta(days=40), regency=batch.regency)
    later.trainers.append(trainer)
    db.session.commit()
    assert services.trainer_batches(teacher) == [batch, later]


def test_two_taps_racing_for_the_same_cell_leave_one_mark(running, db, app):
    batch, teacher = running
    enrolment_id = EnrolmentFactory(batch=batch).id
    barrier = threading.Barrier(2)
    errors = []

    def tap(status):
        with app.app_context():
            enrolment = db.session.get(Enrolment, enrolment_id)
            user = db.session.get(User, teacher.id)
            barrier.wait()
            try:
                services.set_mark(enrolment, local_today(), status, user)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports any failure
                errors.append(error)

    threads = [threading.Thread(target=tap, args=(s,)) for s in (Mark.PRESENT, Mark.SICK)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(AttendanceMark)) == 1


def test_profile_rates_match_the_recap(running, db):
    batch, teacher = running
    staff = UserFactory(staff=True, regency=batch.regency)
    person = EnrolmentFactory(batch=batch)
    for n in range(4):
        services.mark_all_present(batch, batch.start_date + timedelta(days=n), staff)
    services.set_mark(person, batch.start_date, Mark.ABSENT, staff)
    [row] = services.recap(batch).rows
    assert services.rates_for([person]) == {person.id: row.rate} == {person.id: 75.0}


def test_days_without_sessions_are_not_reported_missing(db, app, monkeypatch):
    from datetime import date

    monkeypatch.setitem(app.config, "SESSION_WEEKDAYS", {0, 1, 2, 3, 4, 5})
    batch = BatchFactory(start_date=date(2026, 11, 2))  # a Monday
    days = services.session_days(batch, until=date(2026, 11, 15))
    assert date(2026, 11, 8) not in days and date(2026, 11, 15) not in days
    assert len(days) == 12

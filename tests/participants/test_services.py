"""Participant records and the enrolment rules, called directly."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.clock import local_today
from mtu.participants import scope, services
from mtu.participants.models import Enrolment, Participant
from mtu.participants.services import ParticipantData
from mtu.rules import RuleError
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
    valid_nik,
)

pytestmark = pytest.mark.usefixtures("nik_regions")

def _data(**overrides):
    values = dict(nik="3514045708950001", full_name="Siti Aminah", gender="F",
                  birth_date=date(1995, 8, 17), phone="081234567890")
    values.update(overrides)
    return ParticipantData(**values)


def test_a_new_person_is_recorded_under_the_staff_district(db):
    staff = user_with_role(Role.STAFF)
    person = services.create_participant(_data(full_name="Hj.  Siti Aminah"), staff)
    assert person.regency == staff.regency and person.name_key == "siti aminah"
    assert person.full_name == "Hj. Siti Aminah" and person.masked_nik == "3514********0001"


def test_one_person_one_record(db):
    staff = user_with_role(Role.STAFF)
    services.create_participant(_data(), staff)
    with pytest.raises(RuleError) as refused:
        services.create_participant(_data(full_name="Siti A."), staff)
    assert refused.value.errors == [("nik", "NIK ini sudah terdaftar atas nama Siti Aminah.")]


def test_typed_gender_and_birth_date_must_match_the_nik(db):
    with pytest.raises(RuleError) as refused:
        services.create_participant(_data(gender="M", birth_date=date(1996, 8, 17)),
                                    user_with_role(Role.STAFF))
    assert {field for field, _ in refused.value.errors} == {"gender", "birth_date"}


def test_likely_duplicates_under_another_nik(db):
    staff = user_with_role(Role.STAFF)
    first = services.create_participant(_data(), staff)
    second = services.create_participant(
        _data(nik=valid_nik(77, date(1995, 8, 17), female=True), full_name="SITI AMINAH, S.E."),
        staff)
    other = services.create_participant(
        _data(nik=valid_nik(78, date(1995, 8, 17), female=True), full_name="Siti Rahma"), staff)
    assert scope.similar_records(staff, first) == ([second], 0)
    assert scope.similar_records(staff, other) == ([], 0)


def test_likely_duplicates_of_other_districts_are_only_counted_by_office(db):
    staff = user_with_role(Role.STAFF)
    mine = services.create_participant(_data(), staff)
    same = dict(full_name="Siti Aminah", name_key="siti aminah", gender="F",
                birth_date=date(1995, 8, 17))
    ParticipantFactory(nik=valid_nik(80), regency=mine.regency, **same)
    for n in (81, 82):  # each in an office of its own
        ParticipantFactory(nik=valid_nik(n), **same)
    elsewhere = ParticipantFactory(nik=valid_nik(83), **same)
    ParticipantFactory(nik=valid_nik(84), regency=elsewhere.regency, **same)
    inside, offices = scope.similar_records(staff, mine)
    assert [p.nik for p in inside] == [valid_nik(80)]
    assert offices == 3  # 81's, 82's, and the one office holding 83 and 84


def test_consent_is_dated_and_can_be_withdrawn(db):
    person = services.create_participant(_data(consent=True), user_with_role(Role.STAFF))
    assert person.consent_at is not None
    services.update_participant(person, _data(consent=False))
    assert person.consent_at is None


def test_quota_then_waiting_list_in_order(db):
    batch = BatchFactory(quota=2, status="registration")
    staff = user_with_role(Role.ADMIN)
    people = [ParticipantFactory() for _ in range(4)]
    statuses = [services.enrol(person, batch, staff)[0].status for person in people]
    assert statuses == ["accepted", "accepted", "waitlisted", "waitlisted"]


def test_a_withdrawal_promotes_the_first_in_line(db):
    batch = BatchFactory(quota=1, status="registration")
    staff = user_with_role(Role.ADMIN)
    first, second, third = (services.enrol(ParticipantFactory(), batch, staff)[0]
                            for _ in range(3))
    promoted = services.withdraw(first, staff, "Pindah kerja")
    assert promoted == second and second.status == "accepted"
    assert third.status == "waitlisted" and first.status == "withdrawn"
    assert first.left_on == local_today() and "Pindah kerja" in first.note
    assert services.withdraw(third, staff) is None  # a waiting seat frees no place


def test_registered_candidates_are_accepted_later_within_the_quota(db):
    batch = BatchFactory(quota=1, status="registration")
    staff = user_with_role(Role.ADMIN)
    one = services.enrol(ParticipantFactory(), batch, staff, accept=False)[0]
    two = services.enrol(ParticipantFactory(), batch, staff, accept=False)[0]
    assert one.status == two.status == "registered"
    services.accept(one, staff)
    services.accept(two, staff)
    assert (one.status, two.status) == ("accepted", "waitlisted")
    with pytest.raises(RuleError):
        services.accept(one, staff)


def test_nobody_sits_in_two_overlapping_batches(db):
    staff = user_with_role(Role.ADMIN)
    person = ParticipantFactory()
    first = BatchFactory(start_date=date(2026, 3, 1))
    overlapping = BatchFactory(start_date=date(2026, 3, 20))
    later = BatchFactory(start_date=date(2026, 6, 1))
    services.enrol(person, first, staff)
    with pytest.raises(RuleError, match="paket lain pada tanggal yang sama"):
        services.enrol(person, overlapping, staff)
    _enrolment, warnings = services.enrol(person, later, staff)
    assert warnings and "sudah ikut pelatihan tahun ini" in warnings[0]
    with pytest.raises(RuleError, match="sudah terdaftar di paket ini"):
        services.enrol(person, later, staff)


def test_a_withdrawn_person_may_enrol_again(db):
    staff = user_with_role(Role.ADMIN)
    enrolment = services.enrol(ParticipantFactory(), BatchFactory(), staff)[0]
    services.withdraw(enrolment, staff)
    again, _ = services.enrol(enrolment.participant, enrolment.batch, staff)
    assert again.id == enrolment.id and again.status == "accepted" and again.left_on is None


def test_finished_or_cancelled_batches_take_nobody(db):
    for status in ("done", "cancelled"):
        with pytest.raises(RuleError, match="tidak menerima peserta"):
            services.enrol(ParticipantFactory(), BatchFactory(status=status),
                           user_with_role(Role.ADMIN))


def test_late_joiners_get_their_first_day(db):
    started = BatchFactory(start_date=local_today() - timedelta(days=5), status="running")
    enrolment = services.enrol(ParticipantFactory(), started, user_with_role(Role.ADMIN))[0]
    assert enrolment.joined_on == local_today()


def test_who_sees_which_participant(db):
    village = VillageFactory()
    regency = village.parent.parent
    staff = UserFactory(staff=True, regency=regency)
    mine = ParticipantFactory(regency=regency)
    batch = BatchFactory(regency=regency)
    visitor = EnrolmentFactory(batch=batch).participant  # recorded elsewhere, trains here
    stranger = ParticipantFactory()
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=regency)
    batch.trainers.append(trainer)
    db.session.commit()

    def sees(user):
        return set(db.session.scalars(services.visible_participants(user)))

    assert sees(staff) == {mine, visitor}
    assert sees(teacher) == {visitor}
    assert stranger in sees(user_with_role(Role.ADMIN))
    assert sees(user_with_role(Role.COMPANY)) == set()


def test_many_people_racing_for_the_last_seat_only_one_gets_it(db, app):
    """Real concurrent transactions: the batch row lock (PostgreSQL) or write lock (SQLite)."""
    batch = BatchFactory(quota=3, status="registration")
    admin = user_with_role(Role.ADMIN)
    for _ in range(2):
        EnrolmentFactory(batch=batch)
    racers = [ParticipantFactory().id for _ in range(6)]
    ids = {"batch": batch.id, "admin": admin.id}
    barrier = threading.Barrier(len(racers))
    results = []

    def race(participant_id):
        with app.app_context():
            person = db.session.get(Participant, participant_id)
            the_batch = db.session.get(Batch, ids["batch"])
            user = db.session.get(User, ids["admin"])
            barrier.wait()
            enrolment, _ = services.enrol(person, the_batch, user)
            db.session.commit()
            results.append(enrolment.status)

    threads = [threading.Thread(target=race, args=(pid,)) for pid in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["accepted"] + ["waitlisted"] * 5
    accepted = db.session.scalars(select(Enrolment).where(
        Enrolment.batch_id == batch.id, Enrolment.status == "accepted")).all()
    assert len(accepted) == 3


def test_a_record_another_office_made_meanwhile_keeps_its_consent_and_its_name(db, monkeypatch):
    """The NIK recorded by another request between the check and the INSERT (the check is
    made to miss it here): the same person (name and birth date agree) is the result, their
    consent as that office recorded it; another name is refused without naming the person."""
    holder = services.create_participant(_data(consent=True, contact_consent=True),
                                         user_with_role(Role.STAFF))
    given = (holder.consent_at, holder.contact_consent_at)
    staff = user_with_role(Role.STAFF)  # another district
    monkeypatch.setattr(services, "check_many", lambda items, user=None: [[] for _ in items])
    (same,) = services.create_participants([_data()], staff)  # the file says no consent
    assert same.id == holder.id and (same.consent_at, same.contact_consent_at) == given
    assert len(services.consent.history(same)) == 2
    with pytest.raises(RuleError) as refused:
        services.create_participants([_data(full_name="Orang Lain")], staff)
    assert refused.value.errors == [("nik", str(scope.OTHER_OFFICE))]

"""Follow-up rules: who may follow whom, what a follow-up needs, and when it is overdue."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mtu.aftercare import services
from mtu.aftercare.models import Aftercare
from mtu.aftercare.services import FollowUpData
from mtu.clock import local_today
from mtu.participants.models import Participant
from mtu.rules import RuleError
from tests.aftercare.conftest import make_inmate
from tests.factories import AgencyFactory, ParticipantFactory, UserFactory

DATES = ("held_on", "next_on", "released_on")


def days(n):
    return local_today() + timedelta(days=n)


def followed_ids(user):
    return set(services.db.session.scalars(services.followable(user).with_only_columns(
        Participant.id)))


def test_staff_follow_up_their_districts_inmates_only(staff, inmate):
    plain = ParticipantFactory(regency=staff.regency)
    elsewhere = make_inmate(UserFactory(staff=True).regency, name="Lain")
    assert followed_ids(staff) == {inmate.id}
    assert plain.id not in followed_ids(UserFactory()) and elsewhere.id in followed_ids(
        UserFactory())
    for user in (UserFactory(company_hr=True), UserFactory(village_operator=True),
                 UserFactory(trainer=True), UserFactory(agency_staff=True)):
        assert followed_ids(user) == set(), user.role


def test_after_training_follow_up_is_recorded(db, staff, inmate):
    agency = AgencyFactory(name="Disperindag")
    record = services.record(inmate, FollowUpData(kind="sales", held_on=days(-2),
                                                  agency_id=agency.id, note=" Pameran ",
                                                  contact="ignored"), staff)
    db.session.commit()
    assert (record.kind, record.agency, record.note, record.contact) == (
        "sales", agency, "Pameran", "")
    assert record.status is None and inmate.released_on is None


@pytest.mark.parametrize("values, field", [
    ({"kind": "sales", "held_on": 1}, "held_on"),
    ({"kind": "sales", "held_on": None}, "held_on"),
    ({"kind": "junk", "held_on": -1}, "kind"),
    ({"kind": "bpjs", "held_on": -1, "next_on": -1}, "next_on"),
    ({"kind": "capital", "held_on": -1, "agency_id": 999999}, "agency_id"),
    ({"kind": "release", "held_on": -1, "released_on": -3}, "status"),
    ({"kind": "release", "held_on": -1, "status": "employed"}, "released_on"),
    ({"kind": "release", "held_on": -1, "status": "employed", "released_on": 3},
     "released_on"),
    ({"kind": "release", "held_on": -5, "status": "employed", "released_on": -3}, "held_on"),
    ({"kind": "release", "held_on": -1, "status": "junk", "released_on": -3}, "status"),
], ids=["future", "no date", "kind", "next before", "agency", "no status", "no release day",
        "release in future", "before release", "bad status"])
def test_what_a_follow_up_needs(db, staff, inmate, values, field):
    values = {key: days(value) if key in DATES and value is not None else value
              for key, value in values.items()}
    with pytest.raises(RuleError) as error:
        services.record(inmate, FollowUpData(**values), staff)
    assert field in {name for name, _message in error.value.errors}


def test_after_release_records_the_release_day_status_and_contact(db, staff, inmate):
    services.record(inmate, FollowUpData(kind="release", held_on=days(-1), status="business",
                                         released_on=days(-20), contact="0812 3456  7890"),
                    staff)
    db.session.commit()
    record = db.session.scalar(select(Aftercare))
    assert inmate.released_on == days(-20)
    assert (record.status_label, record.contact) == ("Usaha berjalan", "0812 3456 7890")


def test_an_agency_user_records_only_for_its_own_agency(db, inmate):
    agency_user = UserFactory(agency_staff=True)
    other = AgencyFactory()
    with pytest.raises(RuleError):
        services.record(inmate, FollowUpData(kind="bpjs", held_on=days(-1),
                                             agency_id=other.id), agency_user)
    record = services.record(inmate, FollowUpData(kind="bpjs", held_on=days(-1)), agency_user)
    assert record.agency_id == agency_user.agency_id


def overdue_ids(people):
    ids = select(Participant.id).where(Participant.id.in_([p.id for p in people]))
    return {p.id for p in services.db.session.scalars(services.overdue_people(UserFactory()))
            if p.id in {q.id for q in people}}, services.overdue_count(ids.scalar_subquery())


def test_released_more_than_three_months_ago_without_a_follow_up_is_overdue(db, staff):
    late = make_inmate(staff.regency, name="Lewat", expected_release_on=days(-100))
    recent = make_inmate(staff.regency, name="Baru", expected_release_on=days(-60))
    early = make_inmate(staff.regency, name="Remisi", expected_release_on=days(200),
                        released_on=days(-120))
    followed = make_inmate(staff.regency, name="Diikuti", expected_release_on=days(-100))
    services.record(followed, FollowUpData(kind="release", held_on=days(-10),
                                           status="not_yet", released_on=days(-100)), staff)
    db.session.commit()
    assert overdue_ids([late, recent, early, followed]) == ({late.id, early.id}, 2)
    reasons = services.overdue_reasons([late])
    assert "belum ada tindak lanjut setelah bebas" in reasons[late.id]


def test_a_planned_follow_up_that_passed_is_overdue_until_a_newer_one(db, staff, inmate):
    services.record(inmate, FollowUpData(kind="business", held_on=days(-40),
                                         next_on=days(-10)), staff)
    db.session.commit()
    assert overdue_ids([inmate]) == ({inmate.id}, 1)
    assert "terlewat" in services.overdue_reasons([inmate])[inmate.id]
    services.record(inmate, FollowUpData(kind="capital", held_on=days(-2),
                                         next_on=days(30)), staff)
    db.session.commit()
    assert overdue_ids([inmate]) == (set(), 0)


def test_an_anonymised_person_is_never_overdue(db, staff):
    """Nobody can follow up a person whose name and contact are gone: the overdue list
    would ask for them forever."""
    from mtu.participants import subject

    late = make_inmate(staff.regency, name="Lewat", expected_release_on=days(-100))
    planned = make_inmate(staff.regency, name="Rencana", expected_release_on=days(-10))
    services.record(planned, FollowUpData(kind="business", held_on=days(-40),
                                          next_on=days(-10)), staff)
    db.session.commit()
    assert overdue_ids([late, planned]) == ({late.id, planned.id}, 2)
    for person in (late, planned):
        subject.anonymise(person, staff, "Surat permohonan")
    db.session.commit()
    assert overdue_ids([late, planned]) == (set(), 0)


def test_figures_for_a_programme(db, staff, inmate):
    late = make_inmate(staff.regency, name="Lewat", expected_release_on=days(-100))
    plain = ParticipantFactory(regency=staff.regency)
    services.record(inmate, FollowUpData(kind="business", held_on=days(-3)), staff)
    services.record(inmate, FollowUpData(kind="bpjs", held_on=days(-2)), staff)
    db.session.commit()
    ids = select(Participant.id).where(Participant.id.in_([inmate.id, late.id, plain.id]))
    figures = services.figures(ids)
    assert (figures.people, figures.followed, figures.follow_ups, figures.after_release,
            figures.overdue) == (2, 1, 2, 0, 1)


def test_staff_edit_any_follow_up_agency_users_only_their_own(db, staff, inmate):
    record = services.record(inmate, FollowUpData(kind="sales", held_on=days(-3)), staff)
    db.session.commit()
    assert services.editable_follow_up(staff, record.id) == record
    assert services.editable_follow_up(UserFactory(staff=True), record.id) is None
    assert services.editable_follow_up(UserFactory(agency_staff=True), record.id) is None
    services.update(record, FollowUpData(kind="capital", held_on=days(-1), note="KUR"), staff)
    db.session.commit()
    assert (record.kind, record.note, record.updated_at is not None) == ("capital", "KUR", True)


def test_the_release_day_is_a_change_in_the_audit_trail(db, staff, inmate):
    import json

    from mtu.audit.models import AuditEvent

    services.record(inmate, FollowUpData(kind="release", held_on=days(-1), status="business",
                                         released_on=days(-20)), staff)
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.what == "release"))
    assert event.participant_id == inmate.id and event.user_id == staff.id
    assert json.loads(event.changes) == {"released_on": [None, days(-20).isoformat()]}

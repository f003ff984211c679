"""A programme's agencies see and follow up the inmates of its batches, and no one else's; the
batch belongs to the programme only when it is held in a prison of the same district."""

import pytest
from sqlalchemy import select

from mtu.aftercare import services
from mtu.aftercare.models import Aftercare
from mtu.aftercare.services import FollowUpData
from mtu.batches import services as batch_services
from mtu.clock import local_today
from mtu.participants.models import Participant, ParticipantView
from mtu.participants.services import visible_participants
from tests.aftercare.conftest import make_inmate
from tests.factories import PartnerFactory, ProgrammeFactory, UserFactory


@pytest.fixture
def programme(staff, inmate, db):
    programme = ProgrammeFactory(regency=staff.regency)
    batch = inmate.enrolments[0].batch
    batch.programme = programme
    db.session.commit()
    return programme


def agency_user_of(programme):
    return UserFactory(role="agency", agency=PartnerFactory(programme=programme).agency)


def seen_ids(user):
    return set(services.db.session.scalars(
        visible_participants(user).with_only_columns(Participant.id)))


def test_the_programmes_agencies_and_its_prison_see_its_inmates_only(db, staff, inmate,
                                                                      programme):
    partner = agency_user_of(programme)
    prison = UserFactory(role="agency", agency=programme.prison)
    other = make_inmate(staff.regency, name="Di Luar Program")
    stranger = agency_user_of(ProgrammeFactory(regency=staff.regency))
    assert seen_ids(partner) == seen_ids(prison) == {inmate.id}
    assert other.id not in seen_ids(partner) and seen_ids(stranger) == set()
    assert {p.id for p in db.session.scalars(services.followable(partner))} == {inmate.id}


def test_an_agency_user_records_and_edits_its_own_follow_ups(client, db, staff, inmate,
                                                             programme):
    partner = agency_user_of(programme)
    theirs = services.record(inmate, FollowUpData(kind="sales", held_on=local_today()),
                             staff)
    db.session.commit()
    client.login(partner)
    page = client.get(f"/aftercare/participants/{inmate.id}").get_data(as_text=True)
    assert "Sri Wahyuni" in page and partner.agency.name in page
    assert inmate.enrolments[0].batch.course.name in page
    response = client.post_form(f"/aftercare/participants/{inmate.id}", {
        "kind": "bpjs", "held_on": local_today().isoformat(), "note": "Terdaftar BPJS"})
    assert response.status_code == 302
    mine = db.session.scalar(select(Aftercare).where(Aftercare.kind == "bpjs"))
    assert mine.agency_id == partner.agency_id
    assert client.get(f"/aftercare/{mine.id}/edit").status_code == 200
    assert client.get(f"/aftercare/{theirs.id}/edit").status_code == 404
    assert db.session.scalars(select(ParticipantView.user_id)).all() == [partner.id]


def test_an_agency_outside_the_programme_gets_404(client, db, staff, inmate, programme):
    client.login(agency_user_of(ProgrammeFactory(regency=staff.regency)))
    assert client.get(f"/aftercare/participants/{inmate.id}").status_code == 404
    assert "Sri Wahyuni" not in client.get("/aftercare/").get_data(as_text=True)


def test_a_batch_joins_a_programme_only_in_a_prison_of_its_district(db, staff, inmate,
                                                                    programme):
    batch = inmate.enrolments[0].batch
    plan = batch_services.BatchPlan.of(batch)
    plan.venue_type = "village_hall"
    assert "Program kemitraan lapas hanya untuk paket di lapas." in batch_services.conflicts(
        plan, staff, exclude_id=batch.id)
    plan = batch_services.BatchPlan.of(batch)
    plan.programme = ProgrammeFactory()
    assert any("milik kabupaten lain" in problem for problem in batch_services.conflicts(
        plan, staff, exclude_id=batch.id))


def test_the_batch_form_offers_the_districts_programmes(client, db, staff, programme):
    ProgrammeFactory(name="Program Kabupaten Lain")
    client.login(staff)
    page = client.get("/batches/new").get_data(as_text=True)
    assert programme.name in page and "Program Kabupaten Lain" not in page


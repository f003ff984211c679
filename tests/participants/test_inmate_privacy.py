"""Inmates (warga binaan) are seen only by admins, staff of the district, the trainers of their
batch and their programme's agencies: each rule by list, search, count, export and guessed id."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mtu.clock import local_today, utc_now
from mtu.extensions import db as _db
from mtu.job_fairs.models import JobFair, Registration
from mtu.job_fairs.services import eligible_graduates, visible_registrations
from mtu.participants import scope
from mtu.participants.models import Participant
from mtu.participants.services import visible_participants
from mtu.placements.models import Placement, Vacancy
from mtu.portal.models import Interest
from tests.factories import (
    BatchFactory,
    CertificateFactory,
    EnrolmentFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
    VillageFactory,
    nik_regions,
)

NAME = "Yuliana Sekar Arum"


def inmate_graduate(*, by_employment=True, regency=None, village=None, **person):
    """An inmate with every reason to be shown: consent to be shown and contacted, a valid
    certificate of a finished batch outside the prison, and a batch inside it."""
    regency = regency or nik_regions()
    done = local_today() - timedelta(days=90)
    outside = BatchFactory(regency=regency, status="done", start_date=done)
    prison = BatchFactory(regency=regency, status="done", start_date=done - timedelta(days=60),
                          venue_type="prison", venue_name="Lapas Perempuan Kelas IIA")
    participant = ParticipantFactory(
        full_name=NAME, regency=regency, village=village, phone="081234500099",
        employment="inmate" if by_employment else "job_seeker",
        consent_at=utc_now(), contact_consent_at=utc_now(), **person)
    certificate = CertificateFactory(enrolment=EnrolmentFactory(
        participant=participant, batch=outside, status="passed"))
    EnrolmentFactory(participant=participant, batch=prison, status="passed")
    return participant, certificate, prison


def shown(user, participant) -> bool:
    return _db.session.scalar(select(Participant.id).where(
        Participant.id == participant.id, scope.shown_to(user))) is not None


@pytest.mark.parametrize("by_employment", [True, False], ids=["employment", "prison batch"])
def test_who_counts_as_an_inmate(db, by_employment):
    person = inmate_graduate(by_employment=by_employment)[0]
    other = ParticipantFactory(full_name="Bukan Binaan")
    inmates = set(db.session.scalars(select(Participant.id).where(scope.inmate())))
    assert inmates == {person.id} and other.id not in inmates


def test_shown_to_each_role(db):
    person, _certificate, prison = inmate_graduate()
    regency = person.regency
    teacher = TrainerFactory(user=UserFactory(trainer=True))
    prison.trainers.append(teacher)
    db.session.commit()
    outsider = TrainerFactory(user=UserFactory(trainer=True))
    assert shown(UserFactory(), person)  # admin
    assert shown(UserFactory(role="staff", regency=regency), person)
    assert not shown(UserFactory(staff=True), person)  # another district
    assert shown(teacher.user, person)
    assert not shown(outsider.user, person)
    assert not shown(UserFactory(village_operator=True, village=person.village), person)
    assert not shown(UserFactory(company_hr=True), person)
    assert not shown(UserFactory(agency_staff=True), person)  # not of a programme
    assert not shown(None, person)
    plain = ParticipantFactory(full_name="Warga Biasa")
    assert all(shown(user, plain) for user in (None, UserFactory(company_hr=True)))


def test_staff_of_another_district_find_no_inmate_by_list_search_or_id(client, db):
    person = inmate_graduate()[0]
    client.login(UserFactory(staff=True))
    assert NAME not in client.get("/participants/").get_data(as_text=True)
    assert NAME not in client.get("/participants/?q=yuliana").get_data(as_text=True)
    assert client.get(f"/participants/{person.id}").status_code == 404


def test_staff_of_the_district_see_the_inmate(client, db):
    person = inmate_graduate()[0]
    client.login(UserFactory(role="staff", regency=person.regency))
    assert NAME in client.get("/participants/?q=yuliana").get_data(as_text=True)
    assert NAME in client.get(f"/participants/{person.id}").get_data(as_text=True)


def test_a_trainer_sees_the_inmates_of_their_batch_only(client, db):
    person, _certificate, prison = inmate_graduate()
    teacher = TrainerFactory(user=UserFactory(trainer=True))
    prison.trainers.append(teacher)
    db.session.commit()
    outsider = TrainerFactory(user=UserFactory(trainer=True))
    other_batch = BatchFactory(status="running", trainers=[outsider])
    EnrolmentFactory(batch=other_batch, participant=ParticipantFactory(full_name="Warga Biasa"))
    client.login(teacher.user)
    assert NAME in client.get(f"/participants/batches/{prison.id}").get_data(as_text=True)
    client.post_form("/auth/logout")
    client.login(outsider.user)
    assert client.get(f"/participants/batches/{prison.id}").status_code == 404
    assert NAME not in client.get(f"/participants/batches/{other_batch.id}").get_data(
        as_text=True)
    assert _db.session.scalar(visible_participants(outsider.user).where(
        Participant.id == person.id)) is None


def test_a_village_operator_neither_lists_nor_counts_an_inmate_resident(client, db):
    village = VillageFactory()
    person = inmate_graduate(village=village)[0]
    operator = UserFactory(village_operator=True, village=village)
    assert _db.session.scalar(visible_participants(operator).where(
        Participant.id == person.id)) is None
    client.login(operator)
    page = client.get(f"/villages/{village.id}").get_data(as_text=True)
    assert NAME not in page
    from mtu.villages.services import training_results

    assert training_results(village, operator)["certified"] == 0
    staff = UserFactory(role="staff", regency=person.regency)
    assert training_results(village, staff)["certified"] == 1  # the district still counts


def _company_sees(client) -> str:
    return "".join(client.get(url).get_data(as_text=True) for url in (
        "/", "/portal/graduates", "/portal/graduates?q=yuliana", "/portal/graduates/export",
        "/portal/interests", "/placements/", "/job-fairs/"))


def test_a_company_never_sees_an_inmate_even_with_consent_interest_or_placement(client, db):
    person, certificate, _prison = inmate_graduate()
    company_user = UserFactory(company_hr=True)
    company = company_user.company
    # Rows that should never have come to exist for a company; the pages still hide them.
    db.session.add(Interest(company_id=company.id, participant_id=person.id,
                            certificate_id=certificate.id, note="x"))
    placement = Placement(enrolment_id=certificate.enrolment_id, company_id=company.id,
                          status="working", start_date=local_today())
    fair = JobFair(regency=person.regency, held_on=local_today(), place="Gedung",
                   visitors=1, companies=[company])
    db.session.add_all([placement, fair])
    db.session.flush()
    db.session.add(Registration(job_fair_id=fair.id, participant_id=person.id,
                                company_id=company.id, outcome="pending"))
    vacancy = Vacancy(company_id=company.id, position="Penjahit", openings=2,
                      course_id=certificate.enrolment.batch.course_id,
                      closing_date=local_today() + timedelta(days=30))
    db.session.add(vacancy)
    db.session.commit()
    client.login(company_user)
    assert NAME not in _company_sees(client)
    assert NAME not in client.get(f"/job-fairs/{fair.id}").get_data(as_text=True)
    assert NAME not in client.get(f"/placements/vacancies/{vacancy.id}").get_data(as_text=True)
    assert client.get(f"/placements/{placement.id}").status_code == 404
    assert client.post_form(f"/portal/graduates/{certificate.id}/interest",
                            {"note": "x"}).status_code == 404
    assert person.id not in {r.participant_id for r in db.session.scalars(
        visible_registrations(company_user, fair))}


def test_an_inmate_cannot_be_registered_for_a_job_fair(db):
    person = inmate_graduate()[0]
    fair = JobFair(regency=person.regency, held_on=local_today(), place="Gedung", visitors=1)
    db.session.add(fair)
    db.session.commit()
    assert person.id not in set(db.session.scalars(
        eligible_graduates(fair).with_only_columns(Participant.id)))


def test_certificate_verification_names_no_prison(client, db):
    regency = nik_regions()
    person = ParticipantFactory(full_name=NAME, employment="inmate", regency=regency,
                                birth_date=date(1990, 1, 2))
    prison = BatchFactory(regency=regency, status="done", venue_type="prison",
                          venue_name="Lapas Perempuan Kelas IIA",
                          start_date=local_today() - timedelta(days=90))
    certificate = CertificateFactory(enrolment=EnrolmentFactory(
        participant=person, batch=prison, status="passed"))
    for page in (client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True),
                 client.post("/verifikasi/", data={"nomor": certificate.number, "nama": NAME})
                 .get_data(as_text=True)):
        assert "Lapas" not in page and "binaan" not in page.lower()
        assert "Pemasyarakatan" not in page and person.nik not in page
    assert regency.name in client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)


def test_an_agency_outside_programmes_sees_no_inmate(client, db):
    person = inmate_graduate()[0]
    agency_user = UserFactory(agency_staff=True)
    assert _db.session.scalar(visible_participants(agency_user).where(
        Participant.id == person.id)) is None
    client.login(agency_user)
    assert NAME not in client.get("/").get_data(as_text=True)
    assert client.get(f"/participants/{person.id}").status_code == 403


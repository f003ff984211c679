"""Job fairs: scoping by district and company, graduates only (never an inmate), one record
per post, and no 500 on bad input."""

from datetime import date, datetime

from sqlalchemy import func, select

from mtu.authz import Role
from mtu.certificates.models import Certificate
from mtu.job_fairs.models import JobFair, Registration
from mtu.proposals.models import VenueType
from tests.factories import (
    BatchFactory,
    CompanyFactory,
    EnrolmentFactory,
    ParticipantFactory,
    RegencyFactory,
    UserFactory,
)


def graduate(db, regency, name="Lulusan Satu", revoked=None, venue=VenueType.VILLAGE_HALL,
             consent=True, employment="job_seeker"):
    batch = BatchFactory(regency=regency, status="done", venue_type=venue.value)
    person = ParticipantFactory(regency=regency, full_name=name, employment=employment,
                                consent_at=datetime(2026, 3, 1) if consent else None)
    enrolment = EnrolmentFactory(batch=batch, status="passed", participant=person)
    db.session.add(Certificate(
        enrolment_id=enrolment.id, number=f"{enrolment.id}/T/2026",
        code=f"kode-{enrolment.id}-abcdefghij", issuer_kind="office", issuer_name="Disnaker",
        signatory_name="Kepala", signatory_title="Kepala", issued_on=date(2026, 4, 1),
        revoked_at=revoked))
    db.session.commit()
    return enrolment.participant


def fair(db, regency, companies=(), place="Gedung Serbaguna", visitors=148):
    row = JobFair(regency=regency, held_on=date(2026, 11, 20), place=place, visitors=visitors,
                  companies=list(companies))
    db.session.add(row)
    db.session.commit()
    return row


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_staff_record_a_fair_once_even_when_the_post_is_repeated(client, login_as, db):
    staff = login_as(Role.STAFF)
    company = CompanyFactory(name="CV Bhara Utama")
    form = client.get("/job-fairs/new").get_data(as_text=True)
    token = form.split('name="submission_token" type="hidden" value="')[1].split('"')[0]
    data = {"held_on": "2026-11-20", "place": "Alun-alun Kraksaan", "visitors": "148",
            "company_ids": [str(company.id)], "submission_token": token}
    first = client.post_form("/job-fairs/new", data)
    second = client.post_form("/job-fairs/new", data)
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert count(db, JobFair) == 1
    row = db.session.scalar(select(JobFair))
    assert (row.regency_id, row.visitors, [c.name for c in row.companies]) == (
        staff.regency_id, 148, ["CV Bhara Utama"])
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Alun-alun Kraksaan" in page and "CV Bhara Utama" in page and "148" in page


def test_bad_input_is_answered_with_the_form_not_a_500(client, login_as, db):
    login_as(Role.STAFF)
    for data in ({"held_on": "kemarin", "place": "X", "visitors": "-3"},
                 {"held_on": "2026-11-20", "place": "X", "visitors": "1e99"},
                 {"held_on": "2026-11-20", "place": "X", "company_ids": ["999999", "abc"]},
                 {}):
        response = client.post_form("/job-fairs/new", data)
        assert response.status_code == 422, data
    assert count(db, JobFair) == 0
    assert client.get("/job-fairs/?page=abc&q=%25").status_code == 200
    assert client.get("/job-fairs/99999999999999999999").status_code == 404


def test_lists_and_pages_are_scoped_to_the_district(client, login_as, db):
    staff = login_as(Role.STAFF)
    own = fair(db, staff.regency, place="Gedung Sendiri")
    other = fair(db, RegencyFactory(), place="Gedung Lain")
    page = client.get("/job-fairs/").get_data(as_text=True)
    assert "Gedung Sendiri" in page and "Gedung Lain" not in page
    assert client.get(f"/job-fairs/{own.id}").status_code == 200
    for url in (f"/job-fairs/{other.id}", f"/job-fairs/{other.id}/edit",
                f"/job-fairs/{other.id}/registrations/new"):
        assert client.get(url).status_code == 404, url
    search = client.htmx_get("/job-fairs/?q=sendiri").get_data(as_text=True)
    assert "Gedung Sendiri" in search and "<html" not in search


def test_a_company_sees_its_fairs_and_its_own_registrations_only(client, db):
    regency = RegencyFactory()
    ours, theirs = CompanyFactory(), CompanyFactory()
    shared = fair(db, regency, [ours, theirs], place="Bursa Bersama")
    hidden = fair(db, regency, [theirs], place="Bursa Mereka")
    for company, name, consent in ((ours, "Ani Kami", True), (theirs, "Budi Mereka", True),
                                   (ours, "Hadi Tanpa Izin", False)):
        db.session.add(Registration(job_fair=shared, company=company,
                                    participant=graduate(db, regency, name, consent=consent)))
    db.session.commit()
    user = UserFactory(role=Role.COMPANY.value, company=ours)
    client.login(user)
    listing = client.get("/job-fairs/").get_data(as_text=True)
    assert "Bursa Bersama" in listing and "Bursa Mereka" not in listing
    page = client.get(f"/job-fairs/{shared.id}").get_data(as_text=True)
    assert "Ani Kami" in page and "Budi Mereka" not in page and "Hadi Tanpa Izin" not in page
    assert client.get(f"/job-fairs/{hidden.id}").status_code == 404
    assert client.get(f"/job-fairs/{shared.id}/edit").status_code == 403


def test_only_graduates_with_a_valid_certificate_and_no_inmate_can_register(client, login_as,
                                                                            db):
    staff = login_as(Role.STAFF)
    company = CompanyFactory()
    row = fair(db, staff.regency, [company])
    ok = graduate(db, staff.regency, "Citra Lulus")
    revoked = graduate(db, staff.regency, "Dedi Dicabut", revoked=datetime(2026, 5, 1))
    inmate = graduate(db, staff.regency, "Eko Warga Binaan", venue=VenueType.PRISON)
    graduate(db, staff.regency, "Iwan Binaan", employment="inmate")
    elsewhere = graduate(db, RegencyFactory(), "Fajar Lain")
    form = client.get(f"/job-fairs/{row.id}/registrations/new").get_data(as_text=True)
    assert "Citra Lulus" in form
    for name in ("Dedi Dicabut", "Eko Warga Binaan", "Iwan Binaan", "Fajar Lain"):
        assert name not in form
    for person in (revoked, inmate, elsewhere):
        response = client.post_form(f"/job-fairs/{row.id}/registrations/new",
                                    {"participant_id": person.id, "company_id": company.id})
        assert response.status_code == 422
    response = client.post_form(f"/job-fairs/{row.id}/registrations/new",
                                {"participant_id": ok.id, "company_id": company.id})
    assert response.status_code == 302
    again = client.post_form(f"/job-fairs/{row.id}/registrations/new",
                             {"participant_id": ok.id, "company_id": company.id})
    assert again.status_code == 422
    assert count(db, Registration) == 1
    for data in ({"participant_id": "x", "company_id": "y"},
                 {"participant_id": ok.id, "company_id": CompanyFactory().id}):
        assert client.post_form(f"/job-fairs/{row.id}/registrations/new",
                                data).status_code == 422


def test_a_repeated_registration_post_creates_one_and_the_outcome_is_recorded(client,
                                                                             login_as, db):
    staff = login_as(Role.STAFF)
    company = CompanyFactory()
    row = fair(db, staff.regency, [company])
    person = graduate(db, staff.regency, "Gita Lulus")
    url = f"/job-fairs/{row.id}/registrations/new"
    data = {"participant_id": person.id, "company_id": company.id, "submission_token": "t" * 32}
    assert client.post_form(url, data).status_code == 302
    assert client.post_form(url, data).status_code == 302
    assert count(db, Registration) == 1
    registration = db.session.scalar(select(Registration))
    outcome = f"/job-fairs/{row.id}/registrations/{registration.id}/outcome"
    assert client.post_form(outcome, {"outcome": "accepted"}).status_code == 302
    assert client.post_form(outcome, {"outcome": "nonsense"}).status_code == 302
    db.session.refresh(registration)
    assert registration.outcome == "accepted"
    page = client.get(f"/job-fairs/{row.id}").get_data(as_text=True)
    assert "<dt>Diterima</dt><dd>1</dd>" in page
    other = fair(db, RegencyFactory(), [company])
    assert client.post_form(f"/job-fairs/{other.id}/registrations/{registration.id}/outcome",
                            {"outcome": "rejected"}).status_code == 404

"""Job fairs lead to placements: a placement names the fair it came from, the fair page counts
and lists them, and an accepted registration offers to record the placement."""

from datetime import date

from sqlalchemy import select

from mtu.authz import Role
from mtu.job_fairs.models import JobFair, Registration
from mtu.participants.models import Enrolment
from mtu.placements import services as outcomes
from mtu.placements.models import Placement
from tests.factories import CompanyFactory, RegencyFactory, UserFactory
from tests.job_fairs.test_views import fair, graduate


def _accepted(db, regency, company, name="Ani Lulus"):
    row = fair(db, regency, [company], place="Alun-alun Kraksaan")
    person = graduate(db, regency, name)
    registration = Registration(job_fair=row, participant=person, company=company,
                                outcome="accepted")
    db.session.add(registration)
    db.session.commit()
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.participant_id == person.id))
    return row, person, enrolment


def _placement(**overrides):
    data = {"status": "working", "company_id": "0", "position": "Operator jahit",
            "start_date": "2026-12-01", "job_fair_id": "0"}
    data.update(overrides)
    return data


def test_an_accepted_registration_leads_to_the_placement_and_the_fair_counts_it(client, db):
    staff = UserFactory(staff=True)
    company = CompanyFactory(name="CV Bhara Utama")
    row, person, enrolment = _accepted(db, staff.regency, company)
    client.login(staff)
    page = client.get(f"/job-fairs/{row.id}").get_data(as_text=True)
    link = f"/placements/new?enrolment={enrolment.id}&amp;fair={row.id}&amp;company={company.id}"
    assert link in page and "Belum ada penempatan yang dicatat dari bursa ini." in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{row.id}">Alun-alun Kraksaan (20/11/2026)' in form
    assert f'<option selected value="{company.id}">CV Bhara Utama' in form
    response = client.post_form(f"/placements/new?enrolment={enrolment.id}", _placement(
        company_id=str(company.id), job_fair_id=str(row.id)))
    assert response.status_code == 302, response.get_data(as_text=True)
    placement = db.session.scalar(select(Placement))
    assert placement.job_fair_id == row.id
    detail = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Dari bursa kerja" in detail and "Alun-alun Kraksaan" in detail
    page = client.get(f"/job-fairs/{row.id}").get_data(as_text=True)
    assert "Penempatan dicatat" in page and f"/placements/{placement.id}" in page
    assert '<dd id="fair-placed">1</dd>' in page and "Penempatan dari bursa ini" in page
    assert "Catat penempatan" not in page


def test_the_fair_must_fit_the_placement(client, db):
    staff = UserFactory(staff=True)
    company, outsider = CompanyFactory(), CompanyFactory()
    row, _person, enrolment = _accepted(db, staff.regency, company)
    elsewhere = fair(db, RegencyFactory(), [company], place="Bursa Lain")
    client.login(staff)
    url = f"/placements/new?enrolment={enrolment.id}"
    form = client.get(url).get_data(as_text=True)
    assert "Alun-alun Kraksaan" in form and "Bursa Lain" not in form
    cases = [
        (_placement(company_id=str(company.id), job_fair_id=str(elsewhere.id)),
         "Pilihan tidak valid."),
        (_placement(company_id=str(company.id), job_fair_id=str(row.id),
                    start_date="2026-11-01"), "tidak dapat mulai sebelum tanggal bursa"),
        (_placement(company_id=str(outsider.id), job_fair_id=str(row.id)),
         "Perusahaan ini tidak ikut bursa kerja tersebut."),
        (_placement(status="self_employed", business_name="Jahit Ani",
                    business_field="Jahit", job_fair_id=str(row.id)),
         "hanya untuk penempatan bekerja atau magang"),
        (_placement(company_id=str(company.id), job_fair_id="abc"), "Pilihan tidak valid"),
        (_placement(company_id=str(company.id), job_fair_id="99999999999999999999"),
         "Pilihan tidak valid"),
        (_placement(company_id=str(company.id), job_fair_id="2147483647"),
         "Pilihan tidak valid."),
    ]
    for data, message in cases:
        response = client.post_form(url, data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(select(Placement.id)) is None


def test_a_company_sees_only_its_own_placements_from_a_fair(client, db):
    regency = RegencyFactory()
    staff = UserFactory(staff=True, regency=regency)
    ours, theirs = CompanyFactory(name="CV Kami"), CompanyFactory(name="PT Mereka")
    row = fair(db, regency, [ours, theirs], place="Bursa Bersama")
    placed = {}
    for company, name in ((ours, "Ani Kami"), (theirs, "Budi Mereka")):
        person = graduate(db, regency, name)
        db.session.add(Registration(job_fair=row, participant=person, company=company,
                                    outcome="accepted"))
        enrolment = db.session.scalar(select(Enrolment).where(
            Enrolment.participant_id == person.id))
        placed[name] = outcomes.record_placement(enrolment, outcomes.PlacementData(
            status="working", start_date=date(2026, 12, 1), company_id=company.id,
            position="Operator", job_fair_id=row.id), staff)
    db.session.commit()
    client.login(UserFactory(role=Role.COMPANY.value, company=ours))
    page = client.get(f"/job-fairs/{row.id}").get_data(as_text=True)
    assert "Ani Kami" in page and "Budi Mereka" not in page
    assert '<dd id="fair-placed">1</dd>' in page and "Catat penempatan" not in page
    listing = client.get("/placements/").get_data(as_text=True)
    assert "Ani Kami" in listing and "Budi Mereka" not in listing
    assert client.get(f"/placements/{placed['Budi Mereka'].id}").status_code == 404
    assert client.get(f"/placements/{placed['Ani Kami'].id}").status_code == 200
    staff_view = UserFactory(staff=True, regency=regency)
    client.post_form("/auth/logout")
    client.login(staff_view)
    page = client.get(f"/job-fairs/{row.id}").get_data(as_text=True)
    assert "Ani Kami" in page and "Budi Mereka" in page and '<dd id="fair-placed">2</dd>' in page


def test_the_fair_page_asks_two_queries_whatever_the_registrations(client, db,
                                                                   count_queries):
    staff = UserFactory(staff=True)
    company = CompanyFactory()
    row = fair(db, staff.regency, [company])
    client.login(staff)

    def add(names):
        for name in names:
            db.session.add(Registration(job_fair=row, company=company, outcome="accepted",
                                        participant=graduate(db, staff.regency, name)))
        db.session.commit()

    add(["A1", "A2"])
    few = count_queries(lambda: client.get(f"/job-fairs/{row.id}"))
    add(["B1", "B2", "B3", "B4"])
    assert count_queries(lambda: client.get(f"/job-fairs/{row.id}")) == few
    assert db.session.scalar(select(JobFair.id)) == row.id

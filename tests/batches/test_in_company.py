"""In-company training: a batch at a company's premises for its own workers."""

from datetime import date

from sqlalchemy import select

from mtu.batches import services
from mtu.batches.models import Batch
from mtu.participants import services as participant_services
from mtu.participants.models import Enrolment
from mtu.rules import RuleError
from tests.batches.test_views import _form
from tests.factories import CompanyFactory, EnrolmentFactory, ParticipantFactory


def test_a_batch_at_a_company_needs_its_host(district, db):
    plan = district.plan(venue_type="company", venue_name="Pabrik CV Bhara Utama")
    try:
        services.plan_batch(plan, district.staff)
    except RuleError as error:
        assert "memerlukan perusahaan tuan rumah" in str(error)
    else:
        raise AssertionError("planned without a host")
    company = CompanyFactory(name="CV Bhara Utama")
    plan.host_company = company
    batch = services.plan_batch(plan, district.staff)
    assert batch.host_company == company and batch.in_company


def test_the_host_is_dropped_when_the_venue_is_not_a_company(district, db):
    company = CompanyFactory()
    batch = services.plan_batch(district.plan(host_company=company), district.staff)
    assert batch.host_company is None


def test_enrolling_in_company_training_makes_the_host_the_employer(district, db):
    host = CompanyFactory(name="CV Bhara Utama")
    batch = services.plan_batch(district.plan(venue_type="company", venue_name="Pabrik",
                                              host_company=host), district.staff)
    db.session.commit()
    person = ParticipantFactory(regency=district.regency, employment="worker")
    enrolment, _warnings = participant_services.enrol(person, batch, district.staff)
    assert enrolment.employer == host
    other = services.plan_batch(district.plan(start=date(2026, 6, 1)), district.staff)
    assert participant_services.enrol(person, other, district.staff)[0].employer is None


def test_a_new_host_becomes_the_employer_and_no_host_clears_it(district, db):
    first, second = CompanyFactory(), CompanyFactory()
    batch = services.plan_batch(district.plan(venue_type="company", venue_name="Pabrik",
                                              host_company=first), district.staff)
    db.session.commit()
    enrolment = EnrolmentFactory(batch=batch, employer=first)
    plan = services.BatchPlan.of(batch)
    plan.host_company = second
    services.update_batch(batch, plan, district.staff)
    db.session.commit()
    db.session.refresh(enrolment)
    assert enrolment.employer_id == second.id
    plan = services.BatchPlan.of(batch)
    plan.venue_type, plan.venue_name = "village_hall", "Balai Desa"
    services.update_batch(batch, plan, district.staff)
    db.session.commit()
    db.session.refresh(enrolment)
    assert batch.host_company_id is None and enrolment.employer_id is None


def test_staff_plan_in_company_training_through_the_form(client, district, db):
    client.login(district.staff)
    host = CompanyFactory(name="CV Bhara Utama")
    page = client.get("/batches/new").get_data(as_text=True)
    assert "Perusahaan tuan rumah" in page and "CV Bhara Utama" in page
    response = client.post_form("/batches/new", _form(district, venue_type="company",
                                                      venue_name="Pabrik Bhara",
                                                      host_company_id="0"))
    assert response.status_code == 422
    assert "memerlukan perusahaan tuan rumah" in response.get_data(as_text=True)
    response = client.post_form("/batches/new", _form(district, venue_type="company",
                                                      venue_name="Pabrik Bhara",
                                                      host_company_id=str(host.id)))
    assert response.status_code == 302
    batch = db.session.scalar(select(Batch))
    assert batch.host_company_id == host.id
    page = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert "Peserta adalah pekerja perusahaan ini." in page and "CV Bhara Utama" in page
    company_page = client.get(f"/companies/{host.id}").get_data(as_text=True)
    assert f"/batches/{batch.id}" in company_page
    edit = client.get(f"/batches/{batch.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{host.id}">CV Bhara Utama' in edit


def test_junk_host_ids_are_422_not_500(client, district, db):
    client.login(district.staff)
    for junk in ("abc", "99999999999999999999", "-1", "2147483647"):
        response = client.post_form("/batches/new", _form(district, venue_type="company",
                                                          venue_name="Pabrik",
                                                          host_company_id=junk))
        assert response.status_code == 422, junk
    assert db.session.scalar(select(Enrolment.id)) is None


def test_the_company_page_starts_a_batch_at_its_premises(client, district, db):
    client.login(district.staff)
    host = CompanyFactory(name="CV Bhara Utama")
    page = client.get(f"/companies/{host.id}").get_data(as_text=True)
    assert f"/batches/new?host={host.id}" in page
    form = client.get(f"/batches/new?host={host.id}").get_data(as_text=True)
    assert '<option selected value="company">' in form
    assert f'<option selected value="{host.id}">CV Bhara Utama' in form
    assert 'value="CV Bhara Utama"' in form
    assert client.get("/batches/new?host=99999999999999999999").status_code == 200

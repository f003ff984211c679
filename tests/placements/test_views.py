"""Placements, follow-ups, vacancies and absorption through HTTP."""

from datetime import date, timedelta

from sqlalchemy import func, select

from mtu.clock import local_today, utc_now
from mtu.placements.models import FollowUp, Placement, Vacancy
from mtu.placements.services import add_months
from tests.factories import (
    BatchFactory,
    CertificateFactory,
    CompanyFactory,
    EnrolmentFactory,
    ParticipantFactory,
    UserFactory,
    VillageFactory,
)


def _batch_with_graduates(regency=None, graduates=3, village=None):
    batch = BatchFactory(status="done", start_date=local_today() - timedelta(days=60),
                         **({"regency": regency} if regency else {}))
    people = [EnrolmentFactory(batch=batch, status="passed",
                               participant=ParticipantFactory(village=village,
                                                              consent_at=utc_now()))
              for _ in range(graduates)]
    EnrolmentFactory(batch=batch, status="failed")
    return batch, people


def _staff(client, batch):
    staff = UserFactory(staff=True, regency=batch.regency)
    client.login(staff)
    return staff


def test_staff_record_a_placement_and_absorption_follows(client, db):
    village = VillageFactory()
    batch, people = _batch_with_graduates(village=village, regency=village.parent.parent)
    _staff(client, batch)
    company = CompanyFactory(name="CV Bhara Utama")
    page = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert "0 dari 3 ditempatkan" in page
    response = client.post_form(f"/placements/new?enrolment={people[0].id}", {
        "status": "working", "company_id": str(company.id), "position": "Operator jahit",
        "start_date": "2026-11-02"})
    assert response.status_code == 302
    placement = db.session.scalar(select(Placement))
    assert placement.company_id == company.id and placement.confirmed_by_id is not None
    assert [(f.months, f.due_on) for f in placement.follow_ups] == [
        (3, date(2027, 2, 2)), (6, date(2027, 5, 2))]
    assert "1 dari 3 ditempatkan" in client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert "1 dari 3 ditempatkan" in client.get(
        f"/placements/batches/{batch.id}").get_data(as_text=True)
    company_page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "1 lulusan ditempatkan" in company_page and people[0].participant.full_name \
        in company_page
    village_page = client.get(f"/villages/{village.id}").get_data(as_text=True)
    assert "1 dari 3" in village_page
    # Not working does not count; self-employment does, with its business.
    client.post_form(f"/placements/new?enrolment={people[1].id}", {
        "status": "not_working", "start_date": "2026-11-02"})
    assert "1 dari 3 ditempatkan" in client.get(f"/batches/{batch.id}").get_data(as_text=True)
    response = client.post_form(f"/placements/new?enrolment={people[2].id}", {
        "status": "self_employed", "start_date": "2026-11-02"})
    assert response.status_code == 422 and "Isi nama usaha." in response.get_data(as_text=True)
    client.post_form(f"/placements/new?enrolment={people[2].id}", {
        "status": "self_employed", "start_date": "2026-11-02", "business_name": "Jahit Ayu",
        "business_field": "Konveksi", "business_place": "Lumbang"})
    assert "2 dari 3 ditempatkan" in client.get(f"/batches/{batch.id}").get_data(as_text=True)


def test_a_repeated_placement_post_creates_one(client, db):
    batch, people = _batch_with_graduates()
    _staff(client, batch)
    company = CompanyFactory()
    url = f"/placements/new?enrolment={people[0].id}"
    token = client.get(url).get_data(as_text=True).split(
        'name="submission_token" type="hidden" value="')[1].split('"')[0]
    for _ in range(2):
        client.post_form(url, {"status": "apprentice", "company_id": str(company.id),
                               "position": "Magang", "start_date": "2026-11-02",
                               "submission_token": token})
    assert db.session.scalar(select(func.count(Placement.id))) == 1


def test_follow_ups_fall_due_on_the_staff_home_and_are_recorded(client, db):
    batch, people = _batch_with_graduates()
    staff = _staff(client, batch)
    company = CompanyFactory()
    start = add_months(local_today(), -4)
    client.post_form(f"/placements/new?enrolment={people[0].id}", {
        "status": "working", "company_id": str(company.id), "position": "Juru masak",
        "start_date": start.isoformat()})
    home = client.get("/").get_data(as_text=True)
    assert people[0].participant.full_name in home and "3 bulan" in home
    assert "6 bulan" not in home.split('id="follow-ups"')[1].split("</section>")[0]
    due = db.session.scalar(select(FollowUp).where(FollowUp.months == 3))
    response = client.post_form(f"/placements/follow-ups/{due.id}",
                                {"still_placed": "1", "note": "Masih bekerja"})
    assert response.status_code == 302
    db.session.refresh(due)
    assert due.done_by_id == staff.id and due.still_placed
    assert "Tidak ada yang jatuh tempo." in client.get("/").get_data(as_text=True)


def test_other_districts_and_companies_get_404(client, db):
    batch, people = _batch_with_graduates()
    _staff(client, batch)
    company = CompanyFactory()
    client.post_form(f"/placements/new?enrolment={people[0].id}", {
        "status": "working", "company_id": str(company.id), "position": "X",
        "start_date": "2026-11-02"})
    placement = db.session.scalar(select(Placement))
    client.post_form("/auth/logout")
    client.login(UserFactory(staff=True))
    assert client.get(f"/placements/{placement.id}").status_code == 404
    assert client.get(f"/placements/batches/{batch.id}").status_code == 404
    assert client.get(f"/placements/new?enrolment={people[1].id}").status_code == 404
    assert client.get("/placements/new?enrolment=99999999999999999999").status_code == 404
    assert client.get("/placements/99999999999999999999").status_code == 404
    client.post_form("/auth/logout")
    client.login(UserFactory(company_hr=True))
    assert client.get(f"/placements/{placement.id}").status_code == 404
    assert placement.enrolment.participant.full_name not in client.get(
        "/placements/").get_data(as_text=True)
    client.post_form("/auth/logout")
    client.login(UserFactory(company_hr=True, company=company))
    assert client.get(f"/placements/{placement.id}").status_code == 200


def test_a_company_records_a_placement_only_of_a_graduate_shown_to_it(client, db):
    shown = CertificateFactory(enrolment=EnrolmentFactory(
        status="passed", participant=ParticipantFactory(consent_at=utc_now()),
        batch=BatchFactory(status="done", start_date=local_today() - timedelta(days=60))))
    hidden = CertificateFactory(enrolment=EnrolmentFactory(
        status="passed", batch=shown.enrolment.batch))
    user = UserFactory(company_hr=True)
    client.login(user)
    other = CompanyFactory()
    assert client.get(f"/placements/new?enrolment={hidden.enrolment_id}").status_code == 404
    response = client.post_form(f"/placements/new?enrolment={shown.enrolment_id}", {
        "status": "working", "company_id": str(other.id), "position": "Operator",
        "start_date": "2026-11-02"})
    assert response.status_code == 302
    assert db.session.scalar(select(Placement)).company_id == user.company_id


def test_vacancies_by_staff_and_by_the_company_list_matching_graduates(client, db):
    batch, people = _batch_with_graduates(graduates=1)
    for enrolment in people:
        CertificateFactory(enrolment=enrolment)
    user = UserFactory(company_hr=True)
    client.login(user)
    closing = (local_today() + timedelta(days=30)).isoformat()
    response = client.post_form("/placements/vacancies/new", {
        "position": "Penjahit", "course_id": str(batch.course_id), "openings": "3",
        "closing_date": closing})
    assert response.status_code == 302
    vacancy = db.session.scalar(select(Vacancy))
    assert vacancy.company_id == user.company_id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert people[0].participant.full_name in page and people[0].participant.nik not in page
    response = client.post_form("/placements/vacancies/new", {
        "position": "", "openings": "0", "closing_date": "2020-01-01"})
    assert response.status_code == 422
    other = CompanyFactory()
    client.post_form("/auth/logout")
    client.login(UserFactory(company_hr=True, company=other))
    assert client.get(f"/placements/vacancies/{vacancy.id}").status_code == 404
    assert "Penjahit" not in client.get("/placements/vacancies").get_data(as_text=True)
    client.post_form("/auth/logout")
    client.login(UserFactory(staff=True))
    response = client.post_form("/placements/vacancies/new", {
        "company_id": str(other.id), "position": "Koki", "openings": "2",
        "closing_date": closing})
    assert response.status_code == 302
    page = client.get("/placements/vacancies").get_data(as_text=True)
    assert "Penjahit" in page and "Koki" in page


def test_add_months_keeps_the_day_or_takes_the_last():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2026, 12, 5), -4) == date(2026, 8, 5)

"""Company pages through HTTP: list with filters, create and edit, agreements, accounts."""

from datetime import date

from sqlalchemy import func, select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.companies.models import Agreement, Company
from tests.factories import CompanyFactory, SubdistrictFactory, VillageFactory


def _form(**overrides):
    data = {"name": "CV Bhara Utama", "sector": "manufacturing", "address": "Jl. Raya Maron 5",
            "village": "", "phone": "0335-123456", "email": "hrd@bhara.example",
            "contact_name": "Ibu Rina", "contact_phone": "+62 812 3456 7890"}
    data.update(overrides)
    return data


def test_staff_register_and_edit_a_company(client, login_as, db):
    staff = login_as(Role.STAFF)
    village = VillageFactory(name="Maron Kulon",
                             parent=SubdistrictFactory(name="Maron", parent=staff.regency))
    response = client.post_form("/companies/new", _form(village=village.code))
    assert response.status_code == 302
    company = db.session.scalar(select(Company))
    assert response.headers["Location"] == f"/companies/{company.id}"
    assert company.village == village and company.regency == staff.regency
    assert company.contact_phone == "081234567890" and company.sector == "manufacturing"
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "CV Bhara Utama" in page and "Ibu Rina" in page and "Maron Kulon" in page
    response = client.post_form(f"/companies/{company.id}/edit",
                                _form(name="CV Bhara Utama Jaya", sector="trade"))
    assert response.status_code == 302
    db.session.refresh(company)
    assert company.name == "CV Bhara Utama Jaya" and company.sector == "trade"


def test_a_repeated_post_creates_one_company(client, login_as, db):
    login_as(Role.STAFF)
    page = client.get("/companies/new").get_data(as_text=True)
    token = page.split('name="submission_token" type="hidden" value="')[1].split('"')[0]
    for _ in range(2):
        response = client.post_form("/companies/new", _form(submission_token=token))
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(Company.id))) == 1


def test_invalid_company_form_answers_422_with_the_errors(client, login_as):
    login_as(Role.STAFF)
    CompanyFactory(name="PT Sudah Ada")
    response = client.post_form("/companies/new", _form(name="pt sudah ada", phone="12",
                                                        sector="x", village="Tidak Ada"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nomor telepon tidak valid" in page and "Pilihan tidak valid." in page


def test_list_searches_and_filters_by_sector_and_subdistrict(client, login_as):
    staff = login_as(Role.STAFF)
    maron = SubdistrictFactory(name="Maron", parent=staff.regency)
    other = SubdistrictFactory(name="Kraton", parent=staff.regency)
    CompanyFactory(name="CV Bhara Utama", sector="manufacturing",
                   village=VillageFactory(parent=maron))
    CompanyFactory(name="PT Roti Enak", sector="food", village=VillageFactory(parent=other))
    page = client.get("/companies/").get_data(as_text=True)
    assert "CV Bhara Utama" in page and "PT Roti Enak" in page
    assert '<option value="manufacturing">' in page and "Maron" in page
    fragment = client.htmx_get("/companies/?q=bhara").get_data(as_text=True)
    assert "CV Bhara Utama" in fragment and "PT Roti Enak" not in fragment
    assert "<html" not in fragment
    assert "PT Roti Enak" not in client.get("/companies/?sector=manufacturing").get_data(
        as_text=True)
    page = client.get(f"/companies/?subdistrict={other.id}").get_data(as_text=True)
    assert "PT Roti Enak" in page and "CV Bhara Utama" not in page


def test_list_paginates(client, login_as, app):
    login_as(Role.STAFF)
    for number in range(app.config["PER_PAGE"] + 2):
        CompanyFactory(name=f"PT Mitra {number:03d}")
    page = client.get("/companies/").get_data(as_text=True)
    assert "PT Mitra 000" in page and "PT Mitra 026" not in page and 'rel="next"' in page


def test_bad_ids_and_filters_do_not_fail(client, login_as):
    login_as(Role.STAFF)
    assert client.get("/companies/99999999999999999999").status_code == 404
    assert client.get("/companies/123").status_code == 404
    assert client.get("/companies/?subdistrict=abc&sector=zzz&page=x").status_code == 200


def test_agreements_are_recorded_with_number_dates_and_scope(client, login_as, db):
    login_as(Role.STAFF)
    company = CompanyFactory()
    response = client.post_form(f"/companies/{company.id}/agreements", {
        "number": "560/123/426.110/2026", "start_date": "2026-01-02",
        "end_date": "2027-01-01", "scope": "Pelatihan dan penempatan lulusan menjahit"})
    assert response.status_code == 302
    agreement = db.session.scalar(select(Agreement))
    assert agreement.company_id == company.id and agreement.end_date == date(2027, 1, 1)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "560/123/426.110/2026" in page and "Pelatihan dan penempatan" in page
    response = client.post_form(f"/companies/{company.id}/agreements", {
        "number": "X", "start_date": "2026-02-02", "end_date": "2026-01-01"})
    assert response.status_code == 422
    assert "tidak boleh sebelum tanggal mulai" in response.get_data(as_text=True)


def test_company_accounts_are_made_from_the_company_page(client, login_as, db):
    login_as(Role.STAFF)
    company = CompanyFactory(name="CV Bhara Utama")
    response = client.post_form(f"/companies/{company.id}/accounts",
                                {"name": "Ibu Rina", "email": "Rina@Bhara.example"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kata sandi sementara" in page and f"/companies/{company.id}" in page
    account = db.session.scalar(select(User).where(User.email == "rina@bhara.example"))
    assert account.role == Role.COMPANY and account.company_id == company.id
    assert account.must_change_password
    assert "rina@bhara.example" in client.get(f"/companies/{company.id}").get_data(as_text=True)
    response = client.post_form(f"/companies/{company.id}/accounts",
                                {"name": "Lagi", "email": "rina@bhara.example"})
    assert response.status_code == 422 and "sudah dipakai" in response.get_data(as_text=True)


def test_company_users_see_only_their_own_page_without_the_office_forms(client, login_as):
    user = login_as(Role.COMPANY)
    assert client.get("/companies/").status_code == 403
    page = client.get(f"/companies/{user.company_id}").get_data(as_text=True)
    assert user.company.name in page and "Catat perjanjian" not in page
    assert "Buat akun" not in page and "/edit" not in page
    assert client.get(f"/companies/{CompanyFactory().id}").status_code == 404

"""CSR contributions: recorded on the company page, shown on the batch page, kept in step
with the batch's CSR company, and never shown to another company or district."""

from datetime import date, timedelta

from sqlalchemy import func, select

from mtu.batches import services as batch_services
from mtu.clock import local_today
from mtu.csr import services
from mtu.csr.models import Contribution
from tests.factories import BatchFactory, CompanyFactory, UserFactory


def _form(**overrides):
    data = {"kind": "money", "amount": "Rp 25.000.000", "description": "",
            "given_on": "2026-03-01", "batch_id": "0"}
    data.update(overrides)
    return data


def _setup():
    staff = UserFactory(staff=True)
    company = CompanyFactory(name="CV Bhara Utama")
    batch = BatchFactory(regency=staff.regency, funding="csr", csr_company=company)
    return staff, company, batch


def test_staff_record_change_and_delete_a_contribution(client, db):
    staff, company, batch = _setup()
    client.login(staff)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Catat kontribusi" in page and f'<option value="{batch.id}">' in page
    response = client.post_form(f"/csr/companies/{company.id}", _form(batch_id=str(batch.id)))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/companies/{company.id}#contributions"
    item = db.session.scalar(select(Contribution))
    assert (item.kind, item.amount, item.batch_id, item.regency_id) == (
        "money", 25_000_000, batch.id, staff.regency_id)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Rp25.000.000" in page
    batch_page = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert "CSR perusahaan" in batch_page and "CV Bhara Utama" in batch_page
    assert "Rp25.000.000" in batch_page
    form = client.get(f"/csr/{item.id}/edit").get_data(as_text=True)
    assert 'value="25.000.000"' in form
    response = client.post_form(f"/csr/{item.id}/edit", _form(
        kind="goods", amount="", description="10 mesin jahit", batch_id=str(batch.id)))
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.kind, item.amount, item.description) == ("goods", None, "10 mesin jahit")
    assert "nilai tidak dicatat" in client.get(f"/batches/{batch.id}").get_data(as_text=True)
    response = client.post_form(f"/csr/{item.id}/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_htmx_gets_the_contributions_block_and_the_form_page_the_whole_page(client, db):
    staff, company, batch = _setup()
    client.login(staff)
    response = client.post_form(f"/csr/companies/{company.id}",
                                _form(batch_id=str(batch.id)), htmx=True)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert "Kontribusi CSR dicatat." in fragment and "Rp25.000.000" in fragment
    response = client.post_form(f"/csr/companies/{company.id}", _form(amount=""), htmx=True)
    assert response.status_code == 422 and "Isi jumlah rupiah." in response.get_data(
        as_text=True) and "<html" not in response.get_data(as_text=True)
    item = db.session.scalar(select(Contribution))
    response = client.post_form(f"/csr/{item.id}/delete", htmx=True)
    assert response.status_code == 200 and "Belum ada kontribusi CSR." in response.get_data(
        as_text=True)
    full = client.post_form(f"/csr/companies/{company.id}", _form(amount="banyak"))
    assert full.status_code == 422 and "<html" in full.get_data(as_text=True)
    assert 'value="banyak"' in full.get_data(as_text=True)


def test_bad_input_is_422_with_indonesian_messages(client, db):
    staff, company, batch = _setup()
    client.login(staff)
    future = (local_today() + timedelta(days=3)).isoformat()
    cases = [
        (_form(kind="cek"), "Pilihan tidak valid."),
        (_form(amount="12,5 juta"), "Tulis jumlah rupiah tanpa sen"),
        (_form(amount="9" * 40), "Tulis jumlah rupiah tanpa sen"),
        (_form(amount="2.000.000.000.000"), "Tulis jumlah rupiah tanpa sen"),
        (_form(kind="services", amount=""), "Sebutkan barang atau jasa"),
        (_form(given_on="kemarin"), "Tanggal tidak valid."),
        (_form(given_on=future), "Tanggal tidak boleh setelah hari ini."),
        (_form(batch_id="abc"), "Pilihan tidak valid"),
        (_form(batch_id="99999999999999999999"), "Pilihan tidak valid"),
        (_form(batch_id="2147483647"), "Pilihan tidak valid."),
    ]
    for data, message in cases:
        response = client.post_form(f"/csr/companies/{company.id}", data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
    assert client.get("/csr/99999999999999999999/edit").status_code == 404
    assert client.post_form("/csr/companies/2147483647", _form()).status_code == 404


def test_a_csr_batch_takes_contributions_only_from_its_company(client, db):
    staff, company, batch = _setup()
    other = CompanyFactory(name="PT Lain")
    client.login(staff)
    response = client.post_form(f"/csr/companies/{other.id}", _form(batch_id=str(batch.id)))
    assert response.status_code == 422
    assert "Paket ini didanai CSR CV Bhara Utama" in response.get_data(as_text=True)
    # An APBD batch may take contributions from anyone (co-funding); its funding stays.
    apbd = BatchFactory(regency=staff.regency, funding="apbd")
    response = client.post_form(f"/csr/companies/{other.id}", _form(batch_id=str(apbd.id)))
    assert response.status_code == 302
    db.session.refresh(apbd)
    assert apbd.funding == "apbd" and apbd.csr_company_id is None
    # …and then it cannot become CSR-funded in another company's name.
    plan = batch_services.BatchPlan.of(apbd)
    plan.funding, plan.csr_company = "csr", company
    problems = batch_services.conflicts(plan, staff, exclude_id=apbd.id)
    assert any("kontribusi CSR dari PT Lain" in problem for problem in problems)
    plan.csr_company = other
    problems = batch_services.conflicts(plan, staff, exclude_id=apbd.id)
    assert not any("kontribusi CSR" in problem for problem in problems)


def test_another_district_neither_sees_nor_changes_them(client, db):
    staff, company, batch = _setup()
    item = services.save(None, company, services.ContributionData(
        kind="money", given_on=date(2026, 3, 1), amount=5_000_000, batch_id=batch.id), staff)
    db.session.commit()
    elsewhere = UserFactory(staff=True)
    client.login(elsewhere)
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Rp5.000.000" not in page
    assert f'<option value="{batch.id}">' not in page
    assert client.get(f"/csr/{item.id}/edit").status_code == 404
    assert client.post_form(f"/csr/{item.id}/delete").status_code == 404
    response = client.post_form(f"/csr/companies/{company.id}", _form(batch_id=str(batch.id)))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def test_company_accounts_see_only_their_own_contributions_read_only(client, db):
    staff, company, batch = _setup()
    other = CompanyFactory(name="PT Lain")
    other_batch = BatchFactory(regency=staff.regency, funding="csr", csr_company=other)
    mine = services.save(None, company, services.ContributionData(
        kind="money", given_on=date(2026, 3, 1), amount=5_000_000, batch_id=batch.id), staff)
    theirs = services.save(None, other, services.ContributionData(
        kind="goods", given_on=date(2026, 3, 1), amount=7_000_000,
        description="Kain 100 meter", batch_id=other_batch.id), staff)
    db.session.commit()
    client.login(UserFactory(role="company", company=company))
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Rp5.000.000" in page and "Rp7.000.000" not in page and "Kain" not in page
    assert "Catat kontribusi" not in page and f"/csr/{mine.id}/edit" not in page
    assert client.get(f"/companies/{other.id}").status_code == 404
    assert client.get(f"/csr/{theirs.id}/edit").status_code == 403
    assert client.post_form(f"/csr/{mine.id}/delete").status_code == 403
    assert client.post_form(f"/csr/companies/{company.id}", _form()).status_code == 403


def _give(staff, company, days) -> None:
    for day in days:
        services.save(None, company, services.ContributionData(
            kind="money", given_on=date(2026, 3, day), amount=1_000_000 * day,
            batch_id=BatchFactory(regency=staff.regency, funding="csr",
                                  csr_company=company).id), staff)
    db_commit()


def db_commit():
    from mtu.extensions import db

    db.session.commit()


def test_the_company_page_lists_contributions_without_a_query_per_row(client, db,
                                                                       count_queries):
    staff, company, _batch = _setup()
    _give(staff, company, range(1, 4))
    client.login(staff)
    few = count_queries(lambda: client.get(f"/companies/{company.id}"))
    _give(staff, company, range(4, 10))
    assert count_queries(lambda: client.get(f"/companies/{company.id}")) == few

"""The company portal's batches: in-company training it hosts and batches it funds, read-only;
never another company's, by list, search or guessed id."""

from datetime import date

from mtu.csr import services as csr
from tests.factories import (
    BatchFactory,
    CompanyFactory,
    CourseFactory,
    EnrolmentFactory,
    UserFactory,
)


def _two_companies():
    staff = UserFactory(staff=True)
    mine, theirs = CompanyFactory(name="CV Bhara Utama"), CompanyFactory(name="PT Lain")
    hosted = BatchFactory(regency=staff.regency, venue_type="company", venue_name="Pabrik Bhara",
                          host_company=mine, course=CourseFactory(name="Kewirausahaan"),
                          equipment_provider="company")
    funded = BatchFactory(regency=staff.regency, funding="csr", csr_company=mine,
                          course=CourseFactory(name="Menjahit Pakaian"))
    helped = BatchFactory(regency=staff.regency, course=CourseFactory(name="Tata Boga"))
    other_hosted = BatchFactory(regency=staff.regency, venue_type="company",
                                venue_name="Gudang Lain", host_company=theirs,
                                course=CourseFactory(name="Las Listrik"),
                                equipment_provider="company")
    other_funded = BatchFactory(regency=staff.regency, funding="csr", csr_company=theirs,
                                course=CourseFactory(name="Barista"))
    csr.save(None, mine, csr.ContributionData(kind="goods", given_on=date(2026, 3, 1),
                                              description="Bahan masak", amount=3_000_000,
                                              batch_id=helped.id), staff)
    csr.save(None, theirs, csr.ContributionData(kind="money", given_on=date(2026, 3, 1),
                                                amount=9_000_000, batch_id=other_funded.id),
             staff)
    csr.save(None, theirs, csr.ContributionData(kind="money", given_on=date(2026, 3, 2),
                                                amount=8_000_000, batch_id=helped.id), staff)
    EnrolmentFactory(batch=hosted, employer=mine)
    from mtu.extensions import db
    db.session.commit()
    return mine, theirs, (hosted, funded, helped), (other_hosted, other_funded)


def test_a_company_sees_its_own_batches_and_contributions(client, db):
    mine, _theirs, own, others = _two_companies()
    client.login(UserFactory(role="company", company=mine))
    assert "/portal/batches" in client.get("/").get_data(as_text=True)
    page = client.get("/portal/batches").get_data(as_text=True)
    for name in ("Kewirausahaan", "Menjahit Pakaian", "Tata Boga"):
        assert name in page
    assert "Las Listrik" not in page and "Barista" not in page
    assert "Di perusahaan" in page and "Didanai CSR" in page and "Kontribusi CSR" in page
    fragment = client.htmx_get("/portal/batches?q=jahit").get_data(as_text=True)
    assert "Menjahit Pakaian" in fragment and "Kewirausahaan" not in fragment
    assert "<html" not in fragment
    assert "Las Listrik" not in client.get("/portal/batches?q=las").get_data(as_text=True)
    hosted, _funded, helped = own
    page = client.get(f"/portal/batches/{hosted.id}").get_data(as_text=True)
    assert "Peserta adalah pekerja CV Bhara Utama." in page and "1 orang" in page
    page = client.get(f"/portal/batches/{helped.id}").get_data(as_text=True)
    assert "Bahan masak" in page and "Rp3.000.000" in page and "Rp8.000.000" not in page
    company_page = client.get(f"/companies/{mine.id}").get_data(as_text=True)
    assert f"/portal/batches/{hosted.id}" in company_page
    assert "Las Listrik" not in company_page and "Rp9.000.000" not in company_page


def test_another_companys_batches_are_404_and_staff_pages_403(client, db):
    mine, _theirs, own, others = _two_companies()
    client.login(UserFactory(role="company", company=mine))
    for batch in others:
        assert client.get(f"/portal/batches/{batch.id}").status_code == 404
        assert client.get(f"/batches/{batch.id}").status_code == 403
    for junk in ("2147483647", "99999999999999999999", "abc"):
        assert client.get(f"/portal/batches/{junk}").status_code == 404
    assert client.get(f"/batches/{own[0].id}").status_code == 403


def test_a_company_account_without_a_company_sees_nothing(client, db):
    _two_companies()
    user = UserFactory(role="company")
    client.login(user)
    assert client.get("/portal/batches").status_code == 404

"""Partner agencies and programmes through HTTP: access by role, scoping, the partners
editor, validation, repeated posts, htmx fragments."""

import re

import pytest
from sqlalchemy import func, select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.prison_programs.models import Agency, Partner, Programme
from tests.factories import (
    AgencyFactory,
    BatchFactory,
    EnrolmentFactory,
    InstituteFactory,
    MeetingFactory,
    PartnerFactory,
    PrisonFactory,
    ProgrammeFactory,
    RegencyFactory,
    UserFactory,
    user_with_role,
)


def _token(page: str) -> str:
    return re.search(r'name="submission_token" type="hidden" value="([^"]+)"', page).group(1)


def _rows(page: str) -> int:
    """How many rows the partners editor shows."""
    return len(re.findall(r'<select id="partners-\d+-role"', page))


def _agency_form(**overrides):
    data = {"name": "Dinas Koperasi dan UMKM Kab. Malang", "kind": "government", "regency": "",
            "address": "Jl. Panji 158 Kepanjen", "phone": "0341-393000",
            "email": "diskop@malangkab.example", "contact_name": "Bapak Hari",
            "contact_phone": "0812 3333 4444"}
    data.update(overrides)
    return data


def _programme_form(prison, partners=(), **overrides):
    data = {"name": "Pelatihan Bordir Warga Binaan", "prison_id": prison.id,
            "legal_basis": "Instruksi Bupati Malang No. 3/2026", "lead_agency_id": 0,
            "goal": "Kemandirian ekonomi setelah bebas", "institute_id": 0,
            "status": "coordination"}
    for index, (agency_id, role) in enumerate(partners):
        data[f"partners-{index}-agency_id"] = agency_id
        data[f"partners-{index}-role"] = role
    data.update(overrides)
    return data


# Agencies ---------------------------------------------------------------------------------


def test_staff_register_edit_and_list_an_agency(client, login_as, db):
    staff = login_as(Role.STAFF)
    response = client.post_form("/programmes/agencies/new",
                                _agency_form(regency=staff.regency.code))
    assert response.status_code == 302
    agency = db.session.scalar(select(Agency))
    assert response.headers["Location"] == f"/programmes/agencies/{agency.id}"
    assert agency.regency == staff.regency and agency.contact_phone == "081233334444"
    page = client.get(f"/programmes/agencies/{agency.id}").get_data(as_text=True)
    assert "Bapak Hari" in page and "Buat akun instansi" in page
    response = client.post_form(f"/programmes/agencies/{agency.id}/edit",
                                _agency_form(name="Diskop UMKM Kab. Malang", kind="other"))
    assert response.status_code == 302
    db.session.refresh(agency)
    assert agency.name == "Diskop UMKM Kab. Malang" and agency.kind == "other"
    assert agency.regency is None


def test_agency_list_searches_as_you_type_filters_by_kind_and_paginates(client, login_as, app):
    login_as(Role.STAFF)
    PrisonFactory(name="Lapas Perempuan Malang")
    AgencyFactory(name="BPJS Ketenagakerjaan Malang", kind="social_security")
    for number in range(app.config["PER_PAGE"]):
        AgencyFactory(name=f"Dinas Contoh {number:03d}")
    page = client.get("/programmes/agencies/").get_data(as_text=True)
    assert "<html" in page and "BPJS Ketenagakerjaan" in page and 'rel="next"' in page
    fragment = client.htmx_get("/programmes/agencies/?q=lapas").get_data(as_text=True)
    assert "<html" not in fragment and "Lapas Perempuan" in fragment
    assert "BPJS" not in fragment
    page = client.get("/programmes/agencies/?kind=social_security").get_data(as_text=True)
    assert "BPJS Ketenagakerjaan" in page and "Lapas Perempuan" not in page
    assert client.get("/programmes/agencies/?kind=zzz&page=x").status_code == 200


def test_a_repeated_post_creates_one_agency(client, login_as, db):
    login_as(Role.STAFF)
    token = _token(client.get("/programmes/agencies/new").get_data(as_text=True))
    for _ in range(2):
        response = client.post_form("/programmes/agencies/new",
                                    _agency_form(submission_token=token))
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(Agency.id))) == 1


def test_invalid_agency_form_answers_422_and_keeps_what_was_typed(client, login_as):
    login_as(Role.STAFF)
    AgencyFactory(name="Dinas Sudah Ada")
    response = client.post_form("/programmes/agencies/new", _agency_form(
        name="dinas sudah ada", phone="12", kind="x", regency="Tidak Ada",
        contact_name="Ibu Sari"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nomor telepon tidak valid" in page and "Pilihan tidak valid." in page
    assert 'value="Ibu Sari"' in page


def test_staff_change_only_agencies_of_their_district_without_one_or_in_their_programmes(
        client, login_as, db):
    staff = login_as(Role.STAFF)
    elsewhere = AgencyFactory(regency=RegencyFactory())
    assert client.get(f"/programmes/agencies/{elsewhere.id}").status_code == 200
    assert client.get(f"/programmes/agencies/{elsewhere.id}/edit").status_code == 403
    response = client.post_form(f"/programmes/agencies/{elsewhere.id}/accounts",
                                {"name": "X", "email": "x@contoh.example"})
    assert response.status_code == 403
    assert "Buat akun instansi" not in client.get(
        f"/programmes/agencies/{elsewhere.id}").get_data(as_text=True)
    PartnerFactory(agency=elsewhere, programme=ProgrammeFactory(regency=staff.regency))
    assert client.get(f"/programmes/agencies/{elsewhere.id}/edit").status_code == 200
    shared = AgencyFactory(regency=None)
    assert client.get(f"/programmes/agencies/{shared.id}/edit").status_code == 200


def test_agency_accounts_are_made_from_the_agency_page(client, login_as, db):
    login_as(Role.STAFF)
    agency = AgencyFactory(name="Disperindag Kab. Malang")
    response = client.post_form(f"/programmes/agencies/{agency.id}/accounts",
                                {"name": "Ibu Dewi", "email": "Dewi@Disperindag.example"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kata sandi sementara" in page and f"/programmes/agencies/{agency.id}" in page
    account = db.session.scalar(select(User).where(User.email == "dewi@disperindag.example"))
    assert account.role == Role.AGENCY and account.agency_id == agency.id
    response = client.post_form(f"/programmes/agencies/{agency.id}/accounts",
                                {"name": "Lagi", "email": "dewi@disperindag.example"})
    assert response.status_code == 422
    assert "Email ini sudah dipakai" in response.get_data(as_text=True)


# Programmes -------------------------------------------------------------------------------


def test_staff_create_a_programme_with_four_partner_agencies(client, login_as, db):
    staff = login_as(Role.STAFF)
    prison = PrisonFactory(name="Lapas Perempuan Kelas IIA Malang")
    disnaker, disperindag, koperasi, bpjs = (AgencyFactory() for _ in range(4))
    institute = InstituteFactory(name="LPK Ganesha Kepanjen", regency=staff.regency)
    page = client.get("/programmes/new").get_data(as_text=True)
    assert _rows(page) == 4 and "LPK Ganesha Kepanjen" in page
    response = client.post_form("/programmes/new", _programme_form(
        prison, [(disnaker.id, "training"), (disperindag.id, "business"),
                 (disperindag.id, "marketing"), (koperasi.id, "funding"),
                 (bpjs.id, "social_security"), (0, "")],
        institute_id=institute.id, lead_agency_id=disnaker.id))
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme))
    assert response.headers["Location"] == f"/programmes/{programme.id}"
    assert programme.regency == staff.regency and programme.created_by_id == staff.id
    assert programme.institute == institute and programme.lead_agency == disnaker
    assert {(p.agency_id, p.role) for p in programme.partners} == {
        (disnaker.id, "training"), (disperindag.id, "business"),
        (disperindag.id, "marketing"), (koperasi.id, "funding"), (bpjs.id, "social_security")}
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Lapas Perempuan Kelas IIA Malang" in page and "LPK Ganesha Kepanjen" in page
    assert "Pengembangan usaha, Pemasaran" in page and "Instruksi Bupati Malang" in page


def test_editing_keeps_listed_partners_and_drops_the_others(client, login_as, db):
    staff = login_as(Role.STAFF)
    programme = ProgrammeFactory(regency=staff.regency)
    kept = PartnerFactory(programme=programme, role="training")
    dropped_id = PartnerFactory(programme=programme, role="funding").id
    kept_id, kept_agency_id = kept.id, kept.agency_id
    page = client.get(f"/programmes/{programme.id}/edit").get_data(as_text=True)
    assert _rows(page) == 4  # two partners, two blank rows
    newcomer = AgencyFactory()
    response = client.post_form(f"/programmes/{programme.id}/edit", _programme_form(
        programme.prison, [(kept_agency_id, "training"), (newcomer.id, "marketing")],
        name="Program baru", status="training"))
    assert response.status_code == 302
    db.session.refresh(programme)
    assert programme.name == "Program baru" and programme.status == "training"
    assert [(p.id, p.agency_id, p.role) for p in programme.partners][0] == (
        kept_id, kept_agency_id, "training")
    assert {(p.agency_id, p.role) for p in programme.partners} == {
        (kept_agency_id, "training"), (newcomer.id, "marketing")}
    assert db.session.get(Partner, dropped_id) is None


def test_add_row_posts_back_the_form_with_one_more_row_and_saves_nothing(client, login_as, db):
    login_as(Role.STAFF)
    prison, agency = PrisonFactory(), AgencyFactory()
    data = _programme_form(prison, [(agency.id, "training"), (0, ""), (0, ""), (0, "")],
                           name="Masih diketik", add_row="1")
    response = client.post_form("/programmes/new", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _rows(page) == 5 and 'value="Masih diketik"' in page
    assert f'<option selected value="{agency.id}">' in page
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_partner_rows_are_checked_with_messages_that_keep_what_was_typed(client, login_as, db):
    login_as(Role.STAFF)
    prison, agency, other = PrisonFactory(), AgencyFactory(), AgencyFactory()
    response = client.post_form("/programmes/new", _programme_form(
        prison, [(agency.id, ""), (0, "funding"), (other.id, "training"),
                 (other.id, "training")], name="Program A"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pilih peran instansi ini." in page and "Pilih instansinya." in page
    assert 'value="Program A"' in page and '<option selected value="funding">' in page
    response = client.post_form("/programmes/new", _programme_form(
        prison, [(other.id, "training"), (other.id, "training")]))
    assert response.status_code == 422
    assert "tercantum dua kali" in response.get_data(as_text=True)
    response = client.post_form("/programmes/new", _programme_form(
        prison, [(99999999999, "training"), (agency.id, "boss")]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Pilihan tidak valid.") >= 2 and "Invalid" not in page
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_the_prison_must_be_a_prison_and_the_institute_of_the_district(client, login_as, db):
    login_as(Role.STAFF)
    not_a_prison = AgencyFactory(kind="government")
    elsewhere = InstituteFactory()
    response = client.post_form("/programmes/new", _programme_form(
        not_a_prison, institute_id=elsewhere.id, name=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pilihan tidak valid." in page and "Wajib diisi." in page
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_a_repeated_post_creates_one_programme(client, login_as, db):
    login_as(Role.STAFF)
    prison = PrisonFactory()
    token = _token(client.get("/programmes/new").get_data(as_text=True))
    for _ in range(2):
        response = client.post_form("/programmes/new",
                                    _programme_form(prison, submission_token=token))
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(Programme.id))) == 1


def test_admin_choose_the_district(client, login_as, db):
    login_as(Role.ADMIN)
    regency, prison = RegencyFactory(), PrisonFactory()
    response = client.post_form("/programmes/new", _programme_form(prison))
    assert response.status_code == 422
    response = client.post_form("/programmes/new",
                                _programme_form(prison, regency=regency.code))
    assert response.status_code == 302
    assert db.session.scalar(select(Programme)).regency == regency


def test_programme_list_per_role_searches_and_answers_htmx_with_the_results(client, db):
    ours = ProgrammeFactory(name="Bordir Kepanjen", prison=PrisonFactory(name="Lapas Wanita"))
    theirs = ProgrammeFactory(name="Las Probolinggo")
    staff = UserFactory(staff=True, regency=ours.regency)
    client.login(staff)
    page = client.get("/programmes/").get_data(as_text=True)
    assert "Bordir Kepanjen" in page and "Las Probolinggo" not in page
    fragment = client.htmx_get("/programmes/?q=wanita").get_data(as_text=True)
    assert "<html" not in fragment and "Bordir Kepanjen" in fragment
    assert "Bordir Kepanjen" not in client.get("/programmes/?status=finished").get_data(
        as_text=True)
    assert client.get(f"/programmes/{theirs.id}").status_code == 404
    assert client.get(f"/programmes/{theirs.id}/edit").status_code == 404
    response = client.post_form(f"/programmes/{theirs.id}/edit",
                                _programme_form(theirs.prison, name="Diambil"))
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.name == "Las Probolinggo"


def test_an_agency_sees_its_programmes_only_and_changes_nothing(client, db):
    agency = AgencyFactory(name="Disperindag Kab. Malang")
    ours = PartnerFactory(agency=agency, role="marketing").programme
    theirs = ProgrammeFactory(name="Program lain")
    BatchFactory(programme=ours, regency=ours.regency)
    client.login(UserFactory(agency_staff=True, agency=agency))
    home = client.get("/").get_data(as_text=True)
    assert ours.name in home and "Program lain" not in home
    assert "akan tampil di sini" not in home
    page = client.get(f"/programmes/{ours.id}").get_data(as_text=True)
    assert "Disperindag Kab. Malang" in page and "Pemasaran" in page
    assert f"/programmes/{ours.id}/edit" not in page and "/batches/" not in page
    assert ours.name in client.get("/programmes/").get_data(as_text=True)
    assert client.get(f"/programmes/{theirs.id}").status_code == 404
    assert client.get(f"/programmes/{ours.id}/edit").status_code == 403
    assert client.get("/programmes/new").status_code == 403
    assert client.get(f"/programmes/agencies/{agency.id}").status_code == 403
    assert client.get("/programmes/agencies/").status_code == 403


@pytest.mark.parametrize("role", [Role.COMPANY, Role.VILLAGE, Role.TRAINER])
def test_other_roles_are_refused_on_guessed_ids(client, role):
    programme = PartnerFactory().programme
    client.login(user_with_role(role))
    for url in ("/programmes/", f"/programmes/{programme.id}", "/programmes/new",
                f"/programmes/{programme.id}/edit", "/programmes/agencies/",
                f"/programmes/agencies/{programme.prison_id}",
                f"/programmes/agencies/{programme.prison_id}/edit"):
        assert client.get(url).status_code == 403, url


def test_the_programme_page_lists_its_batches_with_links_for_the_office(client, login_as):
    staff = login_as(Role.STAFF)
    programme = ProgrammeFactory(regency=staff.regency)
    batch = BatchFactory(programme=programme, regency=staff.regency)
    BatchFactory(regency=staff.regency)
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert re.findall(r'href="/batches/(\d+)"', page) == [str(batch.id)]


def test_bad_ids_do_not_fail(client, login_as):
    login_as(Role.ADMIN)
    for url in ("/programmes/99999999999999999999", "/programmes/123",
                "/programmes/agencies/123", "/programmes/agencies/99999999999999999999/edit"):
        assert client.get(url).status_code == 404, url
    prison = PrisonFactory()
    response = client.post_form("/programmes/new", _programme_form(
        prison, prison_id="abc", lead_agency_id="-1", institute_id="1e9", status="x",
        **{"partners-99999999999999-agency_id": "x"}))
    assert response.status_code == 422


def test_the_programme_page_reads_a_fixed_number_of_queries(client, login_as, count_queries):
    staff = login_as(Role.STAFF)
    programme = ProgrammeFactory(regency=staff.regency)

    def add(roles):
        for role in roles:
            PartnerFactory(programme=programme, role=role)
            batch = BatchFactory(programme=programme, regency=staff.regency)
            EnrolmentFactory(batch=batch)
            EnrolmentFactory(batch=batch, status="passed")
            MeetingFactory(programme=programme)

    add(("training", "business", "marketing"))
    few = count_queries(lambda: client.get(f"/programmes/{programme.id}"))
    add(("funding", "social_security"))
    assert count_queries(lambda: client.get(f"/programmes/{programme.id}")) == few


def test_the_lists_and_the_agency_page_read_a_fixed_number_of_queries(
        client, login_as, count_queries):
    staff = login_as(Role.STAFF)
    agency = AgencyFactory(regency=staff.regency)

    def add(n):
        for _ in range(n):
            programme = ProgrammeFactory(regency=staff.regency,
                                         prison=PrisonFactory(regency=RegencyFactory()))
            PartnerFactory(programme=programme, agency=agency)
            AgencyFactory(regency=RegencyFactory(), contact_name="Ibu Sari")

    urls = ("/programmes/", "/programmes/agencies/", f"/programmes/agencies/{agency.id}")
    add(2)
    few = {url: count_queries(lambda url=url: client.get(url)) for url in urls}
    add(5)
    for url in urls:
        assert count_queries(lambda url=url: client.get(url)) == few[url], url


def test_staff_make_accounts_only_for_agencies_working_with_their_district_alone(
        client, login_as, db):
    """An agency account sees every programme of its agency, in any district: an agency that
    also works with another district gets its accounts from an admin."""
    staff = login_as(Role.STAFF)
    shared = AgencyFactory(regency=staff.regency)
    PartnerFactory(agency=shared, programme=ProgrammeFactory(regency=RegencyFactory()))
    assert client.get(f"/programmes/agencies/{shared.id}/edit").status_code == 200
    page = client.get(f"/programmes/agencies/{shared.id}").get_data(as_text=True)
    assert "Buat akun instansi" not in page and "akun dibuat oleh admin" in page
    response = client.post_form(f"/programmes/agencies/{shared.id}/accounts",
                                {"name": "Ibu Dewi", "email": "dewi@contoh.example"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.agency_id == shared.id)) == 0
    client.post_form("/auth/logout")
    login_as(Role.ADMIN)
    response = client.post_form(f"/programmes/agencies/{shared.id}/accounts",
                                {"name": "Ibu Dewi", "email": "dewi@contoh.example"})
    assert response.status_code == 200

"""Trainer and institute pages through HTTP: forms, districts, a trainer's own page."""

from functools import partial

import pytest
from sqlalchemy import select

from mtu.authz import Role
from mtu.trainers.models import Institute, Trainer
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    InstituteFactory,
    RegencyFactory,
    TrainerFactory,
    UserFactory,
)


def _form(**overrides):
    data = {"name": "Rina Marlina", "employer_type": "contract", "institute_id": "0",
            "company_id": "0", "phone": "+62 813-3000-1004", "account_id": "0"}
    data.update(overrides)
    return data


def test_staff_add_a_trainer_in_their_district(client, login_as, db):
    staff = login_as(Role.STAFF)
    bread, cakes = CourseFactory(name="Roti"), CourseFactory(name="Kue")
    account = UserFactory(trainer=True, regency=staff.regency, name="Akun Rina")
    institute = InstituteFactory(regency=staff.regency, name="LPK Rejoso")
    page = client.get("/trainers/new").get_data(as_text=True)
    assert "LPK Rejoso" in page and "Akun Rina" in page and "Roti" in page
    assert "Kabupaten/kota" not in page  # staff do not choose the district
    response = client.post_form("/trainers/new", _form(
        employer_type="institute", institute_id=str(institute.id),
        course_ids=[str(bread.id), str(cakes.id)], account_id=str(account.id)))
    assert response.status_code == 302
    trainer = db.session.scalar(select(Trainer))
    assert response.headers["Location"] == f"/trainers/{trainer.id}"
    assert trainer.regency == staff.regency and trainer.phone == "081330001004"
    assert trainer.user == account and trainer.institute == institute
    assert [c.name for c in trainer.courses] == ["Kue", "Roti"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rina Marlina" in page and "Kue" in page and "LPK Rejoso" in page


def test_admin_chooses_the_regency(client, login_as, db):
    login_as(Role.ADMIN)
    regency = RegencyFactory(name="Kab. Malang")
    company = CompanyFactory(name="PT Las Jaya")
    response = client.post_form("/trainers/new", _form(
        employer_type="company", company_id=str(company.id), regency=regency.code))
    assert response.status_code == 302
    trainer = db.session.scalar(select(Trainer))
    assert trainer.regency == regency and trainer.company == company


def test_staff_edit_a_trainer(client, login_as, db):
    staff = login_as(Role.STAFF)
    course = CourseFactory(name="Sulam")
    trainer = TrainerFactory(regency=staff.regency, courses=[course])
    page = client.get(f"/trainers/{trainer.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{trainer.institute.id}">' in page
    assert (f'checked id="course_ids-0" name="course_ids" type="checkbox" value="{course.id}"'
            in page)
    assert trainer.name in page
    response = client.post_form(f"/trainers/{trainer.id}/edit", _form(name="Nama Baru"))
    assert response.status_code == 302
    db.session.refresh(trainer)
    assert trainer.name == "Nama Baru" and trainer.courses == []
    assert trainer.employer_type == "contract" and trainer.institute is None


@pytest.mark.parametrize("overrides, field_value, message", [
    ({"name": ""}, None, "Wajib diisi."),
    ({"phone": "12345"}, "12345", "Nomor telepon tidak valid"),
    ({"employer_type": "pns"}, None, "Pilihan tidak valid."),
    ({"employer_type": "institute"}, None, "Pilih LPK tempat pelatih bekerja."),
    ({"institute_id": "99999"}, None, "Pilihan tidak valid."),
    ({"course_ids": "99999"}, None, "Pilihan tidak valid."),
    ({"account_id": "abc"}, None, "Pilihan tidak valid."),
])
def test_invalid_input_is_explained_and_kept(client, login_as, db, overrides, field_value,
                                             message):
    login_as(Role.STAFF)
    data = _form(**overrides)
    if "name" not in overrides:
        data["name"] = "Nama Diketik"
    response = client.post_form("/trainers/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    if "name" not in overrides:
        assert "Nama Diketik" in page
    if field_value:
        assert f'value="{field_value}"' in page
    assert db.session.scalar(select(Trainer)) is None


def test_an_account_linked_meanwhile_is_refused_in_indonesian(client, login_as, db):
    staff = login_as(Role.STAFF)
    account = UserFactory(trainer=True, regency=staff.regency)
    form_page = client.get("/trainers/new").get_data(as_text=True)
    assert account.name in form_page
    TrainerFactory(regency=staff.regency, user=account)  # someone else was quicker
    response = client.post_form("/trainers/new", _form(account_id=str(account.id)))
    assert response.status_code == 422
    assert "Akun ini sudah terhubung dengan pelatih lain." in response.get_data(as_text=True)


def test_admin_without_a_regency_is_asked_for_one(client, login_as):
    login_as(Role.ADMIN)
    response = client.post_form("/trainers/new", _form(regency="Kabupaten Antah"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kabupaten/kota tidak ditemukan" in page and "Kabupaten Antah" in page


def test_the_list_searches_and_filters_by_course_as_a_fragment(client, login_as, db):
    staff = login_as(Role.STAFF)
    batik = CourseFactory(name="Membatik")
    TrainerFactory(regency=staff.regency, name="Sri Wahyuni", courses=[batik])
    TrainerFactory(regency=staff.regency, name="Bambang")
    TrainerFactory(name="Orang Lain", courses=[batik])
    page = client.get("/trainers/").get_data(as_text=True)
    assert "Sri Wahyuni" in page and "Bambang" in page and "Orang Lain" not in page
    response = client.htmx_get(f"/trainers/?course={batik.id}")
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Sri Wahyuni" in body and "Bambang" not in body
    body = client.htmx_get("/trainers/?q=bamb").get_data(as_text=True)
    assert "Bambang" in body and "Sri Wahyuni" not in body


@pytest.mark.parametrize("url", ["/trainers/{id}", "/trainers/{id}/edit"])
def test_staff_of_another_district_get_404(client, login_as, url):
    login_as(Role.STAFF)
    other = TrainerFactory()
    assert client.get(url.format(id=other.id)).status_code == 404


def test_staff_cannot_post_to_another_districts_trainer(client, login_as, db):
    login_as(Role.STAFF)
    other = TrainerFactory(name="Tetap")
    response = client.post_form(f"/trainers/{other.id}/edit", _form(name="Diubah"))
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.name == "Tetap"


def test_a_trainer_sees_only_their_own_page(client, login_as, db):
    account = login_as(Role.TRAINER)
    course = CourseFactory(name="Menjahit")
    own = TrainerFactory(user=account, courses=[course])
    colleague = TrainerFactory(regency=own.regency)
    page = client.get(f"/trainers/{own.id}").get_data(as_text=True)
    assert own.name in page and "Menjahit" in page
    assert "Ubah" not in page and "/courses/" not in page
    assert client.get(f"/trainers/{colleague.id}").status_code == 404
    assert client.get("/trainers/").status_code == 403
    assert client.get(f"/trainers/{own.id}/edit").status_code == 403


def test_creating_needs_csrf(client, login_as, db):
    login_as(Role.STAFF)
    assert client.post("/trainers/new", data=_form()).status_code == 400
    assert client.post("/trainers/institutes/new", data={"name": "LPK"}).status_code == 400
    assert db.session.scalar(select(Trainer)) is None


def test_staff_add_and_edit_institutes_in_their_district(client, login_as, db):
    staff = login_as(Role.STAFF)
    response = client.post_form("/trainers/institutes/new", {
        "name": "LPK Mitra Terampil", "address": "Jl. Raya Rejoso", "phone": "0343 420000"})
    assert response.status_code == 302 and response.headers["Location"] == "/trainers/institutes"
    institute = db.session.scalar(select(Institute))
    assert institute.regency == staff.regency and institute.phone == "0343420000"
    response = client.post_form(f"/trainers/institutes/{institute.id}/edit", {
        "name": "LPK Mitra Terampil Pasuruan", "address": "", "phone": ""})
    assert response.status_code == 302
    db.session.refresh(institute)
    assert institute.name == "LPK Mitra Terampil Pasuruan" and institute.phone == ""
    page = client.htmx_get("/trainers/institutes?q=mitra").get_data(as_text=True)
    assert "<html" not in page and "LPK Mitra Terampil Pasuruan" in page and "0 pelatih" in page


def test_institute_errors_are_shown_beside_the_fields(client, login_as, db):
    staff = login_as(Role.STAFF)
    InstituteFactory(name="LPK Ganesha", regency=RegencyFactory())
    response = client.post_form("/trainers/institutes/new", {
        "name": "lpk ganesha", "address": "Jl. Kepanjen", "phone": "12"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nomor telepon tidak valid" in page and "Jl. Kepanjen" in page
    response = client.post_form("/trainers/institutes/new", {
        "name": "lpk ganesha", "address": "Jl. Kepanjen", "phone": ""})
    assert "LPK dengan nama ini sudah terdaftar." in response.get_data(as_text=True)
    assert db.session.scalars(select(Institute)).all()[0].regency != staff.regency


def test_institutes_of_another_district_are_not_found(client, login_as):
    login_as(Role.STAFF)
    other = InstituteFactory()
    assert client.get(f"/trainers/institutes/{other.id}/edit").status_code == 404
    assert other.name not in client.get("/trainers/institutes").get_data(as_text=True)


def test_admin_adds_an_institute_with_a_regency(client, login_as, db):
    login_as(Role.ADMIN)
    regency = RegencyFactory()
    page = client.get("/trainers/institutes/new").get_data(as_text=True)
    assert "Kabupaten/kota" in page
    response = client.post_form("/trainers/institutes/new", {
        "name": "LPK Ganesha", "regency": f"{regency.name} [{regency.code}]"})
    assert response.status_code == 302
    assert db.session.scalar(select(Institute)).regency == regency


def test_the_lists_send_no_query_per_row(client, login_as, count_queries):
    staff = login_as(Role.STAFF)
    course = CourseFactory()

    def add_trainers(number):
        for _ in range(number):
            TrainerFactory(regency=staff.regency, courses=[course],
                           institute=InstituteFactory(regency=staff.regency))

    def weigh_lists():
        return [count_queries(partial(client.get, url))
                for url in ("/trainers/", "/trainers/institutes")]

    add_trainers(2)
    few = weigh_lists()
    add_trainers(5)
    assert weigh_lists() == few

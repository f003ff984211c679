"""Course pages through HTTP: who may see and change them, forms, the inline toggle."""

import re

import pytest
from sqlalchemy import select

from mtu.authz import Role
from mtu.courses.models import Course, Equipment
from tests.factories import CompetencyUnitFactory, CourseFactory, EquipmentFactory


def _form(**overrides):
    data = {"name": "Barista", "sector": "Boga", "description": "Kopi untuk kafe desa.",
            "hours": "120", "duration_days": "20", "package_size": "16",
            "units_text": "BAR.01 — Menyiapkan mesin kopi\nBAR.02 - Menyajikan espresso",
            "new_equipment": "Mesin kopi, Grinder"}
    data.update(overrides)
    return data


def test_admin_creates_a_course(client, login_as, db):
    login_as(Role.ADMIN)
    kettle = EquipmentFactory(name="Ketel")
    response = client.post_form("/courses/new", {**_form(), "equipment_ids": [str(kettle.id)]})
    assert response.status_code == 302
    course = db.session.scalar(select(Course))
    assert response.headers["Location"] == f"/courses/{course.id}"
    assert [u.code for u in course.units] == ["BAR.01", "BAR.02"]
    assert [e.name for e in course.equipment] == ["Grinder", "Ketel", "Mesin kopi"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Barista" in page and "Menyajikan espresso" in page and "Mesin kopi" in page


def test_the_edit_form_shows_units_as_lines_and_equipment_checked(client, login_as):
    login_as(Role.ADMIN)
    oven, mixer = EquipmentFactory(name="Oven"), EquipmentFactory(name="Mixer")
    course = CourseFactory(name="Roti", equipment=[oven])
    CompetencyUnitFactory(course=course, code="RTI.01", title="Keamanan pangan")
    page = client.get(f"/courses/{course.id}/edit").get_data(as_text=True)
    assert "RTI.01 — Keamanan pangan" in page
    assert re.search(rf'<input checked id="[^"]+" name="equipment_ids" type="checkbox" '
                     rf'value="{oven.id}">', page)
    assert re.search(rf'<input id="[^"]+" name="equipment_ids" type="checkbox" '
                     rf'value="{mixer.id}"> <label for="[^"]+">Mixer', page)


def test_admin_edits_a_course(client, login_as, db):
    login_as(Role.ADMIN)
    course = CourseFactory(name="Roti")
    response = client.post_form(f"/courses/{course.id}/edit", _form(name="Roti dan Kue",
                                                                     new_equipment=""))
    assert response.status_code == 302
    db.session.refresh(course)
    assert course.name == "Roti dan Kue" and course.hours == 120 and len(course.units) == 2


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Wajib diisi."),
    ({"hours": "banyak"}, "Harus berupa bilangan bulat."),
    ({"duration_days": "0"}, "Harus antara 1 dan 365."),
    ({"units_text": "BAR.01 — Menyiapkan mesin kopi\nBAR.02 tanpa pemisah"},
     "Baris 2: tulis kode dan judul"),
    ({"equipment_ids": "99999"}, "Pilihan tidak valid."),
])
def test_invalid_input_is_explained_and_kept(client, login_as, db, overrides, message):
    login_as(Role.ADMIN)
    response = client.post_form("/courses/new", _form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "Kopi untuk kafe desa." in page and "Mesin kopi, Grinder" in page
    if "units_text" in overrides:
        assert "BAR.02 tanpa pemisah" in page
    assert db.session.scalar(select(Course)) is None
    assert db.session.scalar(select(Equipment)) is None


def test_a_taken_name_is_refused_beside_the_field(client, login_as):
    login_as(Role.ADMIN)
    CourseFactory(name="Barista")
    response = client.post_form("/courses/new", _form(name="BARISTA"))
    assert response.status_code == 422
    assert "Kejuruan dengan nama ini sudah ada." in response.get_data(as_text=True)


def test_staff_read_but_do_not_change_the_catalogue(client, login_as):
    login_as(Role.STAFF)
    course = CourseFactory(name="Sulam", sector="Kriya")
    CompetencyUnitFactory(course=course)
    page = client.get("/courses/").get_data(as_text=True)
    assert "Sulam" in page and "Kriya" in page and "1 unit kompetensi" in page
    assert "Tambah kejuruan" not in page and "Nonaktifkan" not in page
    assert client.get(f"/courses/{course.id}").status_code == 200
    assert client.get("/courses/new").status_code == 403
    assert client.get(f"/courses/{course.id}/edit").status_code == 403
    response = client.post_form(f"/courses/{course.id}/active", {"active": "0"})
    assert response.status_code == 403


def test_search_as_you_type_returns_only_the_results(client, login_as):
    login_as(Role.STAFF)
    CourseFactory(name="Las Listrik")
    CourseFactory(name="Tata Boga")
    response = client.htmx_get("/courses/?q=las")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Las Listrik" in body and "Tata Boga" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_the_inline_toggle_returns_only_the_row(client, login_as, db):
    login_as(Role.ADMIN)
    course = CourseFactory(name="Membatik")
    response = client.post_form(f"/courses/{course.id}/active", {"active": "0"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<li id="course-{course.id}" class="row wrap inactive">')
    assert "<html" not in body and "Aktifkan" in body
    db.session.refresh(course)
    assert not course.active


def test_the_toggle_without_javascript_redirects_and_is_repeatable(client, login_as, db):
    login_as(Role.ADMIN)
    course = CourseFactory(name="Membatik", active=False)
    for _attempt in range(2):  # a double click does not flip it back
        response = client.post_form(f"/courses/{course.id}/active", {"active": "1"})
        assert response.status_code == 302 and response.headers["Location"] == "/courses/"
    db.session.refresh(course)
    assert course.active


def test_the_toggle_needs_csrf_and_a_target(client, login_as):
    login_as(Role.ADMIN)
    course = CourseFactory()
    assert client.post(f"/courses/{course.id}/active", data={"active": "0"}).status_code == 400
    assert client.post_form(f"/courses/{course.id}/active", {}).status_code == 400


def test_unknown_courses_are_not_found(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/courses/424242").status_code == 404
    assert client.get("/courses/424242/edit").status_code == 404


def test_the_list_sends_no_query_per_course(client, login_as, count_queries):
    login_as(Role.ADMIN)
    oven = EquipmentFactory()

    def add_courses(number):
        for _ in range(number):
            CompetencyUnitFactory(course=CourseFactory(equipment=[oven]))

    add_courses(2)
    few = count_queries(lambda: client.get("/courses/"))
    add_courses(5)
    assert count_queries(lambda: client.get("/courses/")) == few

"""Fleet pages through HTTP: forms, districts, the inline status toggle."""

import pytest
from sqlalchemy import select

from mtu.authz import Role
from mtu.fleet.models import Unit
from tests.factories import CourseFactory, EquipmentFactory, RegencyFactory, UnitFactory


def _form(**overrides):
    data = {"code": "MTU-03", "name": "MTU Otomotif", "plate": "N 8103 XA",
            "home_base": "BLK Rejoso", "status": "ready"}
    data.update(overrides)
    return data


def test_staff_register_a_unit(client, login_as, db):
    staff = login_as(Role.STAFF)
    oven = EquipmentFactory(name="Oven")
    page = client.get("/fleet/new").get_data(as_text=True)
    assert "Oven" in page and "Kabupaten/kota" not in page
    response = client.post_form("/fleet/new", {**_form(), "equipment_ids": [str(oven.id)]})
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit))
    assert response.headers["Location"] == f"/fleet/{unit.id}"
    assert unit.regency == staff.regency and unit.equipment == [oven]
    CourseFactory(name="Roti", equipment=[oven])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "MTU Otomotif" in page and "Oven" in page and "Roti" in page


def test_admin_registers_a_unit_for_a_regency(client, login_as, db):
    login_as(Role.ADMIN)
    regency = RegencyFactory()
    response = client.post_form("/fleet/new", _form(regency=regency.code))
    assert response.status_code == 302
    assert db.session.scalar(select(Unit)).regency == regency


def test_staff_edit_a_unit(client, login_as, db):
    staff = login_as(Role.STAFF)
    oven = EquipmentFactory(name="Oven")
    unit = UnitFactory(regency=staff.regency, equipment=[oven])
    page = client.get(f"/fleet/{unit.id}/edit").get_data(as_text=True)
    assert unit.code in page
    assert f'checked id="equipment_ids-0" name="equipment_ids" type="checkbox" value="{oven.id}"' \
        in page
    response = client.post_form(f"/fleet/{unit.id}/edit", _form(code=unit.code,
                                                                status="maintenance"))
    assert response.status_code == 302
    db.session.refresh(unit)
    assert unit.name == "MTU Otomotif" and unit.status == "maintenance" and unit.equipment == []


@pytest.mark.parametrize("overrides, message", [
    ({"code": ""}, "Wajib diisi."),
    ({"code": "mtu-01"}, "Kode unit MTU-01 sudah dipakai."),
    ({"status": "rusak"}, "Pilihan tidak valid."),
    ({"equipment_ids": "99999"}, "Pilihan tidak valid."),
    ({"plate": "N" * 21}, "Paling banyak 20 karakter."),
])
def test_invalid_input_is_explained_and_kept(client, login_as, db, overrides, message):
    login_as(Role.STAFF)
    UnitFactory(code="MTU-01")
    response = client.post_form("/fleet/new", _form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "MTU Otomotif" in page and "BLK Rejoso" in page
    assert db.session.query(Unit).count() == 1


def test_the_status_toggle_returns_only_the_row(client, login_as, db):
    staff = login_as(Role.STAFF)
    unit = UnitFactory(regency=staff.regency)
    response = client.post_form(f"/fleet/{unit.id}/status", {"status": "maintenance"},
                                htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<li id="unit-{unit.id}" class="row wrap">')
    assert "<html" not in body and "Perawatan" in body and "Tandai siap" in body
    assert len(body.encode()) < 5 * 1024
    db.session.refresh(unit)
    assert unit.status == "maintenance"


def test_the_status_toggle_without_javascript_redirects(client, login_as, db):
    staff = login_as(Role.STAFF)
    unit = UnitFactory(regency=staff.regency, status="maintenance")
    response = client.post_form(f"/fleet/{unit.id}/status", {"status": "ready"})
    assert response.status_code == 302 and response.headers["Location"] == "/fleet/"
    db.session.refresh(unit)
    assert unit.status == "ready"
    assert client.post_form(f"/fleet/{unit.id}/status", {"status": "rusak"}).status_code == 400


def test_the_status_toggle_needs_csrf(client, login_as, db):
    staff = login_as(Role.STAFF)
    unit = UnitFactory(regency=staff.regency)
    response = client.post(f"/fleet/{unit.id}/status", data={"status": "maintenance"})
    assert response.status_code == 400
    db.session.refresh(unit)
    assert unit.status == "ready"


@pytest.mark.parametrize("method, url", [
    ("get", "/fleet/{id}"), ("get", "/fleet/{id}/edit"), ("post", "/fleet/{id}/status"),
    ("post", "/fleet/{id}/edit"),
])
def test_another_districts_unit_is_not_found(client, login_as, db, method, url):
    login_as(Role.STAFF)
    other = UnitFactory()
    if method == "get":
        response = client.get(url.format(id=other.id))
    else:
        response = client.post_form(url.format(id=other.id), _form(status="maintenance"))
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.status == "ready" and other.name != "MTU Otomotif"


def test_the_list_shows_status_and_equipment_and_filters_as_a_fragment(client, login_as):
    staff = login_as(Role.STAFF)
    UnitFactory(regency=staff.regency, code="MTU-01", equipment=[EquipmentFactory(name="Oven")])
    UnitFactory(regency=staff.regency, code="MTU-02", status="maintenance")
    UnitFactory(code="MTU-09")
    page = client.get("/fleet/").get_data(as_text=True)
    assert "MTU-01" in page and "Oven" in page and "Perawatan" in page
    assert "MTU-09" not in page
    body = client.htmx_get("/fleet/?status=maintenance").get_data(as_text=True)
    assert "<html" not in body and "MTU-02" in body and "MTU-01" not in body


def test_trainers_and_villages_may_not_use_the_fleet_pages(client, login_as):
    login_as(Role.TRAINER)
    assert client.get("/fleet/").status_code == 403
    unit = UnitFactory()
    assert client.post_form(f"/fleet/{unit.id}/status", {"status": "ready"}).status_code == 403


def test_the_list_sends_no_query_per_unit(client, login_as, count_queries):
    login_as(Role.ADMIN)
    oven = EquipmentFactory()

    def add_units(number):
        for _ in range(number):
            UnitFactory(equipment=[oven])

    add_units(2)
    few = count_queries(lambda: client.get("/fleet/"))
    add_units(5)
    assert count_queries(lambda: client.get("/fleet/")) == few

"""Facility pages through HTTP: the grid, one-cell ticks with and without htmx, items, access."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mtu.authz import Role
from mtu.facilities import services
from mtu.facilities.models import FacilityItem, Handover
from tests import weigh
from tests.factories import UserFactory

TICK_BUDGET = 1024


@pytest.fixture
def grid(district, db):
    """The standard items and 16 accepted people; the first has received the pocket money."""
    services.add_standard_items(district.batch)
    people = district.enrol_many(16)
    items = {item.name: item for item in services.items_of(district.batch)}
    services.set_handover(people[0], items["Uang saku"], True, district.staff,
                          on=date(2026, 3, 2))
    db.session.commit()
    return people, items


def _tick(client, person, item, handed, htmx=True, **kwargs):
    return client.post_form("/facilities/handovers", {
        "enrolment_id": person.id, "item_id": item.id, "handed": handed}, htmx=htmx, **kwargs)


def _count(db, model=Handover):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_grid_lists_accepted_people_and_items(client, district, grid):
    people, items = grid
    client.login(district.staff)
    page = client.get(f"/facilities/batches/{district.batch.id}").get_data(as_text=True)
    for person in people:
        assert person.participant.full_name in page
        assert person.participant.masked_nik in page
        assert person.participant.nik not in page
    assert "Uang transport" in page and "Rp50.000 per hari" in page
    assert "Rp750.000" in page and "✓ 02/03" in page
    assert 'data-hx-disabled-elt="this"' in page and 'data-hx-target="closest td"' in page
    assert "Isi daftar standar" not in page  # the list is already filled
    assert f'href="/facilities/batches/{district.batch.id}/receipt.pdf"' in page


def test_an_htmx_tick_answers_with_the_cell_alone_in_under_1_kb(client, district, grid, db):
    people, items = grid
    client.login(district.staff)
    response = _tick(client, people[1], items["Sepatu"], "1",
                     headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        import gzip
        body = gzip.decompress(body)
    cell = body.decode()
    assert cell.startswith("<td") and cell.rstrip().endswith("</td>")
    assert "<html" not in cell and "Uang transport" not in cell
    assert 'name="handed" value="0"' in cell and "✓" in cell
    assert "Staf Pasuruan" in cell  # who recorded it, in the title
    assert weigh.wire_size(response) <= TICK_BUDGET
    assert len(body) <= TICK_BUDGET
    assert "HX-Request" in response.headers["Vary"]
    assert _count(db) == 2


def test_a_repeated_tick_keeps_one_record_and_untick_removes_it(client, district, grid, db):
    people, items = grid
    client.login(district.staff)
    for _attempt in range(2):
        assert _tick(client, people[1], items["Tas"], "1").status_code == 200
    assert _count(db) == 2
    for _attempt in range(2):
        response = _tick(client, people[1], items["Tas"], "0")
        assert response.status_code == 200 and 'name="handed" value="1"' in response.text
    assert _count(db) == 1


def test_without_javascript_a_tick_posts_the_form_and_comes_back(client, district, grid, db):
    people, items = grid
    client.login(district.staff)
    response = _tick(client, people[2], items["Modul"], "1", htmx=False)
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/facilities/batches/{district.batch.id}#p{people[2].id}")
    assert _count(db) == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("✓ ") == 2


def test_a_tick_needs_the_csrf_token(client, district, grid, db):
    people, items = grid
    client.login(district.staff)
    data = {"enrolment_id": people[1].id, "item_id": items["Tas"].id, "handed": "1"}
    assert client.post("/facilities/handovers", data=data).status_code == 400
    response = client.post("/facilities/handovers", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 400 and response.headers["HX-Retarget"] == "#messages"
    assert _count(db) == 1


def test_a_tick_must_say_which_state_it_wants(client, district, grid, db):
    people, items = grid
    client.login(district.staff)
    assert _tick(client, people[1], items["Tas"], "flip").status_code == 400
    assert _count(db) == 1


def test_a_withdrawn_person_cannot_be_ticked_and_the_cell_says_why(client, district, grid, db):
    people, items = grid
    people[3].status = "withdrawn"
    db.session.commit()
    client.login(district.staff)
    response = _tick(client, people[3], items["Tas"], "1")
    assert response.status_code == 422
    assert response.text.startswith("<td") and "Mengundurkan diri" in response.text
    response = _tick(client, people[3], items["Tas"], "1", htmx=False)
    assert response.status_code == 302
    assert "Mengundurkan diri" in client.get(response.headers["Location"]).text
    assert _count(db) == 1


def test_items_are_added_with_rupiah_as_people_type_it(client, district, db):
    client.login(district.staff)
    url = f"/facilities/batches/{district.batch.id}/items"
    response = client.post_form(url, {"name": "Kaos praktik", "unit_value": "Rp 85.000"})
    assert response.status_code == 302
    item = db.session.scalar(select(FacilityItem))
    assert (item.name, item.unit_value, item.per_day) == ("Kaos praktik", 85_000, False)
    response = client.post_form(url, {"name": "Makan siang", "unit_value": "25000",
                                      "per_day": "y"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Rp85.000 sekali" in page and "Rp25.000 per hari" in page


@pytest.mark.parametrize("data, message", [
    ({"name": "Kaos", "unit_value": "delapan puluh"}, "Tulis nilai rupiah tanpa sen"),
    ({"name": "", "unit_value": "85.000"}, "Wajib diisi."),
    ({"name": "Tas", "unit_value": "100.000"}, "Tas sudah ada di paket ini."),
])
def test_a_wrong_item_is_explained_beside_the_field(client, district, db, data, message):
    services.add_item(district.batch, "Tas", 100_000)
    db.session.commit()
    client.login(district.staff)
    response = client.post_form(f"/facilities/batches/{district.batch.id}/items", data)
    assert response.status_code == 422
    assert message in response.text
    assert _count(db, FacilityItem) == 1


def test_the_standard_list_is_one_button_away(client, district, db):
    client.login(district.staff)
    page = client.get(f"/facilities/batches/{district.batch.id}").text
    assert "Isi daftar standar" in page
    url = f"/facilities/batches/{district.batch.id}/standard"
    response = client.post_form(url)
    assert response.status_code == 302
    assert "9 fasilitas standar ditambahkan" in client.get(response.headers["Location"]).text
    response = client.post_form(url)
    assert "sudah punya daftar fasilitas" in client.get(response.headers["Location"]).text
    assert _count(db, FacilityItem) == 9


def test_an_item_is_deleted_only_while_nobody_has_it(client, district, grid, db):
    _people, items = grid
    client.login(district.staff)
    response = client.post_form(f"/facilities/items/{items['Uang saku'].id}/delete")
    assert "Uang saku sudah diserahkan" in client.get(response.headers["Location"]).text
    response = client.post_form(f"/facilities/items/{items['Modul'].id}/delete")
    assert "Modul dihapus." in client.get(response.headers["Location"]).text
    assert _count(db, FacilityItem) == 8


def test_staff_of_another_district_find_nothing(client, district, grid, db):
    people, items = grid
    client.login(UserFactory(staff=True))
    batch_id = district.batch.id
    assert client.get(f"/facilities/batches/{batch_id}").status_code == 404
    assert client.get(f"/facilities/batches/{batch_id}/receipt.pdf").status_code == 404
    assert _tick(client, people[1], items["Tas"], "1").status_code == 404
    assert _tick(client, people[0], items["Uang saku"], "0", htmx=False).status_code == 404
    assert client.post_form(f"/facilities/batches/{batch_id}/items",
                            {"name": "Topi", "unit_value": "1"}).status_code == 404
    assert client.post_form(f"/facilities/batches/{batch_id}/standard").status_code == 404
    assert client.post_form(f"/facilities/items/{items['Modul'].id}/delete").status_code == 404
    assert _count(db) == 1 and _count(db, FacilityItem) == 9


def test_admins_see_every_district(client, district, grid, login_as):
    login_as(Role.ADMIN)
    assert client.get(f"/facilities/batches/{district.batch.id}").status_code == 200


@pytest.mark.parametrize("role", [Role.TRAINER, Role.VILLAGE])
def test_trainers_and_village_operators_are_turned_away(client, district, grid, login_as, role,
                                                        db):
    people, items = grid
    login_as(role)
    assert client.get(f"/facilities/batches/{district.batch.id}").status_code == 403
    assert client.get(f"/facilities/batches/{district.batch.id}/receipt.pdf").status_code == 403
    assert _tick(client, people[1], items["Tas"], "1").status_code == 403
    assert _count(db) == 1


def test_the_page_takes_the_same_queries_for_any_number_of_rows(client, district, db,
                                                                 count_queries):
    services.add_standard_items(district.batch)
    district.enrol_many(2)
    db.session.commit()
    client.login(district.staff)
    url = f"/facilities/batches/{district.batch.id}"
    few = count_queries(lambda: client.get(url))
    for n in range(14):
        district.enrol(f"Tambahan {n}", 100 + n)
    assert count_queries(lambda: client.get(url)) == few


def test_a_full_grid_fits_the_page_budget(client, district, grid, db):
    people, items = grid
    for person in people:
        for item in list(items.values())[::2]:
            services.set_handover(person, item, True, district.staff)
    db.session.commit()
    client.login(district.staff)
    response = client.get(f"/facilities/batches/{district.batch.id}",
                          headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert weigh.wire_size(response) <= weigh.FULL_PAGE_BUDGET

"""Browsing regions and the region field's suggestions."""

from mtu.authz import Role
from tests.factories import VillageFactory


def test_index_lists_provinces_with_child_counts(client, login_as):
    login_as(Role.STAFF)
    village = VillageFactory()
    province = village.parent.parent.parent
    page = client.get("/regions/").get_data(as_text=True)
    assert province.name in page and village.name not in page


def test_search_as_you_type_returns_only_the_list(client, login_as):
    login_as(Role.ADMIN)
    VillageFactory(name="Bulukandang")
    VillageFactory(name="Sambisirah")
    response = client.htmx_get("/regions/?q=bulu")
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and "Bulukandang" in fragment
    assert "Sambisirah" not in fragment
    assert "HX-Request" in response.headers["Vary"]


def test_search_finds_codes_and_words_inside_names(client, login_as):
    login_as(Role.ADMIN)
    village = VillageFactory(name="Maron Kulon")
    assert "Maron Kulon" in client.htmx_get("/regions/?q=kulon").get_data(as_text=True)
    assert "Maron Kulon" in client.htmx_get(f"/regions/?q={village.code}").get_data(as_text=True)


def test_detail_shows_the_path_and_children(client, login_as):
    login_as(Role.ADMIN)
    village = VillageFactory(name="Dompo")
    subdistrict = village.parent
    page = client.get(f"/regions/{subdistrict.id}").get_data(as_text=True)
    assert subdistrict.parent.name in page and "Dompo" in page


def test_suggestions_are_datalist_options_of_one_level(client, login_as):
    login_as(Role.ADMIN)
    village = VillageFactory(name="Pekoren")
    response = client.htmx_get("/regions/suggest?level=village&field=village&village=peko")
    body = response.get_data(as_text=True)
    assert body.strip() == f'<option value="Pekoren, {village.parent.name}, ' \
                           f'{village.parent.parent.name} [{village.code}]">'
    empty = client.htmx_get("/regions/suggest?level=regency&field=q&q=peko")
    assert empty.get_data(as_text=True).strip() == ""


def test_lists_paginate(client, login_as, app):
    login_as(Role.ADMIN)
    first = VillageFactory()
    for _ in range(app.config["PER_PAGE"] + 2):
        VillageFactory(parent=first.parent)
    page = client.get(f"/regions/{first.parent.id}").get_data(as_text=True)
    assert "Halaman 1 dari 2" in page and 'rel="next"' in page
    page2 = client.get(f"/regions/{first.parent.id}?page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in page2

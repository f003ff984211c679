"""Each role has its own home page."""

import pytest

from mtu.authz import ROLE_LABELS, Role


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home_page(client, login_as, role):
    user = login_as(role)
    page = client.get("/").get_data(as_text=True)
    assert f"Selamat datang, {user.name}" in page
    assert str(ROLE_LABELS[role]) in page


def test_admin_home_counts_users_and_regions(client, login_as):
    login_as(Role.ADMIN)
    login_as_staff_count = client.get("/").get_data(as_text=True)
    assert "<dt>Administrator</dt><dd>1</dd>" in login_as_staff_count
    assert "<dt>Desa/kelurahan</dt><dd>0</dd>" in login_as_staff_count


def test_scoped_users_see_what_they_work_for(client, login_as):
    user = login_as(Role.VILLAGE)
    assert user.village.name in client.get("/").get_data(as_text=True)

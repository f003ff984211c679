"""Signing in and out, passwords, and the admin's user pages, through HTTP."""

import re

import pytest

from mtu.auth.models import User
from mtu.authz import Role
from tests.factories import PASSWORD, AgencyFactory, CompanyFactory, UserFactory, VillageFactory


def test_login_page_is_indonesian_with_labelled_fields(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert '<label for="email">Email</label>' in page
    assert '<label for="password">Kata sandi</label>' in page


def test_login_then_home_then_logout(client, db):
    user = UserFactory(name="Siti")
    response = client.login(user)
    assert response.headers["Location"] == "/"
    assert "Selamat datang, Siti" in client.get("/").get_data(as_text=True)
    assert client.post_form("/auth/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_logout_is_not_possible_by_a_plain_link(client):
    client.login(UserFactory())
    assert client.get("/auth/logout").status_code == 405


def test_wrong_password_keeps_the_email_and_explains_in_indonesian(client):
    user = UserFactory()
    response = client.post_form("/auth/login", {"email": user.email, "password": "salah"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Email atau kata sandi salah" in page
    assert f'value="{user.email}"' in page


def test_empty_login_form_says_what_is_missing(client):
    response = client.post_form("/auth/login", {"email": "", "password": ""})
    assert response.get_data(as_text=True).count("Wajib diisi.") == 2


def test_login_follows_next_but_only_within_the_site(client):
    user = UserFactory()
    token = client.csrf_token()
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/auth/login?next=/regions/?q=pas", data=data)
    assert response.headers["Location"] == "/regions/?q=pas"
    client.post_form("/auth/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        data["csrf_token"] = client.csrf_token()
        response = client.post(f"/auth/login?next={evil}", data=data)
        assert response.headers["Location"] == "/", evil
        client.post_form("/auth/logout")


def test_deactivated_users_are_signed_out_at_once(client, db):
    user = UserFactory()
    client.login(user)
    user.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_too_many_login_attempts_are_throttled(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        client.post_form("/auth/login", {"email": "x@contoh.example", "password": "x"})
    response = client.post_form("/auth/login", {"email": "x@contoh.example", "password": "x"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_change_password_keeps_the_user_signed_in_and_ends_other_sessions(client, app):
    user = UserFactory()
    other_device = app.test_client()
    other_device.login(user)
    client.login(user)
    response = client.post_form("/auth/password", {
        "current_password": PASSWORD, "new_password": "sandi-baru-99",
        "confirm_password": "sandi-baru-99"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302


def test_change_password_errors_are_shown_beside_the_fields(client):
    client.login(UserFactory())
    response = client.post_form("/auth/password", {
        "current_password": "salah", "new_password": "pendek", "confirm_password": "lain"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kata sandi paling sedikit 12 karakter." in page
    assert "Tidak sama dengan kata sandi baru." in page


def test_a_temporary_password_must_be_changed_before_anything_else(client):
    user = UserFactory(must_change_password=True)
    client.login(user)
    response = client.get("/regions/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/password"


def test_admin_lists_and_searches_users_with_an_htmx_fragment(client, login_as):
    login_as(Role.ADMIN, name="Admin Satu")
    UserFactory(name="Rina Operator", village_operator=True)
    page = client.get("/auth/users?q=rina").get_data(as_text=True)
    assert "<html" in page and "Rina Operator" in page
    assert "<strong>Admin Satu</strong>" not in page
    fragment = client.htmx_get("/auth/users?q=rina").get_data(as_text=True)
    assert "<html" not in fragment and "Rina Operator" in fragment
    assert "Vary" in client.htmx_get("/auth/users").headers


def _user_form(**overrides):
    data = {"name": "Dewi", "email": "dewi@contoh.example", "role": "staff",
            "regency": "", "village": "", "company_id": "0", "agency_id": "0", "active": "y"}
    data.update(overrides)
    return data


def test_admin_creates_a_staff_account_with_a_temporary_password(client, login_as, db):
    login_as(Role.ADMIN)
    village = VillageFactory()
    regency = village.parent.parent
    response = client.post_form("/auth/users/new", _user_form(regency=regency.code))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", page).group(1)
    created = db.session.query(User).filter_by(email="dewi@contoh.example").one()
    assert created.regency == regency and created.must_change_password
    assert created.check_password(password)


def test_region_fields_accept_the_datalist_label(client, login_as, db):
    login_as(Role.ADMIN)
    village = VillageFactory(name="Bulukandang")
    label = f"Bulukandang, whatever [{village.code}]"
    client.post_form("/auth/users/new", _user_form(role="village", village=label))
    created = db.session.query(User).filter_by(email="dewi@contoh.example").one()
    assert created.village == village
    assert created.regency == village.parent.parent


@pytest.mark.parametrize("role, field", [("staff", "regency"), ("village", "village"),
                                         ("company", "company_id"), ("agency", "agency_id")])
def test_scoped_roles_need_their_entity(client, login_as, db, role, field):
    login_as(Role.ADMIN)
    response = client.post_form("/auth/users/new", _user_form(role=role))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Wajib diisi untuk peran" in page
    assert 'value="Dewi"' in page  # what was typed stays
    assert db.session.query(User).count() == 1


def test_company_and_agency_accounts_keep_only_their_own_scope(client, login_as, db):
    login_as(Role.ADMIN)
    company, agency = CompanyFactory(), AgencyFactory()
    client.post_form("/auth/users/new", _user_form(role="company", company_id=str(company.id),
                                                   agency_id=str(agency.id)))
    created = db.session.query(User).filter_by(email="dewi@contoh.example").one()
    assert created.company == company and created.agency is None


def test_unknown_region_and_duplicate_email_are_refused(client, login_as):
    admin = login_as(Role.ADMIN)
    response = client.post_form("/auth/users/new", _user_form(regency="Negeri Antah",
                                                              email=admin.email))
    page = response.get_data(as_text=True)
    assert "Kabupaten/kota tidak ditemukan" in page
    assert "Email ini sudah dipakai akun lain." in page
    assert 'value="Negeri Antah"' in page


def test_admin_edits_a_user(client, login_as, db):
    login_as(Role.ADMIN)
    user = UserFactory(staff=True, name="Lama")
    response = client.post_form(f"/auth/users/{user.id}", _user_form(
        name="Baru", email=user.email, regency=user.regency.code))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.name == "Baru"


def test_admin_cannot_lock_themselves_out(client, login_as, db):
    admin = login_as(Role.ADMIN)
    response = client.post_form(f"/auth/users/{admin.id}", _user_form(
        email=admin.email, role="staff", regency=""))
    assert response.status_code == 422
    assert client.post_form(f"/auth/users/{admin.id}/active").status_code == 302
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.active


def test_deactivate_inline_returns_only_the_row(client, login_as, db):
    login_as(Role.ADMIN)
    user = UserFactory(name="Pak Joko")
    response = client.post_form(f"/auth/users/{user.id}/active", htmx=True)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.lstrip().startswith(f'<li id="user-{user.id}"')
    assert "Nonaktif" in fragment and "<html" not in fragment
    db.session.refresh(user)
    assert not user.active


def test_deactivate_without_javascript_redirects_back_to_the_list(client, login_as, db):
    login_as(Role.ADMIN)
    user = UserFactory()
    response = client.post_form(f"/auth/users/{user.id}/active")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/users"
    db.session.refresh(user)
    assert not user.active


def test_reset_password_shows_it_once_and_forces_a_change(client, login_as, db):
    login_as(Role.ADMIN)
    user = UserFactory()
    page = client.post_form(f"/auth/users/{user.id}/password").get_data(as_text=True)
    password = re.search(r"<code>([^<]+)</code>", page).group(1)
    db.session.refresh(user)
    assert user.check_password(password) and user.must_change_password

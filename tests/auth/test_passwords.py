"""Password rules, sessions that end after inactivity, and the admin's reset."""

from datetime import timedelta

import pytest

from mtu import clock
from mtu.auth import passwords
from mtu.authz import Role
from tests.factories import PASSWORD, UserFactory


@pytest.mark.parametrize("password, accepted", [
    ("pendek-123", False),  # 10 characters
    ("password1234", False), ("Qwertyuiop123", False), ("BISMILLAH123", False),
    ("  1234567890ab ", False), ("kopi tubruk pagi hari", True), ("sandi-baru-99x", True),
])
def test_new_passwords_are_long_and_not_common(app, password, accepted):
    with app.test_request_context():
        assert (passwords.problems(password) == []) is accepted


def test_the_common_list_is_the_top_ten_thousand_and_some_indonesian(app):
    common = passwords.common_passwords()
    assert 10_000 <= len(common) < 10_100
    assert {"123456", "password", "qwertyuiop", "bismillah123", "disnaker2026"} <= common


def test_the_password_form_refuses_a_common_password_beside_the_field(client):
    client.login(UserFactory())
    response = client.post_form("/auth/password", {
        "current_password": PASSWORD, "new_password": "qwertyuiop123",
        "confirm_password": "qwertyuiop123"})
    assert response.status_code == 422
    assert "paling sering dipakai" in response.get_data(as_text=True)


def test_create_admin_refuses_a_common_password(app, db):
    result = app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", "a@b.example", "--name", "Admin",
        "--password-stdin"], input="qwerty123456\n")
    assert result.exit_code != 0 and "paling sering dipakai" in result.output


def _later(monkeypatch, minutes):
    moment = clock.utc_now() + timedelta(minutes=minutes)
    monkeypatch.setattr(clock, "utc_now", lambda: moment)


def test_a_session_ends_after_the_idle_minutes_and_activity_keeps_it(client, app,
                                                                       monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)
    real_now = clock.utc_now
    client.login(UserFactory(role=Role.ADMIN.value))
    _later(monkeypatch, 25)
    assert client.get("/auth/users").status_code == 200  # activity at +25 min
    monkeypatch.setattr(clock, "utc_now", lambda: real_now() + timedelta(minutes=50))
    assert client.get("/auth/users").status_code == 200  # 25 minutes after the last use
    monkeypatch.setattr(clock, "utc_now", lambda: real_now() + timedelta(minutes=81))
    response = client.get("/auth/users")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak dipakai selama 30 menit" in page
    assert client.get("/auth/users").status_code == 302  # signed out, not just this once


def test_htmx_gets_401_and_a_redirect_when_the_session_went_idle(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)
    client.login(UserFactory(role=Role.ADMIN.value))
    _later(monkeypatch, 31)
    response = client.htmx_get("/auth/users")
    assert response.status_code == 401 and "/auth/login" in response.headers["HX-Redirect"]


def test_no_idle_limit_when_set_to_zero(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 0)
    client.login(UserFactory(role=Role.ADMIN.value))
    _later(monkeypatch, 60 * 24)
    assert client.get("/auth/users").status_code == 200


def test_the_admins_reset_ends_the_accounts_sessions(client, app, login_as):
    staff = UserFactory(staff=True)
    other_device = app.test_client()
    other_device.login(staff)
    login_as(Role.ADMIN)
    page = client.post_form(f"/auth/users/{staff.id}/password").get_data(as_text=True)
    assert PASSWORD not in page
    assert other_device.get("/").status_code == 302

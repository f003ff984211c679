"""The application shell: settings, headers, error pages and the health check."""

import pytest

from mtu import create_app
from mtu.authz import Role
from mtu.config import Config, TestingConfig


def test_production_refuses_the_default_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config(environ={}))


def test_production_starts_with_a_real_secret_key(tmp_path):
    config = Config(environ={"SECRET_KEY": "x" * 40, "MTU_RATELIMIT_SINGLE_PROCESS": "1",
                             "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_get_the_psycopg_driver():
    config = Config(environ={"DATABASE_URL": "postgres://u@h/db"})
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"


def test_strict_content_security_policy_on_every_page(client):
    response = client.get("/auth/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]


def test_pages_have_no_inline_script_or_style(client, login_as):
    login_as(Role.ADMIN)
    for url in ("/", "/auth/users", "/auth/users/new", "/regions/"):
        page = client.get(url).get_data(as_text=True)
        assert "<style" not in page and " style=" not in page, url
        assert " onclick=" not in page and "hx-on" not in page, url
        for script in page.split("<script")[1:]:
            assert script.split(">")[0].strip().startswith("src="), url


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}"
    app = create_app(config)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_not_found_page_is_in_indonesian(client, login_as):
    login_as(Role.ADMIN)
    response = client.get("/regions/999999")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
    assert "<html" in response.get_data(as_text=True)


def test_errors_for_htmx_are_fragments_sent_to_the_message_area(client, login_as):
    login_as(Role.ADMIN)
    response = client.htmx_get("/regions/999999")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in body and "Halaman tidak ditemukan" in body
    assert response.headers["HX-Retarget"] == "#messages"


def test_forbidden_page_is_in_indonesian(client, login_as):
    login_as(Role.VILLAGE)
    response = client.get("/auth/users")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_unexpected_errors_answer_an_indonesian_500(app, client, login_as, monkeypatch):
    login_as(Role.ADMIN)
    from mtu.home import services

    def broken():
        raise ValueError("boom")

    monkeypatch.setattr(services, "admin_summary", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)


def test_bad_input_never_answers_500(client, login_as):
    login_as(Role.ADMIN)
    for url in ("/regions/?page=abc", "/regions/?page=-4", "/regions/?level=nonsense&q=%00",
                "/auth/users?role=xx&page=99999", "/regions/suggest?level=nope",
                "/regions/suggest", "/regions/1?q=" + "a" * 5000):
        assert client.get(url).status_code < 500, url


def test_sqlite_runs_with_foreign_keys_and_wal(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    from sqlalchemy import text
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_default_database_is_the_instance_sqlite_file():
    config = Config(environ={})
    assert config.SQLALCHEMY_DATABASE_URI.endswith("/instance/mtu.sqlite3")


def test_the_app_starts_in_a_fresh_interpreter():
    """Import order in tests differs from `flask --app wsgi` and gunicorn: catch cycles."""
    import subprocess
    import sys

    code = ("from mtu import create_app; from mtu.config import TestingConfig; "
            "c = TestingConfig(); c.SQLALCHEMY_DATABASE_URI = 'sqlite://'; create_app(c)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]

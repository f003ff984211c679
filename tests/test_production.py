"""Starting in production: the first admin, no demo, settings that hold behind a proxy and
with several workers."""

import re
from pathlib import Path

import pytest
from flask import request
from sqlalchemy import func, select

from mtu import create_app
from mtu.auth.models import User
from mtu.authz import Role
from mtu.config import Config, DevelopmentConfig, TestingConfig
from tests.factories import UserFactory

PRODUCTION_ENV = {"SECRET_KEY": "k" * 40, "DATABASE_URL": "sqlite://"}
GOOD_PASSWORD = "kata-sandi-panjang-1"


def _users(db):
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(User))


# --- users create-admin -------------------------------------------------------------------


def _create_admin(app, *extra, input=None):
    return app.test_cli_runner().invoke(args=["users", "create-admin", *extra], input=input)


def test_create_admin_asks_the_password_twice(app, db):
    result = _create_admin(app, "--email", "Kepala@Disnaker.example", "--name", "Bu Kepala",
                           input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Admin kepala@disnaker.example dibuat" in result.output
    db.session.commit()
    user = db.session.scalar(select(User).where(User.email == "kepala@disnaker.example"))
    assert (user.role, user.name, user.active, user.must_change_password) == (
        Role.ADMIN.value, "Bu Kepala", True, False)
    assert user.check_password(GOOD_PASSWORD)


def test_create_admin_prompts_for_email_and_name_too(app, db):
    result = _create_admin(app, input=f"a@b.example\nAdmin\n{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert _users(db) == 1


def test_create_admin_reads_the_password_from_stdin(app, client, db):
    result = _create_admin(app, "--email", "a@b.example", "--name", "Admin", "--password-stdin",
                           input=GOOD_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    response = client.post_form("/auth/login", {"email": "a@b.example",
                                                "password": GOOD_PASSWORD})
    assert response.status_code == 302


def test_create_admin_refuses_a_mismatch_a_short_password_and_a_taken_email(app, db):
    mismatch = _create_admin(app, "--email", "a@b.example", "--name", "Admin",
                             input=f"{GOOD_PASSWORD}\nlain-lagi-12345\n")
    assert mismatch.exit_code != 0
    short = _create_admin(app, "--email", "a@b.example", "--name", "Admin", "--password-stdin",
                          input="pendek123\n")
    assert short.exit_code == 1 and "paling sedikit 12 karakter" in short.output
    bad_email = _create_admin(app, "--email", "bukan-email", "--name", "Admin",
                              "--password-stdin", input=GOOD_PASSWORD + "\n")
    assert bad_email.exit_code == 1 and "Alamat email tidak valid" in bad_email.output
    assert _users(db) == 0
    UserFactory(email="a@b.example")
    taken = _create_admin(app, "--email", "A@B.example", "--name", "Admin", "--password-stdin",
                          input=GOOD_PASSWORD + "\n")
    assert taken.exit_code == 1 and "sudah dipakai" in taken.output
    assert _users(db) == 1


# --- seed-demo ---------------------------------------------------------------------------


def test_seed_demo_refuses_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "menolak berjalan di produksi" in result.output and "create-admin" in result.output
    assert _users(db) == 0


def test_only_production_is_production():
    assert Config(PRODUCTION_ENV).PRODUCTION is True
    assert DevelopmentConfig({}).PRODUCTION is False and TestingConfig({}).PRODUCTION is False


# --- Rate limit storage ------------------------------------------------------------------


def test_production_refuses_per_process_rate_limits():
    with pytest.raises(RuntimeError, match="memory://"):
        Config(PRODUCTION_ENV).check()
    with pytest.raises(RuntimeError, match="MTU_RATELIMIT_SINGLE_PROCESS"):
        create_app(Config(PRODUCTION_ENV))


def test_production_starts_with_redis_or_a_declared_single_process():
    Config({**PRODUCTION_ENV, "RATELIMIT_STORAGE_URI": "redis://localhost:6379"}).check()
    Config({**PRODUCTION_ENV, "MTU_RATELIMIT_SINGLE_PROCESS": "1"}).check()
    app = create_app(Config({**PRODUCTION_ENV, "MTU_RATELIMIT_SINGLE_PROCESS": "1"}))
    assert app.config["PRODUCTION"] is True


def test_development_and_tests_keep_memory_storage():
    for config in (DevelopmentConfig({}), TestingConfig({})):
        assert config.RATELIMIT_STORAGE_URI == "memory://"
        config.check()


def test_numeric_settings_must_be_whole_numbers():
    with pytest.raises(RuntimeError, match="MTU_PROXY_HOPS"):
        Config({**PRODUCTION_ENV, "MTU_PROXY_HOPS": "١"})
    assert Config({**PRODUCTION_ENV, "MTU_IMPORT_RETENTION_DAYS": "30"}).IMPORT_RETENTION_DAYS \
        == 30


# --- ProxyFix ----------------------------------------------------------------------------


def _whoami_app(hops: int):
    config = TestingConfig({"MTU_PROXY_HOPS": str(hops)})
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    app = create_app(config)
    app.add_url_rule("/whoami-for-test", "whoami",
                     lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    return app


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "mtu.example.go.id"}


def test_behind_a_proxy_the_client_address_and_scheme_come_from_it():
    response = _whoami_app(1).test_client().get("/whoami-for-test", headers=FORWARDED)
    assert response.get_data(as_text=True) == "203.0.113.7 https mtu.example.go.id"


def test_without_proxy_hops_forwarded_headers_are_ignored():
    response = _whoami_app(0).test_client().get("/whoami-for-test", headers=FORWARDED)
    assert response.get_data(as_text=True) == "127.0.0.1 http localhost"


def test_only_the_configured_number_of_hops_is_trusted():
    headers = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    response = _whoami_app(1).test_client().get("/whoami-for-test", headers=headers)
    assert response.get_data(as_text=True).startswith("203.0.113.7 ")


# --- Sign-in limit per account -----------------------------------------------------------


def _attempt(client, email, password, address):
    return client.post_form("/auth/login", {"email": email, "password": password},
                            environ_base={"REMOTE_ADDR": address})


def test_failed_sign_ins_are_limited_per_account_from_any_address(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per 15 minutes")
    victim, other = UserFactory(email="korban@contoh.example"), UserFactory()
    for n in range(3):
        assert _attempt(client, "Korban@contoh.example ", "salah", f"10.0.0.{n}") \
            .status_code == 422
    # The right password from yet another address: the account is throttled for a while.
    response = _attempt(client, victim.email, "rahasia-123", "10.0.0.99")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    # Other accounts, from the same addresses, are not.
    assert _attempt(client, other.email, "rahasia-123", "10.0.0.1").status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "2 per 15 minutes")
    user = UserFactory()
    for n in range(4):
        fresh = app.test_client()
        assert _attempt(fresh, user.email, "rahasia-123", f"10.1.0.{n}").status_code == 302


def test_behind_a_proxy_one_address_does_not_lock_out_the_others(app, client, monkeypatch):
    from werkzeug.middleware.proxy_fix import ProxyFix

    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1))
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")

    def attempt(forwarded_for, n):
        return client.post_form("/auth/login", {"email": f"orang{n}@contoh.example",
                                                "password": "salah"},
                                headers={"X-Forwarded-For": forwarded_for})

    for n in range(3):
        assert attempt("203.0.113.7", n).status_code == 422
    assert attempt("203.0.113.7", 9).status_code == 429
    assert attempt("198.51.100.20", 10).status_code == 422


def test_every_setting_is_in_the_deployment_guide():
    """docs/DEPLOY.md lists every environment variable mtu/config.py reads."""
    root = Path(__file__).resolve().parent.parent
    source = (root / "mtu" / "config.py").read_text()
    names = set(re.findall(r'(?:env\.get\(|environ\.get\(|_int_setting\(env, )"([A-Z_]+)"', source))
    names -= {"TEST_DATABASE_URL"}  # the test suite's, not a deployment's
    guide = (root / "docs" / "DEPLOY.md").read_text()
    assert len(names) > 15
    assert {name for name in names if f"| `{name}` |" not in guide} == set()

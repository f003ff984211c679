"""Fixtures: one app per run, a schema built by the migrations, and a clean database per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set. Each test
client request runs in its own app context, hence its own database session and transaction,
as a real request does; rows a test creates must be committed first (the factories commit).
"""

import os
import re
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, text
from werkzeug.serving import make_server

from mtu import create_app
from mtu.config import TestingConfig
from mtu.extensions import db as _db
from mtu.extensions import limiter
from tests.factories import PASSWORD, user_with_role

CSRF_IN_PAGE = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Client(FlaskClient):
    """A test client whose requests run in a fresh app context, like real ones."""

    def open(self, *args, **kwargs):
        _db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.commit()  # ends the test's read transaction: it sees what the request wrote
        return response

    def csrf_token(self) -> str:
        page = self.get("/auth/login", follow_redirects=True).get_data(as_text=True)
        match = CSRF_IN_PAGE.search(page)
        assert match, "no CSRF token in the page"
        return match.group(1)

    def post_form(self, url, data=None, htmx=False, **kwargs):
        """POST a form with a valid CSRF token, as the browser would."""
        data = dict(data or {})
        headers = dict(kwargs.pop("headers", {}))
        if htmx:
            headers["HX-Request"] = "true"
            headers["X-CSRFToken"] = self.csrf_token()
        else:
            data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, headers=headers, **kwargs)

    def login(self, user, password=PASSWORD):
        response = self.post_form("/auth/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def htmx_get(self, url, **kwargs):
        return self.get(url, headers={"HX-Request": "true"}, **kwargs)


def _compile_translations():
    """The .mo files from the .po files, as `make install` does, when missing or older: a
    pytest run straight after a merge sees the catalogue as git has it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "mtu" / "translations").glob(
            "*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            # Written aside and renamed: another xdist worker may be reading it.
            partial = mo.with_suffix(f".mo.{os.getpid()}")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            partial.replace(mo)


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only are skipped on SQLite."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: set TEST_DATABASE_URL")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


def _reset_schema(app):
    """Drop everything, then build the schema through the migrations, as production does."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


def _worker_database(url: str) -> str:
    """Under pytest-xdist (`make test` runs a worker per core), each worker's own PostgreSQL
    database beside TEST_DATABASE_URL's (test → test_gw0, test_gw1), made when missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy.engine import make_url

    from bench.database import create_database

    server = make_url(url)
    own = server.set(database=f"{server.database}_{worker}").render_as_string(
        hide_password=False)
    create_database(own)
    return own


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    _compile_translations()
    config = TestingConfig()
    if os.environ.get("TEST_DATABASE_URL"):
        config.SQLALCHEMY_DATABASE_URI = _worker_database(config.SQLALCHEMY_DATABASE_URI)
    else:
        # A file, not :memory:, so that the live server's thread shares it.
        config.SQLALCHEMY_DATABASE_URI = (
            f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}")
    app = create_app(config)
    app.test_client_class = Client
    with app.app_context():
        _reset_schema(app)
    return app


def _empty_tables():
    tables = [t for t in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        # TRUNCATE makes new files for a table and its indexes: only the tables the test
        # filled, found in one statement; then every sequence back to its start, as RESTART IDENTITY
        # would (a rolled-back insert moves a sequence and leaves its table empty).
        filled = _db.session.scalars(text(" UNION ALL ".join(
            f"SELECT '{table.name}' WHERE EXISTS (SELECT FROM \"{table.name}\")"
            for table in tables))).all()
        if filled:
            names = ", ".join(f'"{name}"' for name in filled)
            _db.session.execute(text(f"TRUNCATE {names} CASCADE"))
        _db.session.execute(text(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value,"
            " false) FROM pg_sequences WHERE schemaname = 'public'"))
    else:
        # The append-only tables refuse DELETE (migration 0019_audit): their triggers step
        # aside while the tables are emptied, and come back as they were.
        triggers = _db.session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE '%append_only%'")).all()
        for name, _sql in triggers:
            _db.session.execute(text(f'DROP TRIGGER "{name}"'))
        for table in tables:
            _db.session.execute(table.delete())
        for _name, sql in triggers:
            _db.session.execute(text(sql))
    _db.session.commit()


@pytest.fixture(autouse=True)
def db(app):
    """The database, emptied after each test."""
    with app.app_context():
        limiter.reset()
        yield _db
        _db.session.rollback()
        _db.session.close()
        _empty_tables()
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(client):
    """login_as(role, **factory_kwargs) creates a user of that role and signs the client in."""

    def _login_as(role, **kwargs):
        user = user_with_role(role, **kwargs)
        client.login(user)
        return user

    return _login_as


@pytest.fixture
def demo_world(db):
    """The demo, plus what it has one of (tests/test_scopes.py add_other_partners)."""
    from mtu.demo.seed import seed_demo
    from tests.test_scopes import add_other_partners

    seed_demo()
    db.session.commit()
    add_other_partners(db)
    return db


@pytest.fixture
def count_queries(db):
    """count_queries(call) → how many SQL statements the call sent (to spot a query per row)."""

    def _count(call) -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            call()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    return _count


@pytest.fixture
def sessions_every_day(app, monkeypatch):
    """Every weekday a session day, for tests about "today" that must also pass on a Sunday."""
    monkeypatch.setitem(app.config, "SESSION_WEEKDAYS", set(range(7)))


@pytest.fixture
def national_holidays(app, monkeypatch):
    """Indonesia's public holidays (the `holidays` package) as days off, as in production."""
    monkeypatch.setitem(app.config, "NATIONAL_HOLIDAYS", True)


@pytest.fixture
def today_is(monkeypatch):
    """Call with a date: every MTU module that asks clock.local_today() gets that day."""
    import sys

    from mtu import clock

    original = clock.local_today

    def _set(day):
        for name, module in list(sys.modules.items()):
            if name.startswith(("mtu.", "tests.")) and \
                    getattr(module, "local_today", None) is original:
                monkeypatch.setattr(module, "local_today", lambda: day)

    return _set


@pytest.fixture(scope="session")
def live_server(app):
    """The app served over HTTP on a free local port, for the browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()

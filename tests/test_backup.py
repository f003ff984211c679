"""`flask backup` and `flask restore`: a consistent copy of a live SQLite database while another
thread writes, put back afterwards; refused on PostgreSQL."""

import sqlite3
import threading
import time

from flask_migrate import upgrade
from sqlalchemy import text

from mtu import create_app
from mtu.config import TestingConfig
from mtu.extensions import db


def _sqlite_app(path):
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def _invoke(app, *args, **kwargs):
    """Run a command against `app` (the suite's own app context is pushed around each test)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), **kwargs)


def _count(path, table="writes"):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*), max(n) FROM {table}").fetchone()
    finally:
        connection.close()


class Writer(threading.Thread):
    """Inserts numbered rows, one transaction each, until told to stop."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.stop, self.written = path, threading.Event(), 0

    def run(self):
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        while not self.stop.is_set():
            self.written += 1
            connection.execute("INSERT INTO writes (n, pad) VALUES (?, randomblob(2000))",
                               (self.written,))
            connection.commit()
        connection.close()


def test_backup_under_writes_then_restore(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    app = _sqlite_app(live)
    connection = sqlite3.connect(live)
    connection.execute("CREATE TABLE writes (n INTEGER PRIMARY KEY, pad BLOB)")
    connection.executemany("INSERT INTO writes (n, pad) VALUES (?, randomblob(2000))",
                           [(-n,) for n in range(1, 5001)])  # ~10 MB: the copy takes a while
    connection.commit()
    connection.close()
    writer = Writer(live)
    writer.start()
    while writer.written < 20:
        time.sleep(0.001)
    before = writer.written
    result = _invoke(app, "backup", str(copy))
    after = writer.written
    while writer.written < after + 20:  # the writer went on after the copy too
        time.sleep(0.001)
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert "Cadangan tersimpan" in result.output
    rows, highest = _count(copy)
    # One moment's database: every row up to some number, none missing, none torn.
    assert rows == 5000 + highest and before - 1 <= highest <= after
    check = sqlite3.connect(copy)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()

    assert _count(live)[1] > highest
    result = _invoke(app, "restore", "--yes", str(copy))
    assert result.exit_code == 0, result.output
    assert _count(live) == (rows, highest)
    with app.app_context():  # the app reads the restored database
        assert db.session.execute(text("SELECT max(n) FROM writes")).scalar() == highest


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(tmp_path):
    live = tmp_path / "live.sqlite3"
    app = _sqlite_app(live)
    existing = tmp_path / "ada.sqlite3"
    existing.write_text("")
    assert "sudah ada" in _invoke(app, "backup", str(existing)).output
    junk = tmp_path / "bukan.sqlite3"
    junk.write_bytes(b"bukan basis data" * 100)
    result = _invoke(app, "restore", "--yes", str(junk))
    assert result.exit_code != 0 and "bukan cadangan" in result.output
    result = _invoke(app, "restore", "--yes", str(tmp_path / "tidak-ada.sqlite3"))
    assert result.exit_code != 0 and "tidak ditemukan" in result.output
    result = _invoke(app, "restore", str(_empty_copy(tmp_path)), input="n\n")
    assert result.exit_code != 0  # asked, and the answer was no


def _empty_copy(tmp_path):
    path = tmp_path / "kosong.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    connection.execute("INSERT INTO alembic_version VALUES ('0019_audit')")
    connection.commit()
    connection.close()
    return path


def test_postgresql_is_sent_to_pg_dump(tmp_path):
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    app = create_app(config)
    for args in (["backup", str(tmp_path / "x")], ["restore", "--yes", str(tmp_path / "x")]):
        result = _invoke(app, *args)
        assert result.exit_code != 0
        assert "pg_dump" in result.output and "docs/DEPLOY.md" in result.output


def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    """It holds every NIK and inmate's record: never world- or group-readable."""
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    app = _sqlite_app(live)
    live.chmod(0o644)
    result = _invoke(app, "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert copy.stat().st_mode & 0o777 == 0o600


def test_a_missing_live_database_is_refused_not_copied_empty(tmp_path):
    live = tmp_path / "live.sqlite3"
    app = _sqlite_app(live)
    live.unlink()
    copy = tmp_path / "copy.sqlite3"
    result = _invoke(app, "backup", str(copy))
    assert result.exit_code != 0 and "tidak ditemukan" in result.output
    assert not live.exists() and not copy.exists()
    result = _invoke(app, "restore", "--yes", str(_empty_copy(tmp_path)))
    assert result.exit_code != 0 and not live.exists()


def test_a_relative_sqlite_path_is_the_one_the_app_uses(tmp_path, monkeypatch):
    """Flask-SQLAlchemy reads sqlite:///name.sqlite3 in the instance folder, not the
    current directory: the backup copies that file (nothing is opened here)."""
    from pathlib import Path

    from mtu import backup

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite:///relative.sqlite3"
    app = create_app(config)
    monkeypatch.chdir(tmp_path)
    with app.app_context():
        assert backup.sqlite_path() == Path(app.instance_path) / "relative.sqlite3"


def test_a_backup_named_with_url_characters_restores(tmp_path):
    """SQLite reads a file: URI: '#' or '?' in a file name must not cut it short."""
    live, copy = tmp_path / "live.sqlite3", tmp_path / "mtu #2?.sqlite3"
    app = _sqlite_app(live)
    assert _invoke(app, "backup", str(copy)).exit_code == 0
    result = _invoke(app, "restore", "--yes", str(copy))
    assert result.exit_code == 0, result.output

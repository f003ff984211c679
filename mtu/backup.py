"""`flask --app wsgi backup PATH` and `restore PATH`: a consistent copy of a live SQLite
database and putting one back, through SQLite's online backup API, while the app keeps
running. PostgreSQL has pg_dump and pg_restore for that (docs/DEPLOY.md).

The backup API copies the database page by page under a read transaction, so a copy taken
while requests write is the database as it was at one moment (WAL mode lets writers go on
meanwhile). A restore checks the file first (a SQLite database, intact, with MTU's schema
version), then writes it into the live database under its write lock: requests wait for a
moment and then see the restored data.
"""

import os
import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from mtu.extensions import db

# One step: the copy is made under one read transaction, a snapshot that writers (WAL) do not
# wait for. Smaller steps would restart whenever another connection writes in between.
PAGES_PER_STEP = -1
DEPLOY_DOC = "docs/DEPLOY.md"


class BackupError(Exception):
    pass


def sqlite_path() -> Path:
    """The live database's file; refused for anything but a SQLite file."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"Basis data ini {url.get_backend_name()}, bukan SQLite: gunakan "
                          f"pg_dump dan pg_restore (lihat {DEPLOY_DOC}, bagian Cadangan).")
    if not url.database or url.database == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan.")
    # The engine's URL, not the setting: Flask-SQLAlchemy puts a relative path in the
    # instance folder.
    return Path(db.engine.url.database)


def _open(path: Path, mode: str, timeout: float = 5) -> sqlite3.Connection:
    """An existing database file, opened read-only ("ro") or read-write ("rw"), never
    created; the URI escapes what the name holds ('#', '?', spaces)."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True,
                           timeout=timeout)


def _open_live(live: Path) -> sqlite3.Connection:
    """The live database, which must exist: sqlite3 would create an empty one."""
    if not live.is_file():
        raise BackupError(f"Basis data {live} tidak ditemukan.")
    return _open(live, "rw", timeout=30)


def _new_private_file(path: Path) -> None:
    """Create `path`, readable and writable by its owner only: a copy holds every NIK and
    inmate's record. Refused when it exists."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} sudah ada; pilih nama berkas baru.") from None


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target, pages=PAGES_PER_STEP)


def backup(destination: Path) -> int:
    """Copy the live database to `destination` (a new file); its size in bytes."""
    source = _open_live(sqlite_path())
    destination = Path(destination)
    try:
        _new_private_file(destination)
        target = sqlite3.connect(destination)
        try:
            _copy(source, target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        except BaseException:
            target.close()
            destination.unlink(missing_ok=True)  # no half copy left to be mistaken for one
            raise
        target.close()
    finally:
        source.close()
    return destination.stat().st_size


def check_copy(path: Path) -> str:
    """The schema version of a backup file, once it is known to be an intact MTU database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} tidak ditemukan.")
    try:
        connection = _open(path, "ro")
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} rusak (integrity_check gagal).")
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} bukan cadangan basis data MTU ({error}).") from None
    if version is None:
        raise BackupError(f"{path} bukan cadangan basis data MTU (tanpa versi skema).")
    return version[0]


def restore(source_path: Path) -> str:
    """Write the backup at `source_path` over the live database; its schema version."""
    live = sqlite_path()
    version = check_copy(source_path)
    db.session.remove()
    db.engine.dispose()  # this process's pooled connections would hold the old pages
    target = _open_live(live)
    source = _open(source_path, "ro")
    try:
        _copy(source, target)
    finally:
        target.close()
        source.close()
    return version


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path):
    """Salin basis data SQLite yang sedang berjalan ke PATH (berkas baru), secara konsisten."""
    try:
        size = backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Cadangan tersimpan di {path} ({size:,} bita).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Jangan tanya lagi (untuk skrip).")
@with_appcontext
def restore_command(path, yes):
    """Kembalikan basis data SQLite dari cadangan PATH (isi sekarang diganti)."""
    try:
        live = sqlite_path()
        check_copy(path)
        if not yes:
            click.confirm(f"Isi {live} akan diganti dengan {path}. Lanjutkan?", abort=True)
        version = restore(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Basis data dikembalikan dari {path} (versi skema {version}). Bila versi ini "
               "lebih lama dari kode, jalankan `flask --app wsgi db upgrade`.")


def init_app(app):
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

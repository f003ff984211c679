"""The bench's databases: built afresh through the migrations, the demo, then the province."""

import os
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "instance" / "bench.sqlite3"
SQLITE_URL = f"sqlite:///{SQLITE_PATH}"
POSTGRES_URL = os.environ.get("BENCH_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/bench_pg")


def url_for(name: str) -> str:
    return SQLITE_URL if name == "sqlite" else POSTGRES_URL


def wipe(url: str) -> None:
    """An empty database at `url` (the bench's own: a file under instance/, or bench_pg)."""
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    create_database(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build(url: str, scale: float, echo=print) -> dict:
    """Migrate, seed the demo and add the province at `scale`; returns rows per table."""
    from flask_migrate import upgrade

    from bench.province import generate
    from mtu import create_app
    from mtu.config import DevelopmentConfig
    from mtu.demo.seed import seed_demo
    from mtu.extensions import db

    wipe(url)
    config = DevelopmentConfig({"DATABASE_URL": url})
    app = create_app(config)
    started = time.monotonic()
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        echo(f"  demo siap ({time.monotonic() - started:.0f} s)")
        counts = generate(scale, echo=lambda line: echo(f"  {line}"))
        db.session.remove()
        if url.startswith("postgresql"):
            # What autovacuum does minutes after a bulk load: the visibility map, without
            # which index-only scans still read the table.
            with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    echo(f"  provinsi siap ({time.monotonic() - started:.0f} s)")
    return counts


def create_database(url: str) -> None:
    """The PostgreSQL database `url` names, created through the server's `postgres` database
    when it does not exist yet (a fresh machine has only `test`)."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": target.database}) is None:
                connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    finally:
        engine.dispose()

"""Flask extensions, created unbound and bound to the app in create_app()."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that migrations can drop and alter them on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy whose paginate() reads ?page= with mtu.numbers: junk is page 1 and a
    huge number an empty page, never an overflow in the database driver."""

    def paginate(self, select, *, page=None, per_page=None, max_per_page=None,
                 error_out=False, count=True):
        from flask import current_app

        from mtu.numbers import page_number

        page = page_number() if page is None else page_number(page)
        if per_page is None:
            per_page = current_app.config.get("PER_PAGE", 25)
        return super().paginate(select, page=page, per_page=per_page,
                                max_per_page=max_per_page, error_out=error_out, count=count)


db = Database(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _connection_settings(dbapi_connection, connection_record):
    """Foreign keys on and WAL for SQLite; PostgreSQL without JIT compilation, costed for
    SSD."""
    if type(dbapi_connection).__module__.startswith("psycopg"):
        # The JIT compiles a query whose estimated cost is high; the lists' scoping subqueries
        # are estimated high but run in milliseconds, and compiling them took 0.5–1 s a query
        # on the bench's province (docs/PERFORMANCE.md). A web page's queries never gain.
        # random_page_cost 1.1 (the default 4 is for spinning disks): with the indexes in
        # memory or on SSD, reading a district's few thousand rows by index beats scanning the
        # province's table; the dashboard's counts chose the scan and took 40–75 ms each.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
            cursor.execute("SET random_page_cost = 1.1")
        dbapi_connection.commit()
        return
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from mtu import create_app
from mtu.config import TestingConfig
from mtu.extensions import db as _db


def test_session_schema_was_built_by_the_migrations_up_to_head(db):
    # conftest builds the schema with `upgrade()`, never create_all().
    heads = ScriptDirectory.from_config(
        current_app.extensions["migrate"].migrate.get_config()).get_heads()
    version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert [version] == heads


def test_migrated_schema_matches_the_models(db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_downgrade_and_upgrade_again_on_a_fresh_sqlite_database(tmp_path):
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(config)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert inspect(_db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "users" in inspect(_db.engine).get_table_names()

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


def _insert(connection, table, **values):
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)


def test_equipment_provider_backfills_unitless_batches_and_keeps_what_references_them(
        tmp_path):
    """0007 rebuilds `batches` on SQLite: trainers and proposals of a batch must survive it,
    and a batch without a unit gets the provider its venue implies."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'provider.sqlite3'}"
    app = create_app(config)
    with app.app_context():
        upgrade(revision="0006_certificates")
        with _db.engine.begin() as connection:
            _insert(connection, "regions", id=1, code="35", name="Jawa Timur", level="province")
            _insert(connection, "regions", id=2, code="35.14", name="Kab. Pasuruan",
                    level="regency", parent_id=1)
            _insert(connection, "courses", id=1, name="Menjahit", sector="Garmen",
                    description="", active=True)
            _insert(connection, "trainers", id=1, name="Pelatih", employer_type="contract",
                    regency_id=2, phone="", booking_version=0)
            for batch_id, venue in ((1, "training_centre"), (2, "company"), (3, "prison")):
                _insert(connection, "batches", id=batch_id, course_id=1, year=2026, wave=batch_id,
                        regency_id=2, venue_type=venue, venue_name="Tempat",
                        start_date="2026-03-01", end_date="2026-03-30", quota=16,
                        funding="apbd", status="planned", notes="", seat_version=0,
                        created_at="2026-01-01 00:00:00")
                _insert(connection, "batch_trainers", batch_id=batch_id, trainer_id=1)
        upgrade()
        with _db.engine.connect() as connection:
            providers = dict(connection.execute(text(
                "SELECT id, equipment_provider FROM batches ORDER BY id")).all())
            links = connection.execute(text("SELECT count(*) FROM batch_trainers")).scalar()
            foreign_keys = connection.execute(text("PRAGMA foreign_keys")).scalar()
        assert providers == {1: "blk", 2: "company", 3: "venue"}
        assert links == 3
        assert foreign_keys == 1


def test_partner_links_give_batches_at_a_company_their_host_and_participants_their_employer(
        tmp_path):
    """0016: a batch at a company takes the company of the proposal it serves, else its CSR
    company; its participants get that company as employer; other batches get nothing."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'partners.sqlite3'}"
    app = create_app(config)
    with app.app_context():
        upgrade(revision="0015_inmates")
        with _db.engine.begin() as connection:
            _insert(connection, "regions", id=1, code="35", name="Jawa Timur", level="province")
            _insert(connection, "regions", id=2, code="35.14", name="Kab. Pasuruan",
                    level="regency", parent_id=1)
            _insert(connection, "courses", id=1, name="Menjahit", sector="Garmen",
                    description="", active=True)
            for company_id, name in ((1, "CV Bhara Utama"), (2, "PT Pemberi CSR")):
                _insert(connection, "companies", id=company_id, name=name, sector="other",
                        address="", phone="", email="", contact_name="", contact_phone="")
            for batch_id, venue, csr in ((1, "company", 2), (2, "company", 2),
                                         (3, "village_hall", 2)):
                _insert(connection, "batches", id=batch_id, course_id=1, year=2026,
                        wave=batch_id, regency_id=2, venue_type=venue, venue_name="Tempat",
                        start_date="2026-03-01", end_date="2026-03-30", quota=16,
                        funding="csr", csr_company_id=csr, status="planned", notes="",
                        seat_version=0, equipment_provider="company",
                        created_at="2026-01-01 00:00:00")
                _insert(connection, "participants", id=batch_id, nik=f"351404170895000{batch_id}",
                        full_name=f"Peserta {batch_id}", name_key=f"peserta {batch_id}",
                        gender="M", birth_date="1995-08-17", address="", regency_id=2, phone="",
                        education="senior", employment="worker", disability="",
                        created_at="2026-01-01 00:00:00")
                _insert(connection, "enrolments", id=batch_id, participant_id=batch_id,
                        batch_id=batch_id, status="accepted", note="",
                        created_at="2026-01-01 00:00:00")
            _insert(connection, "proposals", id=1, status="scheduled", proposer_kind="company",
                    regency_id=2, company_id=1, candidates=16, venue_type="company",
                    vocation_text="", venue_name="", reason="", musrenbang_ref="",
                    contact_name="HRD", contact_phone="0812", batch_id=1,
                    submitted_at="2026-01-01 00:00:00")
        upgrade()
        with _db.engine.connect() as connection:
            hosts = dict(connection.execute(text(
                "SELECT id, host_company_id FROM batches ORDER BY id")).all())
            employers = dict(connection.execute(text(
                "SELECT batch_id, employer_id FROM enrolments ORDER BY id")).all())
        assert hosts == {1: 1, 2: 2, 3: None}
        assert employers == {1: 1, 2: 2, 3: None}

"""The audit trail: looks at full NIKs and profiles, changes with before and after, account
changes, one filterable page for admins, and tables the database keeps append-only."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from mtu.audit import services as trail
from mtu.audit.models import AuditEvent, AuditKind
from mtu.authz import Role
from mtu.clock import local_today, utc_now
from mtu.participants.models import Participant, ParticipantView
from mtu.reports.services import record_export
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    UserFactory,
    nik_regions,
    person_form,
    user_with_role,
)


def _events(db, kind=AuditKind.CHANGE):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)
                              .order_by(AuditEvent.id)).all()


def test_a_change_to_a_profile_keeps_who_when_and_the_fields_before_and_after(
        client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    assert client.post_form("/participants/new", person_form()).status_code == 302
    person = db.session.scalar(select(Participant))
    response = client.post_form(f"/participants/{person.id}/edit", person_form(
        full_name="Siti Aminah Rahayu", address="Dusun Krajan RT 2"))
    assert response.status_code == 302
    created, changed = _events(db)
    assert (created.what, created.user_id, created.participant_id) == ("create", staff.id,
                                                                       person.id)
    assert changed.what == "update" and changed.user_id == staff.id
    assert json.loads(changed.changes) == {
        "full_name": ["Siti Aminah", "Siti Aminah Rahayu"],
        "address": ["Dusun Krajan RT 1", "Dusun Krajan RT 2"]}
    assert changed.path == f"/participants/{person.id}/edit"
    # Saving the form unchanged adds nothing.
    client.post_form(f"/participants/{person.id}/edit", person_form(
        full_name="Siti Aminah Rahayu", address="Dusun Krajan RT 2"))
    assert len(_events(db)) == 2


def test_every_opening_of_a_profile_or_a_full_nik_is_a_look(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    own = ParticipantFactory(regency=staff.regency)
    # Another office's person (not an inmate) in this office's batch: a profile without
    # the full NIK, still a profile opened.
    other = ParticipantFactory()
    EnrolmentFactory(participant=other, batch=BatchFactory(regency=staff.regency))
    stranger = ParticipantFactory()  # nothing to do with this office: not found, no look
    client.get(f"/participants/{own.id}")
    client.get(f"/participants/{own.id}/edit")
    assert client.htmx_get(f"/participants/{other.id}").status_code == 200
    assert client.get(f"/participants/{stranger.id}").status_code == 404
    client.post_form("/participants/lookup", {"nik": own.nik}, htmx=True)
    looks = db.session.scalars(select(ParticipantView).order_by(ParticipantView.id)).all()
    assert [(v.participant_id, v.what, v.user_id) for v in looks] == [
        (own.id, "detail", staff.id), (own.id, "edit", staff.id), (other.id, "detail", staff.id),
        (own.id, "lookup", staff.id)]


def test_an_admins_password_reset_is_kept_and_never_shows_the_old_password(
        client, login_as, db):
    admin = login_as(Role.ADMIN)
    staff = UserFactory(staff=True, password="kata-sandi-lama-99")
    page = client.post_form(f"/auth/users/{staff.id}/password").get_data(as_text=True)
    assert "kata-sandi-lama-99" not in page
    db.session.refresh(staff)
    assert not staff.check_password("kata-sandi-lama-99") and staff.must_change_password
    (event,) = _events(db, AuditKind.ACCOUNT)
    assert (event.what, event.user_id, event.account_id) == ("password_reset", admin.id,
                                                             staff.id)
    assert event.changes == "{}"  # no password, old or new, in the trail


def test_an_account_change_is_kept_with_before_and_after(client, login_as, db):
    admin = login_as(Role.ADMIN)
    staff = UserFactory(staff=True, name="Budi")
    response = client.post_form(f"/auth/users/{staff.id}", {
        "name": "Budi Santoso", "email": staff.email, "role": "staff",
        "regency": staff.regency.code, "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    (event,) = _events(db, AuditKind.ACCOUNT)
    assert event.user_id == admin.id and json.loads(event.changes) == {
        "name": ["Budi", "Budi Santoso"]}


@pytest.mark.parametrize("table", ["audit_events", "participant_views", "exports"])
def test_the_database_refuses_to_change_or_delete_the_trail(db, table):
    nik_regions()
    user = user_with_role(Role.STAFF)
    person = ParticipantFactory(regency=user.regency)
    trail.record(AuditKind.CHANGE, user, participant_id=person.id, what="update",
                 changes={"phone": ["0811", "0812"]})
    db.session.add(ParticipantView(participant_id=person.id, user_id=user.id, what="detail"))
    record_export(user, "participants", "csv", "Tahun 2026", 3)
    db.session.commit()
    for statement in (f"UPDATE {table} SET user_id = NULL", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(text(f"SELECT count(*) FROM {table}")) == 1


def test_redaction_is_the_one_update_allowed_and_only_once(db):
    nik_regions()
    user = user_with_role(Role.STAFF)
    person = ParticipantFactory(regency=user.regency)
    trail.record(AuditKind.CHANGE, user, participant_id=person.id, what="update",
                 changes={"phone": ["0811", "0812"]})
    db.session.commit()
    assert trail.redact_person(person.id) == 1
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    assert json.loads(event.changes) == {"phone": [None, None]} and event.redacted_at
    with pytest.raises(DBAPIError):  # once redacted, never again
        db.session.execute(text("UPDATE audit_events SET changes = '{}', redacted_at = at"))
    db.session.rollback()
    trail.record(AuditKind.CHANGE, user, participant_id=person.id, what="update")
    db.session.commit()
    with pytest.raises(DBAPIError):  # a redaction may not move the event to someone else
        db.session.execute(text("UPDATE audit_events SET redacted_at = at, user_id = NULL "
                                "WHERE redacted_at IS NULL"))
    db.session.rollback()


def _some_trail(db):
    nik_regions()
    admin, staff = user_with_role(Role.ADMIN), user_with_role(Role.STAFF, name="Rina Staf")
    person = ParticipantFactory(regency=staff.regency, full_name="Siti Aminah")
    other = ParticipantFactory(regency=staff.regency, full_name="Dewi Lestari")
    db.session.add_all([
        ParticipantView(participant_id=person.id, user_id=staff.id, what="detail"),
        ParticipantView(participant_id=other.id, user_id=admin.id, what="detail",
                        viewed_at=utc_now() - timedelta(days=10))])
    trail.record(AuditKind.CHANGE, staff, participant_id=person.id, what="update",
                 changes={"phone": ["081111111111", "082222222222"]})
    record_export(staff, "participants", "xlsx", "Tahun 2026", 12)
    db.session.commit()
    return admin, staff, person, other


def test_admins_read_the_three_logs_as_one_trail(client, db):
    admin, staff, person, other = _some_trail(db)
    client.login(admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert "4 catatan" in page
    for expected in ("Rina Staf", "Siti Aminah", "Dewi Lestari", "Profil peserta",
                     "081111111111 → 082222222222", "XLSX · 12 baris · Tahun 2026",
                     "Perubahan data pribadi: diubah", "Unduhan: Peserta"):
        assert expected in page, expected
    assert len(page.encode()) < 15_000


@pytest.mark.parametrize("query, count", [
    ("user=rina", 3), ("kind=view", 2), ("kind=export", 1), ("kind=change", 1),
    ("kind=anonymise", 0), ("user=tidak-ada", 0)])
def test_the_trail_filters_by_user_and_kind(client, db, query, count):
    admin, *_ = _some_trail(db)
    client.login(admin)
    page = client.htmx_get(f"/audit/?{query}").get_data(as_text=True)
    assert "<html" not in page and f"{count} catatan" in page


def test_the_trail_filters_by_person_and_days(client, db):
    admin, staff, person, other = _some_trail(db)
    client.login(admin)
    page = client.get(f"/audit/?person={person.id}").get_data(as_text=True)
    assert "2 catatan" in page and "Peserta: Siti Aminah" in page
    today = local_today()
    page = client.get(f"/audit/?start={today - timedelta(days=11)}"
                      f"&end={today - timedelta(days=9)}").get_data(as_text=True)
    assert "1 catatan" in page and "Dewi Lestari" in page


@pytest.mark.parametrize("query", ["start=2026-13-45", "person=99999999999999999999",
                                   "start=2026-05-02&end=2026-05-01", "kind=%00", "page=-1",
                                   "user=" + "x" * 500])
def test_bad_filters_are_explained_never_a_500(client, db, query):
    admin, *_ = _some_trail(db)
    client.login(admin)
    response = client.get(f"/audit/?{query}")
    assert response.status_code in (200, 400)


def test_the_trail_paginates(client, db, app, monkeypatch):
    admin, staff, person, other = _some_trail(db)
    monkeypatch.setitem(app.config, "PER_PAGE", 3)
    client.login(admin)
    first = client.get("/audit/").get_data(as_text=True)
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and "Halaman 2 dari 2" in second
    assert "Dewi Lestari" in second and "Dewi Lestari" not in first  # oldest last


@pytest.mark.parametrize("role", [Role.STAFF, Role.TRAINER, Role.VILLAGE, Role.COMPANY,
                                  Role.AGENCY])
def test_only_admins_read_the_trail(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 403


def test_people_recorded_together_get_one_event_each(db):
    from datetime import date

    from mtu.participants.services import ParticipantData, create_participants
    from tests.factories import valid_nik

    nik_regions()
    staff = user_with_role(Role.STAFF)
    people = create_participants([
        ParticipantData(nik=valid_nik(serial, date(1990, 1, 2)), full_name=f"Orang {serial}",
                        gender="M", birth_date=date(1990, 1, 2)) for serial in (7, 8, 9)],
        staff)
    db.session.commit()
    events = _events(db)
    assert sorted(e.participant_id for e in events) == sorted(p.id for p in people)
    assert {(e.what, e.user_id, e.changes) for e in events} == {("create", staff.id, "{}")}


def test_the_trail_shows_a_changed_nik_masked(client, db):
    """The page lists many people at once and records no look: a full NIK, before or after,
    stays in the table for an inquiry but is never shown there."""
    admin, staff, person, other = _some_trail(db)
    trail.record(AuditKind.CHANGE, staff, participant_id=person.id, what="update",
                 changes={"nik": ["3514045708950002", "3514045708950012"]})
    db.session.commit()
    client.login(admin)
    page = client.get("/audit/?kind=change").get_data(as_text=True)
    assert "3514045708950002" not in page and "3514045708950012" not in page
    assert "3514********0002 → 3514********0012" in page

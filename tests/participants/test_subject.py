"""A person's requests: a copy of everything MTU holds about them, and anonymisation that
leaves every figure as it was; who may do either; both in the audit trail."""

import json

import pytest
from sqlalchemy import select

from mtu.attendance.services import recap
from mtu.audit.models import AuditEvent, AuditKind
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.certificates.models import Certificate
from mtu.certificates.public import holder_matches
from mtu.dashboard.services import figures, scope_for
from mtu.demo.seed import seed_demo
from mtu.participants import subject
from mtu.participants.models import Consent, Enrolment, Participant, ParticipantView
from mtu.placements.models import Placement
from mtu.reports.models import Export
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    nik_regions,
    user_with_role,
)


@pytest.fixture
def demo(db):
    seed_demo()
    db.session.commit()


def _graduate(db) -> Participant:
    """A demo graduate with a certificate and a placement, in a finished batch."""
    return db.session.scalar(
        select(Participant).join(Enrolment).join(Certificate, Certificate.enrolment_id
                                                 == Enrolment.id)
        .join(Placement, Placement.enrolment_id == Enrolment.id)
        .where(Participant.employment != "inmate").order_by(Participant.id).limit(1))


def _account(db, email) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_copy_holds_everything_and_is_recorded(client, db, demo):
    person = _graduate(db)
    client.login(_account(db, "staf@demo.example"), "demo12345")
    response = client.get(f"/participants/{person.id}/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["profil"]["nik"] == person.nik
    assert data["profil"]["nama_lengkap"] == person.full_name
    (training,) = [t for t in data["pelatihan"] if t["sertifikat"]]
    assert training["kehadiran"] and training["uji_kompetensi"] and training["penempatan"]
    assert training["sertifikat"][0]["nomor"]
    assert set(data) >= {"persetujuan", "tindak_lanjut", "minat_perusahaan", "bursa_kerja",
                         "riwayat_akses"}
    export = db.session.scalar(select(Export).where(Export.dataset == "person"))
    assert export.format == "json" and export.filters == f"Peserta #{person.id}"
    assert db.session.scalar(select(ParticipantView.what).where(
        ParticipantView.participant_id == person.id,
        ParticipantView.what == "export")) == "export"


def test_the_paper_copy_reads_and_carries_the_json(client, db, demo):
    from io import BytesIO

    from pypdf import PdfReader

    person = _graduate(db)
    client.login(_account(db, "admin@demo.example"), "demo12345")
    response = client.get(f"/participants/{person.id}/data.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.get_data()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "SALINAN DATA PRIBADI" in text and person.nik in text
    (attached,) = reader.attachments.values()
    assert json.loads(attached[0])["profil"]["nik"] == person.nik
    assert db.session.scalar(select(Export.format).where(Export.dataset == "person")) == "pdf"


def _numbers(db, batch):
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    return (repr(figures(scope_for(admin, batch.year))),
            repr(figures(scope_for(admin, batch.year, batch.regency_id))),
            sorted((row.enrolment.id, row.present, row.expected_days, row.rate)
                   for row in recap(batch).rows))  # the recap lists by name


def test_anonymising_keeps_every_figure_and_removes_the_person(client, db, demo):
    person = _graduate(db)
    nik, name = person.nik, person.full_name
    batch = db.session.scalar(select(Batch).join(Enrolment).join(
        Certificate, Certificate.enrolment_id == Enrolment.id).where(
        Enrolment.participant_id == person.id))
    before = _numbers(db, batch)
    staff = _account(db, "staf@demo.example")
    client.login(staff, "demo12345")
    client.post_form(f"/participants/{person.id}/edit", {
        "nik": nik, "full_name": name, "gender": person.gender,
        "birth_date": person.birth_date.isoformat(), "address": "Jl. Baru 1",
        "phone": "0812 1111 2222", "education": person.education,
        "employment": person.employment, "consent": "y"})
    response = client.post_form(f"/participants/{person.id}/anonymise", {
        "reason": "Surat permohonan 5 Desember 2026", "confirm": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert _numbers(db, batch) == before
    person = db.session.get(Participant, person.id)
    assert person.anonymised_at is not None and person.full_name == f"Anonim #{person.id}"
    assert person.nik != nik and person.address == "" and person.phone == ""
    assert person.consent_at is None and person.contact_consent_at is None
    assert (person.birth_date.month, person.birth_date.day) == (7, 1)
    assert db.session.scalar(select(Participant).where(Participant.nik == nik)) is None
    # The certificate stays valid, but no longer matches anyone's name.
    certificate = db.session.scalar(select(Certificate).join(Enrolment).where(
        Enrolment.participant_id == person.id))
    assert certificate.revoked_at is None and not holder_matches(certificate, name, None)
    # Earlier changes keep which fields changed, not their values; the request is kept.
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.participant_id == person.id).order_by(AuditEvent.id)).all()
    change = next(e for e in events if e.what == "update")
    assert change.redacted_at and "Jl. Baru" not in change.changes
    assert set(json.loads(change.changes)) >= {"address", "phone"}
    assert events[-1].kind == AuditKind.ANONYMISE and events[-1].user_id == staff.id
    assert "Surat permohonan" in events[-1].changes
    text = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert name not in text and nik not in text
    assert client.get(f"/participants/{person.id}/edit").status_code == 302  # not editable
    # Once is enough.
    response = client.post_form(f"/participants/{person.id}/anonymise", {
        "reason": "lagi", "confirm": "y"})
    assert response.status_code == 422 and "Sudah dianonimkan" in response.get_data(
        as_text=True)


def test_anonymising_waits_for_a_batch_still_running_and_needs_a_reason(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    person = ParticipantFactory(regency=staff.regency)
    EnrolmentFactory(participant=person, batch=BatchFactory(regency=staff.regency,
                                                            status="running"))
    page = client.get(f"/participants/{person.id}/data").get_data(as_text=True)
    assert "paket yang belum selesai" in page
    response = client.post_form(f"/participants/{person.id}/anonymise", {
        "reason": "Surat", "confirm": "y"})
    assert response.status_code == 422 and "belum selesai" in response.get_data(as_text=True)
    response = client.post_form(f"/participants/{person.id}/anonymise", {"confirm": "y"})
    assert response.status_code == 422
    response = client.post_form(f"/participants/{person.id}/anonymise", {"reason": "Surat"})
    assert response.status_code == 422
    db.session.refresh(person)
    assert person.anonymised_at is None


@pytest.mark.parametrize("who, allowed", [("admin", True), ("own staff", True),
                                          ("other staff", False)])
def test_the_admin_and_the_recording_office_handle_requests(client, db, who, allowed):
    regency = nik_regions()
    person = ParticipantFactory(regency=regency)
    # The other office trains the person too: it still may not hand out or erase their data.
    other = user_with_role(Role.STAFF)
    EnrolmentFactory(participant=person, batch=BatchFactory(regency=other.regency,
                                                            status="done"))
    user = {"admin": lambda: user_with_role(Role.ADMIN),
            "own staff": lambda: user_with_role(Role.STAFF, regency=regency),
            "other staff": lambda: other}[who]()
    client.login(user)
    expected = 200 if allowed else 404
    assert client.get(f"/participants/{person.id}/data").status_code == expected
    assert client.get(f"/participants/{person.id}/data.json").status_code == expected
    assert client.get(f"/participants/{person.id}/data.pdf").status_code == expected
    response = client.post_form(f"/participants/{person.id}/anonymise", {
        "reason": "Surat", "confirm": "y"})
    assert response.status_code == (302 if allowed else 404)


@pytest.mark.parametrize("role", [Role.TRAINER, Role.VILLAGE, Role.COMPANY, Role.AGENCY])
def test_other_roles_are_refused(client, login_as, db, role):
    login_as(role)
    person = ParticipantFactory(regency=nik_regions())
    assert client.get(f"/participants/{person.id}/data.json").status_code == 403


def test_a_guessed_id_is_404(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/participants/2147483647/data.json").status_code == 404
    assert client.get("/participants/99999999999999/data").status_code == 404


def test_the_service_refuses_twice(db):
    regency = nik_regions()
    staff = user_with_role(Role.STAFF, regency=regency)
    person = ParticipantFactory(regency=regency)
    subject.anonymise(person, staff, "Surat")
    with pytest.raises(Exception, match="sudah dianonimkan"):
        subject.anonymise(person, staff, "Surat")
    assert db.session.scalar(select(Consent).where(Consent.participant_id == person.id)) is None


def test_anonymising_rewrites_the_persons_rows_in_files_still_staged(db):
    """An imported file's rows stay staged for days (MTU_IMPORT_RETENTION_DAYS): the
    person's row there, however the NIK was typed, no longer says who they were."""
    from mtu.participants import importing
    from mtu.participants.models import ParticipantImport

    regency = nik_regions()
    staff = user_with_role(Role.STAFF, regency=regency)
    person = ParticipantFactory(regency=regency, full_name="Siti Aminah Rahayu",
                                address="Dusun Krajan RT 3", phone="081234567890")
    nik, birth = person.nik, person.birth_date.isoformat()
    typed = " ".join(nik[i:i + 4] for i in range(0, 16, 4))
    other = ParticipantFactory(regency=regency)
    for batch in (BatchFactory(regency=regency, status="registration"),
                  BatchFactory(regency=regency, status="registration")):
        importing.stage(batch, "peserta.csv", (
            "nik,nama,jenis_kelamin,tanggal_lahir,alamat,telepon\n"
            f"{typed},Siti Aminah Rahayu,P,{birth},Dusun Krajan RT 3,081234567890\n"
            f"{other.nik},{other.full_name},L,{other.birth_date},,\n").encode(), staff)
    db.session.commit()
    subject.anonymise(person, staff, "Surat")
    db.session.commit()
    stored = db.session.scalars(select(ParticipantImport.rows_json)).all()
    assert len(stored) == 2
    for rows_json in stored:
        for gone in (nik, typed, "Siti Aminah", "Dusun Krajan", "081234567890"):
            assert gone not in rows_json
        (first, second) = json.loads(rows_json)["rows"]
        assert first[1]["nik"] == person.nik and first[1]["nama"] == person.full_name
        assert first[1]["tanggal_lahir"] == person.birth_date.isoformat() != birth
        assert second[1]["nik"] == other.nik  # the others' rows as they were


def test_the_copy_holds_the_changes_to_the_persons_data(client, db):
    """Earlier values are data MTU holds about the person too (the audit trail's changes)."""
    from mtu.audit import services as audit_trail

    regency = nik_regions()
    staff = user_with_role(Role.STAFF, regency=regency, name="Rina Staf")
    person = ParticipantFactory(regency=regency, phone="081111111111")
    before = audit_trail.participant_snapshot(person)
    person.phone = "082222222222"
    audit_trail.record_change(staff, person, before)
    db.session.commit()
    client.login(staff)
    data = json.loads(client.get(f"/participants/{person.id}/data.json").get_data(
        as_text=True))
    (change,) = data["riwayat_perubahan"]
    assert change["oleh"] == "Rina Staf" and change["apa"] == "update"
    assert change["perubahan"] == {"phone": ["081111111111", "082222222222"]}

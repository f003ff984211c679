"""A person's rights over their data (UU PDP 27/2022, Articles 7–8 and 16): a copy of
everything MTU holds about them, and anonymisation on request.

Who may: admins, and staff of the district office that recorded the person (scope.profiles),
the controller that answers the request. Both leave a record in the audit trail.

Anonymisation replaces what identifies the person (name, NIK, address, phone, disability,
the day and month of birth, free-text notes about them, their rows in village candidate
lists and in participant files still staged for import) and withdraws both consents, but
keeps every row that figures count: enrolments, attendance marks, assessments,
certificates, placements, hand-overs. So the dashboard, batch attendance rates,
certification and absorption stay what they were; gender, birth year, village, education
and employment stay too, because the dashboard counts by them.
Certificates stay valid and unrevoked (the person earned them; revoking would change the
certification rate): the paper keeps its number and QR code, but MTU can no longer tell
anyone whose it is (the public page shows the anonymised name, and a check by name or birth
date answers "Tidak cocok"). The values kept in earlier audit events are blanked. An
anonymised inmate is never overdue for a follow-up: nobody can reach them any more.
"""

import json
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from mtu.audit import services as audit_trail
from mtu.audit.models import AuditEvent, AuditKind
from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.locks import lock_batch
from mtu.participants import consent, importing, scope
from mtu.participants.models import (
    Consent,
    Enrolment,
    EnrolmentStatus,
    Participant,
    ParticipantView,
)
from mtu.rules import RuleError

ANONYMOUS_NAME = "Anonim"
REASON_LENGTH = 200


def handled_by(user: User, participant_id: int) -> Participant | None:
    """The person, when this user may answer their requests (admin, or the recording office)."""
    return db.session.scalar(scope.profiles(user).where(Participant.id == participant_id))


def _day(value):
    """A date as 2026-12-05, a moment (UTC) as 2026-12-05 07:30."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat()


def labels() -> dict[str, str]:
    """The words for the codes in the copy, for the paper version."""
    from mtu.attendance.models import MARK_LABELS
    from mtu.participants.models import (
        EDUCATION_LABELS,
        EMPLOYMENT_LABELS,
        ENROLMENT_LABELS,
        Gender,
    )
    from mtu.placements.models import PlacementStatus

    words = {**EDUCATION_LABELS, **EMPLOYMENT_LABELS, **ENROLMENT_LABELS, **MARK_LABELS,
             **{gender: gender.label for gender in Gender},
             **{status: status.label for status in PlacementStatus}}
    return {str(code): str(word) for code, word in words.items()}


def person_data(participant: Participant) -> dict:
    """Everything MTU holds about one person, as plain data (the JSON copy)."""
    from mtu.aftercare.models import Aftercare
    from mtu.attendance.models import AttendanceMark
    from mtu.certificates.models import Assessment, Certificate
    from mtu.facilities.models import Handover
    from mtu.job_fairs.models import Registration
    from mtu.placements.models import Placement
    from mtu.portal.models import Interest

    enrolments = list(db.session.scalars(
        select(Enrolment).where(Enrolment.participant_id == participant.id)
        .options(joinedload(Enrolment.batch).joinedload(Batch.course),
                 joinedload(Enrolment.employer)).order_by(Enrolment.id)))
    ids = [e.id for e in enrolments]

    def by_enrolment(statement):
        rows = {}
        for row in db.session.scalars(statement).unique():
            rows.setdefault(row.enrolment_id, []).append(row)
        return rows

    marks = by_enrolment(select(AttendanceMark).where(AttendanceMark.enrolment_id.in_(ids))
                         .order_by(AttendanceMark.day))
    assessments = by_enrolment(select(Assessment).where(Assessment.enrolment_id.in_(ids))
                               .options(joinedload(Assessment.competency_unit))
                               .order_by(Assessment.id))
    certificates = by_enrolment(select(Certificate).where(Certificate.enrolment_id.in_(ids)))
    placements = by_enrolment(select(Placement).where(Placement.enrolment_id.in_(ids))
                              .options(joinedload(Placement.company),
                                       selectinload(Placement.follow_ups))
                              .order_by(Placement.id))
    handovers = by_enrolment(select(Handover).where(Handover.enrolment_id.in_(ids))
                             .options(joinedload(Handover.item)).order_by(Handover.id))
    return {
        "dibuat": _day(utc_now()),
        "pengendali_data": participant.regency.full_name,
        "profil": {
            "nik": participant.nik, "nama_lengkap": participant.full_name,
            "jenis_kelamin": participant.gender, "tanggal_lahir": _day(participant.birth_date),
            "alamat": participant.address,
            "desa": participant.village.full_name if participant.village else None,
            "telepon": participant.phone, "pendidikan": participant.education,
            "pekerjaan": participant.employment, "disabilitas": participant.disability,
            "perkiraan_bebas": _day(participant.expected_release_on),
            "tanggal_bebas": _day(participant.released_on),
            "setuju_ditampilkan_sejak": _day(participant.consent_at),
            "setuju_dihubungi_sejak": _day(participant.contact_consent_at),
            "dicatat_pada": _day(participant.created_at),
            "dianonimkan_pada": _day(participant.anonymised_at),
        },
        "persetujuan": [
            {"jenis": c.kind, "diberikan": c.given, "pada": _day(c.recorded_at)}
            for c in db.session.scalars(select(Consent).where(
                Consent.participant_id == participant.id).order_by(Consent.id))],
        "pelatihan": [{
            "kejuruan": e.batch.course.name, "tahun": e.batch.year, "gelombang": e.batch.wave,
            "tempat": e.batch.venue_name, "mulai": _day(e.batch.start_date),
            "selesai": _day(e.batch.end_date), "status": e.status,
            "bergabung": _day(e.joined_on), "keluar": _day(e.left_on), "catatan": e.note,
            "pekerja_perusahaan": e.employer.name if e.employer else None,
            "kehadiran": [{"tanggal": _day(m.day), "status": m.status}
                          for m in marks.get(e.id, [])],
            "uji_kompetensi": [{"unit": a.competency_unit.code if a.competency_unit else None,
                                "hasil": a.result, "nilai": a.score,
                                "tanggal": _day(a.assessed_on)}
                               for a in assessments.get(e.id, [])],
            "sertifikat": [{"nomor": c.number, "terbit": _day(c.issued_on),
                            "dicabut": _day(c.revoked_at)} for c in certificates.get(e.id, [])],
            "fasilitas": [{"barang": h.item.name, "diterima": _day(h.handed_on)}
                          for h in handovers.get(e.id, [])],
            "penempatan": [{
                "status": p.status, "perusahaan": p.company.name if p.company else None,
                "jabatan": p.position, "mulai": _day(p.start_date),
                "usaha": p.business_name, "bidang_usaha": p.business_field,
                "tempat_usaha": p.business_place,
                "pemantauan": [{"bulan": f.months, "jatuh_tempo": _day(f.due_on),
                                "masih_bekerja": f.still_placed, "catatan": f.note}
                               for f in p.follow_ups]} for p in placements.get(e.id, [])],
        } for e in enrolments],
        "tindak_lanjut": [
            {"jenis": a.kind, "tanggal": _day(a.held_on), "catatan": a.note,
             "status": a.status, "kontak": a.contact, "berikutnya": _day(a.next_on)}
            for a in db.session.scalars(select(Aftercare).where(
                Aftercare.participant_id == participant.id).order_by(Aftercare.held_on))],
        "minat_perusahaan": [
            {"perusahaan": i.company.name, "pada": _day(i.created_at), "catatan": i.note}
            for i in db.session.scalars(select(Interest).where(
                Interest.participant_id == participant.id).options(
                joinedload(Interest.company)).order_by(Interest.id))],
        "bursa_kerja": [
            {"bursa": f"{r.job_fair.place}, {_day(r.job_fair.held_on)}",
             "perusahaan": r.company.name, "hasil": r.outcome}
            for r in db.session.scalars(select(Registration).where(
                Registration.participant_id == participant.id).options(
                joinedload(Registration.job_fair), joinedload(Registration.company))
                .order_by(Registration.id))],
        "riwayat_perubahan": [
            {"pada": _day(e.at), "oleh": e.user.name if e.user else None, "apa": e.what,
             "perubahan": json.loads(e.changes)}
            for e in db.session.scalars(select(AuditEvent).where(
                AuditEvent.participant_id == participant.id).options(
                joinedload(AuditEvent.user)).order_by(AuditEvent.id))],
        "riwayat_akses": [
            {"pada": _day(v.viewed_at), "oleh": v.user.name if v.user else None,
             "apa": v.what}
            for v in db.session.scalars(select(ParticipantView).where(
                ParticipantView.participant_id == participant.id)
                .options(joinedload(ParticipantView.user)).order_by(ParticipantView.id))],
    }


def blocking_batches(participant: Participant) -> list[Batch]:
    """Batches still to run or running that the person holds a place in."""
    return list(db.session.scalars(
        select(Batch).join(Enrolment, Enrolment.batch_id == Batch.id).where(
            Enrolment.participant_id == participant.id,
            Enrolment.status.in_([EnrolmentStatus.REGISTERED, EnrolmentStatus.ACCEPTED,
                                  EnrolmentStatus.WAITLISTED]),
            Batch.status.not_in([BatchStatus.DONE, BatchStatus.CANCELLED]))
        .options(joinedload(Batch.course))))


def anonymise(participant: Participant, user: User, reason: str) -> None:
    """Replace what identifies the person, keep what figures count (see the module's
    docstring); refused while they hold a place in a batch still to come or running."""
    from mtu.aftercare.models import Aftercare
    from mtu.placements.models import FollowUp, Placement
    from mtu.portal.models import Interest
    from mtu.proposals.models import ProposalCandidate

    reason = " ".join((reason or "").split())[:REASON_LENGTH]
    if participant.anonymised_at is not None:
        raise RuleError(_("Data orang ini sudah dianonimkan."))
    if not reason:
        raise RuleError([("reason", _("Tuliskan dasar permintaannya (misalnya surat atau "
                                      "formulir permohonan)."))])
    if blocking := blocking_batches(participant):
        raise RuleError(_("Masih terdaftar di paket yang belum selesai: %(batches)s. "
                          "Catat pengunduran dirinya dulu.",
                          batches=", ".join(b.course.name for b in blocking)))
    old_nik = participant.nik
    enrolments = select(Enrolment.id).where(Enrolment.participant_id == participant.id)
    for batch_id in db.session.scalars(select(Enrolment.batch_id).where(
            Enrolment.participant_id == participant.id)):
        lock_batch(batch_id)  # no enrolment decision reads the person half-changed
    consent.record_both(participant, False, False, user)
    participant.nik = f"X{participant.id:015d}"
    participant.full_name = f"{ANONYMOUS_NAME} #{participant.id}"
    participant.name_key = f"anonim {participant.id}"
    participant.birth_date = date(participant.birth_date.year, 7, 1)
    participant.address = participant.phone = participant.disability = ""
    participant.anonymised_at = utc_now()
    db.session.execute(update(Enrolment).where(Enrolment.participant_id == participant.id)
                       .values(note=""))
    db.session.execute(update(Aftercare).where(Aftercare.participant_id == participant.id)
                       .values(note="", contact=""))
    db.session.execute(update(Placement).where(Placement.enrolment_id.in_(enrolments))
                       .values(business_name="", business_place=""))
    db.session.execute(update(FollowUp).where(FollowUp.placement_id.in_(
        select(Placement.id).where(Placement.enrolment_id.in_(enrolments)))).values(note=""))
    db.session.execute(update(Interest).where(Interest.participant_id == participant.id)
                       .values(note=""))
    db.session.execute(update(ProposalCandidate).where(or_(
        ProposalCandidate.participant_id == participant.id, ProposalCandidate.nik == old_nik))
        .values(nik=participant.nik, full_name=participant.full_name, birth_place="",
                birth_date=participant.birth_date, address="", dusun="", rt="", rw="",
                occupation=""))
    importing.forget_person(old_nik, participant)
    db.session.flush()
    audit_trail.redact_person(participant.id)
    audit_trail.record(AuditKind.ANONYMISE, user, participant_id=participant.id,
                       what="anonymise", changes={"reason": [None, reason]})
    db.session.flush()


def record_copy(user: User, participant: Participant, file_format: str) -> None:
    """The copy handed out: an export in the log and a look at the person's record."""
    from mtu.participants.audit import ViewKind, record_views
    from mtu.reports.services import record_export

    record_export(user, "person", file_format, _("Peserta #%(id)d", id=participant.id), 1)
    record_views(user, [participant], ViewKind.EXPORT, everyone=True)



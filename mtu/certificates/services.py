"""Assessment rules, certificate issue (numbering, unguessable codes), revocation, lookup."""

import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mtu.attendance.services import rates_for
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch, BatchStatus
from mtu.batches.services import get_visible
from mtu.certificates.models import (
    Assessment,
    Certificate,
    CertificateCounter,
    IssuerKind,
    Result,
)
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.i18n import date as format_date
from mtu.locks import insert_or_ignore, lock_batch, savepoint
from mtu.numbers import parse_int
from mtu.participants.models import Enrolment, EnrolmentStatus
from mtu.rules import RuleError, refuse_if

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ASSESSED = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)


@dataclass
class Issuer:
    kind: IssuerKind
    name: str
    signatory_name: str
    signatory_title: str
    signatory_nip: str = ""
    lsp_licence: str = ""


SIGNATORY_SETTING = "MTU_CERTIFICATE_SIGNATORY_NAME"


def missing_signatory() -> str | None:
    """Why the office cannot sign certificates yet: its signatory's name is not configured."""
    if current_app.config["CERTIFICATE_SIGNATORY_NAME"].strip():
        return None
    return _("Penandatangan sertifikat Disnaker belum diatur: administrator server perlu mengisi "
             "pengaturan %(setting)s (nama pejabat penandatangan) lalu memulai ulang aplikasi.",
             setting=SIGNATORY_SETTING)


def office_issuer(batch: Batch) -> Issuer:
    """The district office as issuer, with the configured signatory."""
    config = current_app.config
    return Issuer(IssuerKind.OFFICE, f"Dinas Tenaga Kerja {batch.regency.name}",
                  config["CERTIFICATE_SIGNATORY_NAME"], config["CERTIFICATE_SIGNATORY_TITLE"],
                  config["CERTIFICATE_SIGNATORY_NIP"])


# --- Assessment ----------------------------------------------------------------------------


def assessable(batch: Batch) -> list[Enrolment]:
    return sorted(db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id, Enrolment.status.in_(ASSESSED))
        .options(joinedload(Enrolment.participant))).all(),
        key=lambda e: e.participant.full_name)


def results_of(batch: Batch) -> dict[tuple[int, int], Assessment]:
    """Every assessment of the batch by (enrolment id, unit id), one query."""
    return {(a.enrolment_id, a.competency_unit_id): a for a in db.session.scalars(
        select(Assessment).join(Enrolment, Enrolment.id == Assessment.enrolment_id)
        .where(Enrolment.batch_id == batch.id))}


def record_result(enrolment: Enrolment, unit_id: int, result: Result, user: User, *,
                  assessor: str, assessed_on: date, score: int | None = None) -> Assessment:
    """Record (or correct) a result; the unit must belong to the batch's course."""
    if unit_id not in {unit.id for unit in enrolment.batch.course.units}:
        raise RuleError(_("Unit kompetensi itu bukan milik kejuruan paket ini."))
    if enrolment.status not in ASSESSED:
        raise RuleError(_("%(name)s bukan peserta yang diterima.",
                          name=enrolment.participant.full_name))
    if db.session.scalar(select(Certificate.id).where(Certificate.enrolment_id == enrolment.id)):
        raise RuleError(_("Sertifikat %(name)s sudah terbit; hasil tidak dapat diubah.",
                          name=enrolment.participant.full_name))
    if score is not None and not 0 <= score <= 100:
        raise RuleError(_("Nilai harus antara 0 dan 100."))
    assessment = db.session.scalar(select(Assessment).where(
        Assessment.enrolment_id == enrolment.id, Assessment.competency_unit_id == unit_id))
    if assessment is None:
        assessment = Assessment(enrolment_id=enrolment.id, competency_unit_id=unit_id)
        db.session.add(assessment)
    assessment.result, assessment.score = result.value, score
    assessment.assessor, assessment.assessed_on = assessor.strip(), assessed_on
    assessment.recorded_by_id = user.id
    db.session.flush()
    return assessment


def record_results(batch: Batch, typed: dict[tuple[int, int], tuple[str, str]], user: User,
                   *, assessor: str, assessed_on: date) -> None:
    """Record a grid of results, {(enrolment id, unit id): (result, score as typed)}, at once;
    RuleError naming every cell refused (nothing is kept then: the view rolls back)."""
    lock_batch(batch.id)  # one assessment post of a batch at a time
    enrolments = {e.id: e for e in assessable(batch)}
    problems = []
    for (enrolment_id, unit_id), (result, score_text) in typed.items():
        score = parse_int(score_text, 0) if score_text else None
        if score_text and score is None:
            problems.append(_("Nilai %(name)s harus angka 0–100.",
                              name=enrolments[enrolment_id].participant.full_name))
            continue
        try:
            record_result(enrolments[enrolment_id], unit_id, Result(result), user,
                          assessor=assessor, assessed_on=assessed_on, score=score)
        except RuleError as error:
            problems.append(str(error))
    refuse_if([(None, problem) for problem in problems])


def overall(enrolment: Enrolment, results: dict, units) -> Result | None:
    """Kompeten when every unit is; belum kompeten when any is not; None while incomplete."""
    marks = [results.get((enrolment.id, unit.id)) for unit in units]
    if any(m is not None and m.result == Result.NOT_YET for m in marks):
        return Result.NOT_YET
    if units and all(m is not None for m in marks):
        return Result.COMPETENT
    return None


def not_yet_confirmable(batch: Batch) -> str | None:
    """Why the batch's results may not be confirmed yet: not before its last day."""
    if local_today() < batch.end_date:
        return _("Hasil asesmen baru dapat disahkan mulai hari terakhir pelatihan, %(date)s.",
                 date=format_date(batch.end_date, "d MMMM y"))
    return None


def not_yet_certifiable(batch: Batch) -> str | None:
    """Why no certificate of the batch may be issued, printed or shown as valid yet: only
    once its last day has passed and it is marked finished (None when it may)."""
    if local_today() <= batch.end_date:
        return _("Pelatihan berlangsung sampai %(date)s; sertifikat baru dapat diterbitkan "
                 "setelah hari terakhir lewat dan paket ditandai selesai.",
                 date=format_date(batch.end_date, "d MMMM y"))
    if batch.status != BatchStatus.DONE:
        return _("Paket belum ditandai selesai (status %(status)s); sertifikat hanya untuk "
                 "paket yang sudah selesai.", status=batch.status_label)
    return None


def confirm_results(batch: Batch, user: User) -> int:
    """Staff confirm: each fully assessed participant becomes lulus or tidak lulus."""
    if user.role not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya staf Disnaker yang mengesahkan hasil."))
    reason = not_yet_confirmable(batch)
    if reason:
        raise RuleError(reason)
    results, units = results_of(batch), batch.course.units
    confirmed = 0
    for enrolment in assessable(batch):
        verdict = overall(enrolment, results, units)
        if verdict is not None:
            enrolment.status = (EnrolmentStatus.PASSED if verdict == Result.COMPETENT
                                else EnrolmentStatus.FAILED).value
            confirmed += 1
    db.session.flush()
    return confirmed


def reasons_not_certifiable(enrolment: Enrolment, rate: float | None) -> list[str]:
    """Why this person cannot be certified (empty when they can)."""
    reasons = []
    threshold = current_app.config["ATTENDANCE_THRESHOLD"]
    if enrolment.status != EnrolmentStatus.PASSED:
        reasons.append(_("hasil asesmen belum disahkan sebagai kompeten"))
    if rate is None or rate < threshold:
        reasons.append(_("kehadiran %(rate)s%% di bawah batas %(threshold)d%%",
                         rate=rate if rate is not None else 0, threshold=threshold))
    return reasons


# --- Certificates --------------------------------------------------------------------------


def issuer_for(batch: Batch, kind: str, *, lsp_name: str = "", lsp_licence: str = "",
               lsp_signatory: str = "", lsp_signatory_title: str = "") -> Issuer:
    """Who signs: an LSP (each of its fields required) or the district office (only once
    its signatory is configured)."""
    if kind == IssuerKind.LSP:
        fields = {"lsp_name": lsp_name, "lsp_licence": lsp_licence,
                  "lsp_signatory": lsp_signatory, "lsp_signatory_title": lsp_signatory_title}
        refuse_if([(name, _("Wajib diisi untuk sertifikat dari LSP."))
                   for name, value in fields.items() if not (value or "").strip()])
        return Issuer(IssuerKind.LSP, lsp_name, lsp_signatory, lsp_signatory_title,
                      lsp_licence=lsp_licence)
    if refusal := missing_signatory():
        raise RuleError([("issuer_kind", refusal)])
    return office_issuer(batch)


def issue_all(batch: Batch, issuer: Issuer, user: User) -> int:
    """Issue certificates to everyone certifiable in the batch who has none yet; how many."""
    early = not_yet_certifiable(batch)
    if early:
        raise RuleError(early)
    lock_batch(batch.id)  # a simultaneous issue waits here, then sees what this one issued
    enrolments = assessable(batch)
    rates, certificates = rates_for(enrolments), certificates_of(batch)
    issued = 0
    for enrolment in enrolments:
        rate = rates.get(enrolment.id)
        if enrolment.id not in certificates and not reasons_not_certifiable(enrolment, rate):
            issue(enrolment, issuer, user, rate=rate)
            issued += 1
    return issued


def get_visible_certificate(user: User, certificate_id: int) -> Certificate | None:
    """A certificate of a batch the user sees, or None."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or get_visible(user, certificate.enrolment.batch_id) is None:
        return None
    return certificate


def _next_sequence(regency_id: int, year: int) -> int:
    """Take the next number for the district and year; safe under concurrent issuing."""
    insert_or_ignore(CertificateCounter, ["regency_id", "year"], regency_id=regency_id,
                     year=year, last=0)
    return db.session.execute(
        update(CertificateCounter)
        .where(CertificateCounter.regency_id == regency_id, CertificateCounter.year == year)
        .values(last=CertificateCounter.last + 1).returning(CertificateCounter.last)).scalar_one()


def certificate_number(batch: Batch, sequence: int, issued_on: date) -> str:
    return current_app.config["CERTIFICATE_NUMBER_PATTERN"].format(
        seq=sequence, regency_code=batch.regency.code.replace(".", ""),
        month_roman=ROMAN_MONTHS[issued_on.month - 1], year=issued_on.year)


def issue(enrolment: Enrolment, issuer: Issuer, user: User,
          rate: float | None = None) -> Certificate:
    """Issue the certificate of a passed participant with enough attendance (`rate`, when the
    caller has already computed it for a whole batch)."""
    existing = db.session.scalar(select(Certificate).where(
        Certificate.enrolment_id == enrolment.id))
    if existing is not None:
        return existing
    early = not_yet_certifiable(enrolment.batch)
    if early:
        raise RuleError(early)
    if rate is None:
        rate = rates_for([enrolment]).get(enrolment.id)
    reasons = reasons_not_certifiable(enrolment, rate)
    if reasons:
        raise RuleError(_("%(name)s belum dapat disertifikasi: %(reasons)s.",
                          name=enrolment.participant.full_name,
                          reasons="; ".join(reasons)))
    if issuer.kind == IssuerKind.LSP and not issuer.lsp_licence.strip():
        raise RuleError(_("Nomor lisensi LSP wajib diisi."))
    if issuer.kind == IssuerKind.OFFICE and (refusal := missing_signatory()):
        raise RuleError(refusal)
    today = local_today()
    batch = enrolment.batch
    certificate = Certificate(
        enrolment_id=enrolment.id,
        number=certificate_number(batch, _next_sequence(batch.regency_id, today.year), today),
        code=secrets.token_urlsafe(12), issuer_kind=issuer.kind.value,
        issuer_name=issuer.name.strip(), lsp_licence=issuer.lsp_licence.strip(),
        signatory_name=issuer.signatory_name.strip(),
        signatory_nip=issuer.signatory_nip.strip(),
        signatory_title=issuer.signatory_title.strip(), issued_on=today, issued_by_id=user.id)
    try:
        with savepoint():
            db.session.add(certificate)
            db.session.flush()
    except IntegrityError:  # issued at the same moment by another request, which won
        winner = db.session.scalar(select(Certificate).where(
            Certificate.enrolment_id == enrolment.id))
        if winner is None:
            raise
        return winner
    return certificate


def revoke(certificate: Certificate, reason: str, user: User) -> None:
    if not reason.strip():
        raise RuleError(_("Tuliskan alasan pencabutan."))
    if certificate.revoked_at is not None:
        raise RuleError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at, certificate.revoked_by_id = utc_now(), user.id
    certificate.revoked_reason = reason.strip()
    db.session.flush()


def certificates_of(batch: Batch) -> dict[int, Certificate]:
    return {c.enrolment_id: c for c in db.session.scalars(
        select(Certificate).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.batch_id == batch.id))}


def find_public(code: str = "", number: str = "") -> Certificate | None:
    """A certificate by its verification code or its number, for the public page."""
    statement = select(Certificate).options(
        joinedload(Certificate.enrolment).joinedload(Enrolment.participant),
        joinedload(Certificate.enrolment).joinedload(Enrolment.batch).joinedload(Batch.course))
    if code:
        return db.session.scalar(statement.where(Certificate.code == code[:32]))
    if number:
        return db.session.scalar(statement.where(Certificate.number == number.strip()[:60]))
    return None



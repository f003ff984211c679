"""Demo certificates: the finished demo batches assessed, confirmed and certified.

Every accepted participant is assessed on every unit of the course on the batch's last day by
its first trainer; in one batch a participant or two are not yet competent on a unit. Staff
confirm the results, then everyone with a pass and enough attendance gets a certificate: from
the district office, except one batch certified by an outside LSP (as the Banyuasin report
describes). Those the attendance seed left below the threshold are skipped. One certificate
is revoked, so the public page has both states to show."""

import random

from flask import current_app
from sqlalchemy import select

from mtu.attendance.services import rates_for
from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.certificates import services
from mtu.certificates.models import Certificate, IssuerKind, Result
from mtu.extensions import db
from mtu.participants.models import Enrolment, EnrolmentStatus

LSP = services.Issuer(IssuerKind.LSP, "LSP Garmen Nusantara", "Dra. Retno Wulandari, M.M.",
                      "Direktur LSP Garmen Nusantara", lsp_licence="BNSP-LSP-1234-ID")
# Which finished batch (in date order) the LSP certifies, and in which some are not yet
# competent (how many, among those who attended enough).
LSP_BATCH = 0
NOT_YET_BATCH = 1
NOT_YET_COUNT = 2
REVOKED_IN_BATCH = 2
REVOKE_REASON = ("Peserta tercatat ganda: ia juga mengikuti paket yang sama di kabupaten "
                 "lain pada tahun ini; sertifikat ini dibatalkan.")


def _assess(batch: Batch, enrolments: list[Enrolment], not_yet: set[int], staff: User,
            rng: random.Random) -> None:
    units = sorted(batch.course.units, key=lambda unit: unit.position)
    assessor = batch.trainers[0].name if batch.trainers else staff.name
    for enrolment in enrolments:
        failed_unit = rng.choice(units).id if enrolment.id in not_yet else None
        for unit in units:
            failed = unit.id == failed_unit
            services.record_result(
                enrolment, unit.id, Result.NOT_YET if failed else Result.COMPETENT, staff,
                assessor=assessor, assessed_on=batch.end_date,
                score=rng.randint(70, 74) if failed else rng.randint(75, 95))


def seed_certificates() -> int:
    """Assess, confirm and certify the finished demo batches, once: a database that has any
    certificate is left alone. Returns the certificates issued."""
    if db.session.scalar(select(Certificate.id).limit(1)) is not None:
        return 0
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    if staff is None:
        return 0
    batches = db.session.scalars(select(Batch).where(Batch.status == BatchStatus.DONE)
                                 .order_by(Batch.start_date)).all()
    issued = []
    for position, batch in enumerate(batches):
        rng = random.Random(f"sertifikat/{batch.venue_name}/{batch.start_date.isoformat()}")
        enrolments = db.session.scalars(select(Enrolment).where(
            Enrolment.batch_id == batch.id, Enrolment.status == EnrolmentStatus.ACCEPTED)
            .order_by(Enrolment.id)).all()
        rates = rates_for(enrolments)
        threshold = current_app.config["ATTENDANCE_THRESHOLD"]
        attended = [e for e in enrolments if (rates.get(e.id) or 0) >= threshold]
        not_yet = ({e.id for e in attended[2:2 + NOT_YET_COUNT]}
                   if position == NOT_YET_BATCH else set())
        _assess(batch, enrolments, not_yet, staff, rng)
        services.confirm_results(batch, staff)
        # Without a configured office signatory (production settings) the LSP signs them all.
        office = services.missing_signatory() is None
        issuer = services.office_issuer(batch) if office and position != LSP_BATCH else LSP
        certified = []
        for enrolment in enrolments:
            if services.reasons_not_certifiable(enrolment, rates.get(enrolment.id)):
                continue  # below the attendance threshold, or not yet competent
            certified.append(services.issue(enrolment, issuer, staff))
        if position == REVOKED_IN_BATCH and certified:
            services.revoke(certified[len(certified) // 2], REVOKE_REASON, staff)
        issued += certified
    db.session.flush()
    return len(issued)

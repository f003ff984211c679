"""Certificate PDFs: one certificate, or every valid one of a batch for printing, with a QR
code of the public verification page.

The QR image is a PNG data URI (xhtml2pdf reads RFC 2397 URIs; the link callback leaves them
alone), drawn by segno with whole pixels per module so that it stays sharp at ~30 mm.
"""

import base64
import io
import re
from dataclasses import dataclass

import segno
from flask import abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.models import Batch
from mtu.batches.services import get_visible
from mtu.certificates import bp
from mtu.certificates.models import Certificate
from mtu.certificates.services import get_visible_certificate, not_yet_certifiable
from mtu.errors import refuse
from mtu.extensions import db
from mtu.participants import audit
from mtu.participants.models import Enrolment
from mtu.pdf import batch_file_name, pdf_response
from mtu.proposals.models import VenueType

OFFICE = (Role.ADMIN, Role.STAFF)
QR_ERROR = "m"
QR_SCALE = 12  # pixels per module: a version-4 code is ~490 px, ~400 dpi at 30 mm
QR_BORDER = 4  # the quiet zone the standard asks for
UNITS_ON_FRONT = 5  # more units (or more lines of them) and they get a page of their own
UNIT_LINES_ON_FRONT = 6
UNIT_TITLE_LINE = 95  # characters of a unit title that fit one line on the front
PLACE_LINE = 95


def verification_url(certificate: Certificate) -> str:
    """The public page that confirms the certificate, as printed in its QR code."""
    base = current_app.config.get("PUBLIC_BASE_URL", "")
    if base:
        return base.rstrip("/") + "/verifikasi/" + certificate.code
    try:
        return url_for("verification.detail", code=certificate.code, _external=True)
    except BuildError:  # the public verification blueprint is not registered (yet)
        return request.host_url + "verifikasi/" + certificate.code


def qr_png(payload: str) -> bytes:
    """The QR code of the payload as a black-on-white PNG (error correction M)."""
    buffer = io.BytesIO()
    segno.make(payload, error=QR_ERROR, micro=False, boost_error=False).save(
        buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue()


def qr_data_uri(payload: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(payload)).decode("ascii")


@dataclass
class Sheet:
    """What one certificate prints: the certificate, its batch and units, the QR."""

    certificate: Certificate
    batch: Batch
    units: list
    place: str
    issued_at: str
    qr: str
    url: str

    @property
    def units_on_front(self) -> bool:
        lines = sum(-(-len(unit.title) // UNIT_TITLE_LINE) for unit in self.units)
        lines += len(self.place) > PLACE_LINE  # the dates-and-place line wraps
        return len(self.units) <= UNITS_ON_FRONT and lines <= UNIT_LINES_ON_FRONT

    @property
    def long_name(self) -> bool:
        return len(self.certificate.enrolment.participant.full_name) > 34

    @property
    def long_course(self) -> bool:
        return len(self.batch.course.name) > 60


def training_place(batch: Batch) -> str:
    """Where the training took place; a prison is never named, only its district."""
    if batch.venue_type == VenueType.PRISON:
        return batch.regency.name
    if batch.village is not None:
        return f"{batch.venue_name}, {batch.village.full_name}"
    return f"{batch.venue_name}, {batch.regency.name}"


def issue_place(batch: Batch) -> str:
    """'Pasuruan' for Kab. Pasuruan or Kota Pasuruan, as a letter's place line writes it."""
    return re.sub(r"^(Kab\.|Kabupaten|Kota)\s+", "", batch.regency.name)


def sheet_of(certificate: Certificate) -> Sheet:
    batch = certificate.enrolment.batch
    url = verification_url(certificate)
    return Sheet(certificate=certificate, batch=batch, units=list(batch.course.units),
                 place=training_place(batch), issued_at=issue_place(batch),
                 qr=qr_data_uri(url), url=url)


def credential_files(certificates) -> list[tuple[str, bytes]]:
    """Each valid certificate's signed credential, to travel inside its PDF (none while
    signed credentials are off)."""
    from mtu.credentials import issuing, keys

    ring = keys.signing_ring()
    if ring is None:
        return []
    return [(issuing.file_name(c), issuing.signed_credential(c, ring).encode("ascii"))
            for c in certificates if c.valid]


def file_name(number: str) -> str:
    """'001/MTU-3514/III/2026' → 'sertifikat-001-MTU-3514-III-2026.pdf'."""
    return "sertifikat-" + number.replace("/", "-") + ".pdf"


@bp.get("/<int:certificate_id>.pdf")
@roles_required(*OFFICE)
def pdf(certificate_id):
    """One certificate; a revoked one prints with a DICABUT banner."""
    certificate = found_or_404(get_visible_certificate(current_user, certificate_id))
    early = not_yet_certifiable(certificate.enrolment.batch)
    if early:
        return refuse(409, early)
    response = pdf_response("certificates/certificate_pdf.html", file_name(certificate.number),
                            sheets=[sheet_of(certificate)], title=certificate.number,
                            attachments=(files := credential_files([certificate])),
                            signed=bool(files))
    return audit.seen(response, current_user, [certificate.enrolment.participant_id],
                      audit.ViewKind.EXPORT)


@bp.get("/batches/<int:batch_id>.pdf")
@roles_required(*OFFICE)
def batch_pdf(batch_id):
    """Every issued, unrevoked certificate of the batch, one after another, for printing."""
    batch = get_visible(current_user, batch_id)
    if batch is None:
        abort(404)
    early = not_yet_certifiable(batch)
    if early:
        return refuse(409, early)
    certificates = db.session.scalars(
        select(Certificate).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.batch_id == batch.id, Certificate.revoked_at.is_(None))
        .options(joinedload(Certificate.enrolment).joinedload(Enrolment.participant))
        .order_by(Certificate.number)).all()
    if not certificates:
        abort(404)
    response = pdf_response(
        "certificates/certificate_pdf.html", batch_file_name("sertifikat", batch),
        sheets=[sheet_of(c) for c in certificates],
        title=f"Sertifikat {batch.course.name} {batch.wave}/{batch.year}",
        attachments=(files := credential_files(certificates)), signed=bool(files))
    return audit.seen(response, current_user,
                      [c.enrolment.participant_id for c in certificates], audit.ViewKind.EXPORT)

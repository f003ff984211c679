"""Competency assessment (per participant and unit) and the certificates issued from it."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.courses.models import CompetencyUnit
from mtu.extensions import db
from mtu.participants.models import Enrolment


class Result(StrEnum):
    COMPETENT = "competent"
    NOT_YET = "not_yet"

    @property
    def label(self):
        return {Result.COMPETENT: _l("Kompeten"), Result.NOT_YET: _l("Belum kompeten")}[self]


class IssuerKind(StrEnum):
    OFFICE = "office"
    LSP = "lsp"

    @property
    def label(self):
        return {IssuerKind.OFFICE: _l("Dinas Tenaga Kerja"),
                IssuerKind.LSP: _l("Lembaga Sertifikasi Profesi (LSP)")}[self]


class Assessment(db.Model):
    """One participant's result on one competency unit."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("enrolment_id", "competency_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"),
                                              index=True)
    competency_unit_id: Mapped[int] = mapped_column(ForeignKey("competency_units.id"))
    result: Mapped[str] = mapped_column(String(10))
    score: Mapped[int | None]
    assessor: Mapped[str] = mapped_column(String(120))
    assessed_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enrolment: Mapped[Enrolment] = relationship()
    competency_unit: Mapped[CompetencyUnit] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])


class CertificateCounter(db.Model):
    """The last certificate number used per district and year (numbers never repeat)."""

    __tablename__ = "certificate_counters"

    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    # Random, unguessable from other certificates; what the QR code and the public page use.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    issuer_kind: Mapped[str] = mapped_column(String(8))
    issuer_name: Mapped[str] = mapped_column(String(160))
    lsp_licence: Mapped[str] = mapped_column(String(80), default="")
    signatory_name: Mapped[str] = mapped_column(String(120))
    signatory_nip: Mapped[str] = mapped_column(String(30), default="")
    signatory_title: Mapped[str] = mapped_column(String(160))
    issued_on: Mapped[date]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enrolment: Mapped[Enrolment] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    @property
    def issuer_label(self):
        return IssuerKind(self.issuer_kind).label

    @property
    def by_lsp(self) -> bool:
        """Issued by a licensed certification body (LSP), not the district office."""
        return self.issuer_kind == IssuerKind.LSP

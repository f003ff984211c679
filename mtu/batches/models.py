"""A batch (paket pelatihan): one course run once, at one place, on fixed dates."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.fleet.models import Unit
from mtu.proposals.models import Proposal, VenueType
from mtu.regions.models import Region
from mtu.trainers.models import Trainer


class BatchStatus(StrEnum):
    PLANNED = "planned"
    REGISTRATION = "registration"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return BATCH_STATUS_LABELS[self]


BATCH_STATUS_LABELS = {
    BatchStatus.PLANNED: _l("Direncanakan"),
    BatchStatus.REGISTRATION: _l("Pendaftaran"),
    BatchStatus.RUNNING: _l("Berjalan"),
    BatchStatus.DONE: _l("Selesai"),
    BatchStatus.CANCELLED: _l("Dibatalkan"),
}


class Funding(StrEnum):
    APBD = "apbd"
    APBN = "apbn"
    CSR = "csr"

    @property
    def label(self):
        return FUNDING_LABELS[self]


FUNDING_LABELS = {Funding.APBD: _l("APBD"), Funding.APBN: _l("APBN"),
                  Funding.CSR: _l("CSR perusahaan")}

batch_trainers = Table(
    "batch_trainers", db.metadata,
    Column("batch_id", ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("trainer_id", ForeignKey("trainers.id"), primary_key=True, index=True),
)


class Batch(db.Model):
    __tablename__ = "batches"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("quota > 0", name="positive_quota"),
        Index("ix_batches_unit_dates", "unit_id", "start_date", "end_date"),
        Index("ix_batches_regency_start", "regency_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    year: Mapped[int]
    wave: Mapped[int]
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    venue_type: Mapped[str] = mapped_column(String(24))
    venue_name: Mapped[str] = mapped_column(String(160))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    quota: Mapped[int]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    funding: Mapped[str] = mapped_column(String(8))
    csr_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    status: Mapped[str] = mapped_column(String(14), default=BatchStatus.PLANNED.value,
                                        index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Bumped by every enrolment decision, so that two cannot both take the last seat.
    seat_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    course: Mapped[Course] = relationship()
    regency: Mapped[Region] = relationship(foreign_keys=[regency_id])
    village: Mapped[Region | None] = relationship(foreign_keys=[village_id])
    unit: Mapped[Unit | None] = relationship()
    csr_company: Mapped[Company | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    trainers: Mapped[list[Trainer]] = relationship(secondary=batch_trainers,
                                                   order_by=Trainer.name)
    proposals: Mapped[list[Proposal]] = relationship(back_populates="batch",
                                                     order_by=Proposal.submitted_at)

    def __repr__(self):
        return f"<Batch {self.id} {self.start_date}>"

    @property
    def title(self) -> str:
        """'Menjahit Pakaian · Gelombang 2/2026 · Balai Desa Maron Kulon'."""
        return f"{self.course.name} · {_l('Gelombang')} {self.wave}/{self.year} · {self.venue_name}"

    @property
    def status_label(self):
        return BatchStatus(self.status).label

    @property
    def venue_label(self):
        return VenueType(self.venue_type).label

    @property
    def funding_label(self):
        return Funding(self.funding).label

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

"""A batch (paket pelatihan): one course run once, at one place, on fixed dates."""

from dataclasses import dataclass
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
from mtu.prison_programs.models import Programme
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

# Which status may follow which (batches.services.change_status enforces it).
NEXT_STATUS = {
    BatchStatus.PLANNED: {BatchStatus.REGISTRATION, BatchStatus.CANCELLED},
    BatchStatus.REGISTRATION: {BatchStatus.RUNNING, BatchStatus.CANCELLED},
    BatchStatus.RUNNING: {BatchStatus.DONE, BatchStatus.CANCELLED},
    BatchStatus.DONE: set(),
    BatchStatus.CANCELLED: set(),
}
# Batches that take participants (participants.services.enrol enforces it).
ENROLLING = (BatchStatus.PLANNED, BatchStatus.REGISTRATION, BatchStatus.RUNNING)
# Batches with session days behind or ahead: journal, attendance and assessment.
IN_SESSION = (BatchStatus.RUNNING, BatchStatus.DONE)


class Funding(StrEnum):
    APBD = "apbd"
    APBN = "apbn"
    CSR = "csr"

    @property
    def label(self):
        return FUNDING_LABELS[self]


FUNDING_LABELS = {Funding.APBD: _l("APBD"), Funding.APBN: _l("APBN"),
                  Funding.CSR: _l("CSR perusahaan")}

class EquipmentProvider(StrEnum):
    """Who brings the course's equipment when a batch goes without an MTU unit."""

    INSTITUTE = "lpk"
    COMPANY = "company"
    VENUE = "venue"
    TRAINING_CENTRE = "blk"

    @property
    def label(self):
        return EQUIPMENT_PROVIDER_LABELS[self]


EQUIPMENT_PROVIDER_LABELS = {
    EquipmentProvider.INSTITUTE: _l("LPK pelatih"),
    EquipmentProvider.COMPANY: _l("Perusahaan mitra"),
    EquipmentProvider.VENUE: _l("Tempat pelatihan (mis. lapas, balai desa)"),
    EquipmentProvider.TRAINING_CENTRE: _l("BLK / UPT"),
}


@dataclass
class EquipmentSummary:
    """The course's equipment and who brings it: the unit, or a party named on the page."""

    heading: str
    items: list
    checklist: bool  # True when a party other than an MTU unit must bring it


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
        # Without an MTU unit someone else must bring the equipment.
        CheckConstraint("unit_id IS NOT NULL OR equipment_provider IS NOT NULL",
                        name="unit_or_equipment_provider"),
        CheckConstraint("equipment_provider IS NULL OR equipment_provider IN "
                        "('lpk', 'company', 'venue', 'blk')", name="known_equipment_provider"),
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
    # Set only when there is no unit: who brings the equipment (EquipmentProvider).
    equipment_provider: Mapped[str | None] = mapped_column(String(8))
    funding: Mapped[str] = mapped_column(String(8))
    csr_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    # In-company training (venue type company): the company whose premises and workers it is.
    host_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    # A batch held in a prison belongs to its partnership programme (whose agencies then see
    # its inmates).
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("prison_programmes.id"),
                                                     index=True)
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
    csr_company: Mapped[Company | None] = relationship(foreign_keys=[csr_company_id])
    host_company: Mapped[Company | None] = relationship(foreign_keys=[host_company_id])
    programme: Mapped[Programme | None] = relationship()
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
        wave = _l("Gelombang")  # outside the f-string, where pybabel finds it
        return f"{self.course.name} · {wave} {self.wave}/{self.year} · {self.venue_name}"

    @property
    def status_label(self):
        return BatchStatus(self.status).label

    @property
    def venue_label(self):
        return VenueType(self.venue_type).label

    @property
    def in_prison(self) -> bool:
        """Held in a prison: its participants are inmates (warga binaan)."""
        return self.venue_type == VenueType.PRISON

    @property
    def funding_label(self):
        return Funding(self.funding).label

    @property
    def in_company(self) -> bool:
        """Held at a company's premises for its own workers."""
        return self.venue_type == VenueType.COMPANY

    @property
    def is_changeable(self) -> bool:
        """Not finished or cancelled: its plan may still change and its status move on."""
        return bool(NEXT_STATUS[BatchStatus(self.status)])

    @property
    def accepts_participants(self) -> bool:
        return self.status in ENROLLING

    @property
    def in_session(self) -> bool:
        """Running or done: it has a journal, attendance and an assessment."""
        return self.status in IN_SESSION

    def overlaps(self, other: "Batch") -> bool:
        """True when the two batches share at least one day."""
        return self.start_date <= other.end_date and self.end_date >= other.start_date

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def equipment_provider_label(self):
        """'LPK pelatih', 'Perusahaan mitra', … (no query); None with a unit."""
        if self.unit_id is not None or not self.equipment_provider:
            return None
        return EquipmentProvider(self.equipment_provider).label

    @property
    def equipment_provider_name(self) -> str | None:
        """Who brings the equipment when there is no unit, by name where the batch knows it:
        the trainers' LPK, the company (its trainer's, the CSR giver or the venue), the venue,
        or the BLK."""
        if self.unit is not None or not self.equipment_provider:
            return None
        provider = EquipmentProvider(self.equipment_provider)
        if provider is EquipmentProvider.INSTITUTE:
            return next((t.institute.name for t in self.trainers if t.institute is not None),
                        str(provider.label))
        if provider is EquipmentProvider.COMPANY:
            names = [t.company.name for t in self.trainers if t.company is not None]
            if self.csr_company is not None:
                names.append(self.csr_company.name)
            if self.venue_type == VenueType.COMPANY:
                names.append(self.host_company.name if self.host_company else self.venue_name)
            return names[0] if names else str(provider.label)
        if provider is EquipmentProvider.TRAINING_CENTRE \
                and self.venue_type != VenueType.TRAINING_CENTRE:
            return str(provider.label)
        return self.venue_name

    @property
    def equipment_summary(self) -> EquipmentSummary:
        """'Peralatan dibawa unit MTU-01' or 'Peralatan dibawa oleh LPK Ganesha Kepanjen',
        with the course's equipment list."""
        items = list(self.course.equipment)
        if self.unit is not None:
            return EquipmentSummary(
                str(_l("Peralatan dibawa unit %(unit)s", unit=self.unit.code)), items, False)
        return EquipmentSummary(
            str(_l("Peralatan dibawa oleh %(party)s", party=self.equipment_provider_name)),
            items, True)

"""A proposal for training, and the trail of its status changes."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.prison_programs.models import Agency
from mtu.regions.models import Region

if TYPE_CHECKING:
    from mtu.batches.models import Batch


class Status(StrEnum):
    PROPOSED = "proposed"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    DONE = "done"

    @property
    def label(self):
        return STATUS_LABELS[self]


# Which status may follow which (proposals.services.change_status enforces it). Scheduling and
# finishing come from batches.
TRANSITIONS = {
    Status.PROPOSED: {Status.VERIFIED, Status.REJECTED},
    Status.VERIFIED: {Status.REJECTED, Status.SCHEDULED},
    Status.SCHEDULED: {Status.DONE, Status.VERIFIED},
    Status.REJECTED: set(),
    Status.DONE: set(),
}


STATUS_LABELS = {
    Status.PROPOSED: _l("Diusulkan"),
    Status.VERIFIED: _l("Diverifikasi"),
    Status.REJECTED: _l("Ditolak"),
    Status.SCHEDULED: _l("Dijadwalkan"),
    Status.DONE: _l("Selesai"),
}


class ProposerKind(StrEnum):
    VILLAGE = "village"
    SUBDISTRICT = "subdistrict"
    COMPANY = "company"
    PRISON = "prison"

    @property
    def label(self):
        return PROPOSER_LABELS[self]


PROPOSER_LABELS = {
    ProposerKind.VILLAGE: _l("Pemerintah desa/kelurahan"),
    ProposerKind.SUBDISTRICT: _l("Kecamatan"),
    ProposerKind.COMPANY: _l("Perusahaan"),
    ProposerKind.PRISON: _l("Lembaga pemasyarakatan"),
}


class VenueType(StrEnum):
    VILLAGE_HALL = "village_hall"
    NEIGHBOURHOOD_OFFICE = "neighbourhood_office"
    SUBDISTRICT_OFFICE = "subdistrict_office"
    TRAINING_CENTRE = "training_centre"
    COMPANY = "company"
    PRISON = "prison"
    OTHER = "other"

    @property
    def label(self):
        return VENUE_LABELS[self]


VENUE_LABELS = {
    VenueType.VILLAGE_HALL: _l("Balai desa"),
    VenueType.NEIGHBOURHOOD_OFFICE: _l("Kantor RT/RW"),
    VenueType.SUBDISTRICT_OFFICE: _l("Kantor kecamatan"),
    VenueType.TRAINING_CENTRE: _l("BLK / UPT"),
    VenueType.COMPANY: _l("Perusahaan"),
    VenueType.PRISON: _l("Lapas"),
    VenueType.OTHER: _l("Tempat lain"),
}


class Proposal(db.Model):
    __tablename__ = "proposals"
    # The queue and the office's lists: one district's proposals in a status, oldest first.
    __table_args__ = (Index("ix_proposals_regency_status_submitted",
                            "regency_id", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default=Status.PROPOSED.value, index=True)
    proposer_kind: Mapped[str] = mapped_column(String(12))
    # Where the residents are: scope columns for staff (regency) and villages (village).
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    prison_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True)
    vocation_text: Mapped[str] = mapped_column(String(120), default="")
    candidates: Mapped[int]
    venue_type: Mapped[str] = mapped_column(String(24))
    venue_name: Mapped[str] = mapped_column(String(160), default="")
    preferred_from: Mapped[date | None]
    preferred_until: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text)
    musrenbang_ref: Mapped[str] = mapped_column(String(160), default="")
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_phone: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    # The batch that serves this proposal, once one is planned (see mtu.batches).
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"),
                                                 index=True)

    regency: Mapped[Region] = relationship(foreign_keys=[regency_id])
    subdistrict: Mapped[Region | None] = relationship(foreign_keys=[subdistrict_id])
    village: Mapped[Region | None] = relationship(foreign_keys=[village_id])
    company: Mapped[Company | None] = relationship()
    prison: Mapped[Agency | None] = relationship()
    course: Mapped[Course | None] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    batch: Mapped["Batch | None"] = relationship(back_populates="proposals")
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", order_by="ProposalEvent.id", cascade="all, delete-orphan")
    candidate_rows: Mapped[list["ProposalCandidate"]] = relationship(
        back_populates="proposal", order_by="ProposalCandidate.full_name",
        cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self):
        return f"<Proposal {self.id} {self.status}>"

    @property
    def reference(self) -> str:
        """What people quote on the phone: USL-2026-00042."""
        return f"USL-{self.submitted_at:%Y}-{self.id:05d}"

    @property
    def vocation(self) -> str:
        return self.course.name if self.course else self.vocation_text

    @property
    def proposer(self) -> str:
        """Who asked for the training, in words."""
        entity = {ProposerKind.VILLAGE: self.village, ProposerKind.SUBDISTRICT: self.subdistrict,
                  ProposerKind.COMPANY: self.company, ProposerKind.PRISON: self.prison}
        chosen = entity[ProposerKind(self.proposer_kind)]
        if chosen is None:
            return ""
        return chosen.full_name if isinstance(chosen, Region) else chosen.name

    @property
    def proposer_kind_label(self):
        return ProposerKind(self.proposer_kind).label

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_editable(self) -> bool:
        """Waiting for the office's first decision: the proposer may still correct it, and
        staff may verify it."""
        return self.status == Status.PROPOSED

    @property
    def is_decidable(self) -> bool:
        """Staff may still reject it (proposed or verified): it waits for a decision."""
        return Status.REJECTED in TRANSITIONS[Status(self.status)]

    @property
    def is_schedulable(self) -> bool:
        """Verified: a batch may now be planned from it."""
        return Status.SCHEDULED in TRANSITIONS[Status(self.status)]

    @property
    def venue_label(self):
        return VenueType(self.venue_type).label


class ProposalEvent(db.Model):
    """One status change: who, when, from what to what, and why."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()

    @property
    def to_label(self):
        return Status(self.to_status).label


class Duplicate(StrEnum):
    """Why a candidate is flagged: already recorded in MTU (by this office or another), or
    already put forward in another proposal."""

    RECORDED = "recorded"
    OTHER_OFFICE = "other_office"
    OTHER_PROPOSAL = "other_proposal"

    @property
    def label(self):
        return DUPLICATE_LABELS[self]


DUPLICATE_LABELS = {
    Duplicate.RECORDED: _l("Sudah tercatat sebagai peserta"),
    Duplicate.OTHER_OFFICE: _l("Tercatat oleh kantor Disnaker lain"),
    Duplicate.OTHER_PROPOSAL: _l("Juga calon di usulan lain"),
}


class ProposalCandidate(db.Model):
    """A resident put forward for the training, read from the village's register (OpenSID);
    `participant` is set once staff enrol them in the proposal's batch."""

    __tablename__ = "proposal_candidates"
    __table_args__ = (UniqueConstraint("proposal_id", "nik"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    nik: Mapped[str] = mapped_column(String(16), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(1))
    birth_place: Mapped[str] = mapped_column(String(60), default="")
    birth_date: Mapped[date]
    address: Mapped[str] = mapped_column(String(200), default="")
    dusun: Mapped[str] = mapped_column(String(60), default="")
    rt: Mapped[str] = mapped_column(String(5), default="")
    rw: Mapped[str] = mapped_column(String(5), default="")
    education: Mapped[str] = mapped_column(String(12))
    occupation: Mapped[str] = mapped_column(String(80), default="")  # OpenSID's own words
    employment: Mapped[str] = mapped_column(String(16))
    duplicate: Mapped[str] = mapped_column(String(16), default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="candidate_rows")

    @property
    def masked_nik(self) -> str:
        return f"{self.nik[:4]}{'*' * 8}{self.nik[-4:]}"

    @property
    def education_label(self):
        from mtu.participants.models import EDUCATION_LABELS, Education  # builds on proposals

        return EDUCATION_LABELS[Education(self.education)]

    @property
    def duplicate_label(self):
        return Duplicate(self.duplicate).label if self.duplicate else ""


class ResidentUpload(db.Model):
    """Residents read from an uploaded OpenSID export, waiting for the proposer to tick
    candidates: only the columns MTU keeps, as JSON; never the file. Deleted when the
    proposer is done, on the next upload, or after 3 days (candidates.services.STAGING_DAYS)."""

    __tablename__ = "resident_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)

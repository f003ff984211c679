"""A job fair (bursa kerja) of a district office, its companies and its registrations."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.participants.models import Participant
from mtu.regions.models import Region


class Outcome(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self):
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.PENDING: _l("Menunggu"),
    Outcome.ACCEPTED: _l("Diterima"),
    Outcome.REJECTED: _l("Tidak diterima"),
}

job_fair_companies = Table(
    "job_fair_companies", db.metadata,
    Column("job_fair_id", ForeignKey("job_fairs.id", ondelete="CASCADE"), primary_key=True),
    Column("company_id", ForeignKey("companies.id"), primary_key=True, index=True),
)


class JobFair(db.Model):
    __tablename__ = "job_fairs"
    __table_args__ = (CheckConstraint("visitors >= 0", name="visitors_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(160))
    visitors: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    regency: Mapped[Region] = relationship()
    created_by: Mapped[User | None] = relationship()
    companies: Mapped[list[Company]] = relationship(secondary=job_fair_companies,
                                                    order_by=Company.name)

    def __repr__(self):
        return f"<JobFair {self.held_on} {self.place}>"


class Registration(db.Model):
    """A graduate registering with one company at a fair, and what came of it."""

    __tablename__ = "job_fair_registrations"
    __table_args__ = (
        UniqueConstraint("job_fair_id", "participant_id", "company_id"),
        CheckConstraint("outcome IN ('pending', 'accepted', 'rejected')", name="known_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_fair_id: Mapped[int] = mapped_column(ForeignKey("job_fairs.id", ondelete="CASCADE"),
                                             index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(10), default=Outcome.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    job_fair: Mapped[JobFair] = relationship()
    participant: Mapped[Participant] = relationship()
    company: Mapped[Company] = relationship()

    @property
    def accepted(self) -> bool:
        return self.outcome == Outcome.ACCEPTED

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label

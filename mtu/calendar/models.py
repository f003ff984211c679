"""A day the office adds to the national holidays: cuti bersama, a regional holiday, a day the
venue is not available; or a national holiday it does not keep (an estimated date moved)."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.regions.models import Region


class Kind(StrEnum):
    JOINT_LEAVE = "joint_leave"  # cuti bersama, from the yearly joint ministerial decree
    REGIONAL = "regional"  # a holiday of the province or district
    VENUE = "venue"  # the hall (or the venue) is not available
    OTHER = "other"
    WORKDAY = "workday"  # a national holiday not kept: the package's estimate was moved

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.JOINT_LEAVE: _l("Cuti bersama"),
    Kind.REGIONAL: _l("Libur daerah"),
    Kind.VENUE: _l("Tempat tidak tersedia"),
    Kind.OTHER: _l("Libur lain"),
    Kind.WORKDAY: _l("Tetap hari kerja"),
}


class DayOff(db.Model):
    """One day: for every district (no regency), one district, or one batch's venue."""

    __tablename__ = "days_off"
    __table_args__ = (
        CheckConstraint("kind IN ('joint_leave', 'regional', 'venue', 'other', 'workday')",
                        name="known_kind"),
        # Only the shared list may keep a national holiday as a working day.
        CheckConstraint("kind <> 'workday' OR regency_id IS NULL", name="workday_is_shared"),
        CheckConstraint("batch_id IS NULL OR regency_id IS NOT NULL", name="batch_has_regency"),
        Index("ix_days_off_day_regency", "day", "regency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"),
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    regency: Mapped[Region | None] = relationship()
    batch: Mapped[Batch | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self):
        return f"<DayOff {self.day} {self.kind}>"

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def is_off(self) -> bool:
        return self.kind != Kind.WORKDAY

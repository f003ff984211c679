"""The trainer's day: one journal per batch per day, and each participant's mark."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.clock import utc_now
from mtu.courses.models import CompetencyUnit
from mtu.extensions import db
from mtu.participants.models import Enrolment


class Mark(StrEnum):
    PRESENT = "present"
    PERMITTED = "permitted"
    SICK = "sick"
    ABSENT = "absent"

    @property
    def label(self):
        return MARK_LABELS[self]

    @property
    def letter(self) -> str:
        """The letter on a paper attendance sheet: H, I, S, A."""
        return {"present": "H", "permitted": "I", "sick": "S", "absent": "A"}[self.value]


MARK_LABELS = {Mark.PRESENT: _l("Hadir"), Mark.PERMITTED: _l("Izin"), Mark.SICK: _l("Sakit"),
               Mark.ABSENT: _l("Alpa")}


class TrainingDay(db.Model):
    """The journal of one day of a batch: hours, what was taught, notes."""

    __tablename__ = "training_days"
    __table_args__ = (UniqueConstraint("batch_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    day: Mapped[date]
    hours: Mapped[int] = mapped_column(default=8)
    competency_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("competency_units.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When this content was written (on the phone, for a journal sent later from its queue).
    written_at: Mapped[datetime] = mapped_column(default=utc_now)

    batch: Mapped[Batch] = relationship()
    competency_unit: Mapped[CompetencyUnit | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def subject(self) -> str:
        if self.competency_unit is not None:
            return f"{self.competency_unit.code} {self.competency_unit.title}"
        return self.topic


class AttendanceMark(db.Model):
    """One participant on one day: hadir, izin, sakit or alpa."""

    __tablename__ = "attendance_marks"
    __table_args__ = (UniqueConstraint("enrolment_id", "day"),
                      Index("ix_attendance_marks_batch_day", "batch_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    day: Mapped[date]
    status: Mapped[str] = mapped_column(String(10))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When the status held was given (on the phone, for a mark sent later from its queue):
    # an older mark never overwrites a newer one.
    marked_at: Mapped[datetime] = mapped_column(default=utc_now)

    enrolment: Mapped[Enrolment] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def mark(self) -> Mark:
        return Mark(self.status)


class MarkCorrection(db.Model):
    """A changed mark: who, when, before and after (first marks are not corrections). A mark
    from a phone's queue older than the one held is kept here too, not applied: `before` is the
    newer value that stayed, `after` the older one that came late."""

    __tablename__ = "mark_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("attendance_marks.id", ondelete="CASCADE"),
                                         index=True)
    before: Mapped[str] = mapped_column(String(10))
    after: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_at: Mapped[datetime | None]  # the phone's time, for a change sent from its queue
    applied: Mapped[bool] = mapped_column(default=True, server_default=true())

    mark: Mapped[AttendanceMark] = relationship()
    changed_by: Mapped[User | None] = relationship()

"""Facilities (fasilitas) a batch gives each participant, and each hand-over."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.participants.models import Enrolment


class FacilityItem(db.Model):
    """One thing each participant of a batch receives, e.g. 'Uang saku', Rp750.000, once."""

    __tablename__ = "facility_items"
    __table_args__ = (UniqueConstraint("batch_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(80))
    unit_value: Mapped[int]  # rupiah
    # Given for every day attended (a transport allowance) rather than once.
    per_day: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    batch: Mapped[Batch] = relationship()


class Handover(db.Model):
    """An item handed to a participant: when, and who recorded it."""

    __tablename__ = "handovers"
    __table_args__ = (UniqueConstraint("enrolment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"),
                                              index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("facility_items.id", ondelete="CASCADE"),
                                         index=True)
    handed_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enrolment: Mapped[Enrolment] = relationship()
    item: Mapped[FacilityItem] = relationship()
    recorded_by: Mapped[User | None] = relationship()

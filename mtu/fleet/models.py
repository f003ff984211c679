"""Mobile Training Units: vehicles with the equipment for certain vocations."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.courses.models import Course, Equipment
from mtu.extensions import db
from mtu.regions.models import Region


class UnitStatus(StrEnum):
    READY = "ready"
    MAINTENANCE = "maintenance"

    @property
    def label(self):
        return UNIT_STATUS_LABELS[self]


UNIT_STATUS_LABELS = {UnitStatus.READY: _l("Siap"), UnitStatus.MAINTENANCE: _l("Perawatan")}

unit_equipment = Table(
    "unit_equipment", db.metadata,
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("equipment_id", ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    plate: Mapped[str] = mapped_column(String(20), default="")
    home_base: Mapped[str] = mapped_column(String(160), default="")
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=UnitStatus.READY.value)
    # Bumped by every booking, so that two bookings of one unit cannot pass unseen.
    booking_version: Mapped[int] = mapped_column(default=0, server_default="0")

    regency: Mapped[Region] = relationship()
    equipment: Mapped[list[Equipment]] = relationship(secondary=unit_equipment,
                                                      order_by=Equipment.name)

    def __repr__(self):
        return f"<Unit {self.code}>"

    @property
    def status_label(self):
        return UnitStatus(self.status).label

    @property
    def is_ready(self) -> bool:
        return self.status == UnitStatus.READY

    @property
    def toggled_status(self) -> UnitStatus:
        """The status the 'Tandai …' button moves it to: ready ↔ maintenance."""
        return UnitStatus.MAINTENANCE if self.is_ready else UnitStatus.READY

    def missing_equipment(self, course: Course) -> list[Equipment]:
        """What the course needs that this unit does not carry."""
        carried = {item.id for item in self.equipment}
        return [item for item in course.equipment if item.id not in carried]

"""Vocations offered: the course catalogue, its competency units and the equipment it needs."""

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.extensions import db

DEFAULT_DURATION_DAYS = 30
DEFAULT_PACKAGE_SIZE = 16

course_equipment = Table(
    "course_equipment", db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("equipment_id", ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True),
)


class Equipment(db.Model):
    """A kind of equipment a course needs and an MTU unit may carry (e.g. 'Mesin las')."""

    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self):
        return f"<Equipment {self.name}>"


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sector: Mapped[str] = mapped_column(String(80), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[int] = mapped_column(default=240, server_default="240")
    duration_days: Mapped[int] = mapped_column(default=DEFAULT_DURATION_DAYS,
                                               server_default=str(DEFAULT_DURATION_DAYS))
    package_size: Mapped[int] = mapped_column(default=DEFAULT_PACKAGE_SIZE,
                                              server_default=str(DEFAULT_PACKAGE_SIZE))
    active: Mapped[bool] = mapped_column(default=True)

    units: Mapped[list["CompetencyUnit"]] = relationship(
        back_populates="course", order_by="CompetencyUnit.position",
        cascade="all, delete-orphan")
    equipment: Mapped[list[Equipment]] = relationship(secondary=course_equipment,
                                                      order_by=Equipment.name)

    def __repr__(self):
        return f"<Course {self.name}>"


class CompetencyUnit(db.Model):
    """A unit of competence taught and assessed (e.g. an SKKNI unit)."""

    __tablename__ = "competency_units"
    __table_args__ = (UniqueConstraint("course_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))

    course: Mapped[Course] = relationship(back_populates="units")

"""Training institutes (LPK) and the trainers who teach the courses."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.regions.models import Region


class EmployerType(StrEnum):
    CIVIL_SERVANT = "civil_servant"
    CONTRACT = "contract"
    INSTITUTE = "institute"
    COMPANY = "company"

    @property
    def label(self):
        return EMPLOYER_LABELS[self]


EMPLOYER_LABELS = {
    EmployerType.CIVIL_SERVANT: _l("ASN"),
    EmployerType.CONTRACT: _l("Non-ASN"),
    EmployerType.INSTITUTE: _l("LPK"),
    EmployerType.COMPANY: _l("Perusahaan"),
}

trainer_courses = Table(
    "trainer_courses", db.metadata,
    Column("trainer_id", ForeignKey("trainers.id", ondelete="CASCADE"), primary_key=True),
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
)


class Institute(db.Model):
    """A training institute (Lembaga Pelatihan Kerja), e.g. LPK Ganesha Kepanjen."""

    __tablename__ = "institutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")

    regency: Mapped[Region | None] = relationship()

    def __repr__(self):
        return f"<Institute {self.name}>"


class Trainer(db.Model):
    __tablename__ = "trainers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    employer_type: Mapped[str] = mapped_column(String(16))
    institute_id: Mapped[int | None] = mapped_column(ForeignKey("institutes.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    # Bumped by every booking, so that two bookings of one trainer cannot pass unseen.
    booking_version: Mapped[int] = mapped_column(default=0, server_default="0")

    institute: Mapped[Institute | None] = relationship()
    company: Mapped[Company | None] = relationship()
    regency: Mapped[Region] = relationship()
    user: Mapped[User | None] = relationship()
    courses: Mapped[list[Course]] = relationship(secondary=trainer_courses,
                                                 order_by=Course.name)

    def __repr__(self):
        return f"<Trainer {self.name}>"

    @property
    def employer_label(self):
        return EmployerType(self.employer_type).label

    @property
    def employer_name(self) -> str:
        if self.institute:
            return self.institute.name
        if self.company:
            return self.company.name
        return str(self.employer_label)

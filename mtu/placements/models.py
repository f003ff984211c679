"""Outcomes of training: vacancies, placements of graduates and their follow-ups."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.job_fairs.models import JobFair
from mtu.participants.models import Enrolment

FOLLOW_UP_MONTHS = (3, 6)


class PlacementStatus(StrEnum):
    WORKING = "working"
    APPRENTICE = "apprentice"
    SELF_EMPLOYED = "self_employed"
    NOT_WORKING = "not_working"

    @property
    def label(self):
        return PLACEMENT_LABELS[self]


PLACEMENT_LABELS = {
    PlacementStatus.WORKING: _l("Bekerja"),
    PlacementStatus.APPRENTICE: _l("Magang"),
    PlacementStatus.SELF_EMPLOYED: _l("Wirausaha"),
    PlacementStatus.NOT_WORKING: _l("Belum bekerja"),
}
# What counts as absorbed: working, apprenticed or self-employed.
PLACED = (PlacementStatus.WORKING.value, PlacementStatus.APPRENTICE.value,
          PlacementStatus.SELF_EMPLOYED.value)


class Vacancy(db.Model):
    """A company's opening (lowongan) for graduates of a vocation."""

    __tablename__ = "vacancies"
    __table_args__ = (CheckConstraint("openings > 0", name="positive_openings"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[str] = mapped_column(String(120))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True)
    openings: Mapped[int]
    closing_date: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    company: Mapped[Company] = relationship()
    course: Mapped[Course | None] = relationship()


class Placement(db.Model):
    """What became of a graduate: work, apprenticeship, own business, or not yet."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("status IN ('working', 'apprentice', 'self_employed', 'not_working')",
                        name="known_status"),
        Index("ix_placements_enrolment_status", "enrolment_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The graduation it follows: the person and the batch (absorption counts per batch).
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    # The job fair (bursa kerja) the placement came from.
    job_fair_id: Mapped[int | None] = mapped_column(ForeignKey("job_fairs.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    position: Mapped[str] = mapped_column(String(120), default="")
    start_date: Mapped[date]
    # Self-employment (wirausaha): the business.
    business_name: Mapped[str] = mapped_column(String(160), default="")
    business_field: Mapped[str] = mapped_column(String(120), default="")
    business_place: Mapped[str] = mapped_column(String(200), default="")
    confirmed_at: Mapped[datetime] = mapped_column(default=utc_now)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enrolment: Mapped[Enrolment] = relationship()
    company: Mapped[Company | None] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()
    job_fair: Mapped[JobFair | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="placement", order_by="FollowUp.months")

    @property
    def status_label(self):
        return PlacementStatus(self.status).label

    @property
    def placed(self) -> bool:
        return self.status in PLACED


class FollowUp(db.Model):
    """A check on a placement 3 or 6 months after it started."""

    __tablename__ = "placement_follow_ups"
    __table_args__ = (UniqueConstraint("placement_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[datetime | None]
    still_placed: Mapped[bool | None]
    note: Mapped[str] = mapped_column(Text, default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement: Mapped[Placement] = relationship(back_populates="follow_ups")

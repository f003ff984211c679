"""Prison partnership programmes: partner agencies, programmes, coordination meetings and the
action items decided there."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.clock import utc_now
from mtu.extensions import db
from mtu.regions.models import Region


class AgencyKind(StrEnum):
    GOVERNMENT = "government"
    SOCIAL_SECURITY = "social_security"
    PRISON = "prison"
    TRAINING_INSTITUTE = "institute"
    OTHER = "other"

    @property
    def label(self):
        return AGENCY_KIND_LABELS[self]


AGENCY_KIND_LABELS = {
    AgencyKind.GOVERNMENT: _l("Perangkat daerah (dinas)"),
    AgencyKind.PRISON: _l("Lembaga pemasyarakatan"),
    AgencyKind.SOCIAL_SECURITY: _l("Jaminan sosial (BPJS)"),
    AgencyKind.TRAINING_INSTITUTE: _l("Lembaga pelatihan kerja (LPK)"),
    AgencyKind.OTHER: _l("Lainnya"),
}


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=AgencyKind.GOVERNMENT.value,
                                      server_default=AgencyKind.GOVERNMENT.value)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")

    regency: Mapped[Region | None] = relationship()

    def __repr__(self):
        return f"<Agency {self.name}>"

    @property
    def kind_label(self):
        return AgencyKind(self.kind).label if self.kind in AgencyKind._value2member_map_ else ""


class ProgrammeStatus(StrEnum):
    COORDINATION = "coordination"
    TRAINING = "training"
    MENTORING = "mentoring"
    FINISHED = "finished"

    @property
    def label(self):
        return PROGRAMME_STATUS_LABELS[self]


PROGRAMME_STATUS_LABELS = {
    ProgrammeStatus.COORDINATION: _l("Koordinasi"),
    ProgrammeStatus.TRAINING: _l("Pelatihan"),
    ProgrammeStatus.MENTORING: _l("Pendampingan"),
    ProgrammeStatus.FINISHED: _l("Selesai"),
}


class PartnerRole(StrEnum):
    TRAINING = "training"
    BUSINESS = "business"
    MARKETING = "marketing"
    FUNDING = "funding"
    SOCIAL_SECURITY = "social_security"

    @property
    def label(self):
        return PARTNER_ROLE_LABELS[self]


PARTNER_ROLE_LABELS = {
    PartnerRole.TRAINING: _l("Pelatihan"),
    PartnerRole.BUSINESS: _l("Pengembangan usaha"),
    PartnerRole.MARKETING: _l("Pemasaran"),
    PartnerRole.FUNDING: _l("Permodalan"),
    PartnerRole.SOCIAL_SECURITY: _l("Jaminan sosial"),
}


def _values(enum) -> str:
    return ", ".join(f"'{member.value}'" for member in enum)


class Programme(db.Model):
    """A partnership programme with a prison, led by the district office (e.g. the Malang
    women's prison embroidery programme)."""

    __tablename__ = "prison_programmes"
    __table_args__ = (
        CheckConstraint(f"status IN ({_values(ProgrammeStatus)})", name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    prison_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    institute_id: Mapped[int | None] = mapped_column(ForeignKey("institutes.id"), index=True)
    legal_basis: Mapped[str] = mapped_column(String(300), default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ProgrammeStatus.COORDINATION.value)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    regency: Mapped[Region] = relationship()
    prison: Mapped[Agency] = relationship(foreign_keys=[prison_id])
    lead_agency: Mapped[Agency | None] = relationship(foreign_keys=[lead_agency_id])
    # mtu.trainers imports mtu.auth, which imports this module: name the class, don't import it.
    institute = relationship("Institute")
    partners: Mapped[list["Partner"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Partner.id")
    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="programme", order_by="Meeting.held_on.desc(), Meeting.id.desc()")

    def __repr__(self):
        return f"<Programme {self.name}>"

    @property
    def status_label(self):
        return ProgrammeStatus(self.status).label

    @property
    def is_finished(self) -> bool:
        return self.status == ProgrammeStatus.FINISHED


class Partner(db.Model):
    """An agency taking part in a programme, in one role (an agency may hold several)."""

    __tablename__ = "prison_programme_partners"
    __table_args__ = (
        UniqueConstraint("programme_id", "agency_id", "role"),
        CheckConstraint(f"role IN ({_values(PartnerRole)})", name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("prison_programmes.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    programme: Mapped[Programme] = relationship(back_populates="partners")
    agency: Mapped[Agency] = relationship()

    @property
    def role_label(self):
        return PartnerRole(self.role).label


meeting_agencies = Table(
    "prison_meeting_agencies", db.metadata,
    Column("meeting_id", ForeignKey("prison_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id"), primary_key=True, index=True),
)


class Meeting(db.Model):
    """A coordination meeting (rapat koordinasi): who came, the minutes and the decisions."""

    __tablename__ = "prison_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("prison_programmes.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str] = mapped_column(String(120), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    programme: Mapped[Programme] = relationship(back_populates="meetings")
    agencies: Mapped[list[Agency]] = relationship(secondary=meeting_agencies,
                                                  order_by=Agency.name)
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan",
        order_by="ActionItem.due_on, ActionItem.id")

    def __repr__(self):
        return f"<Meeting {self.held_on} {self.place}>"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self):
        return ACTION_STATUS_LABELS[self]


ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Belum dikerjakan"),
    ActionStatus.IN_PROGRESS: _l("Sedang dikerjakan"),
    ActionStatus.DONE: _l("Selesai"),
}


class ActionItem(db.Model):
    """Who does what next, decided at a meeting: the responsible agency updates it."""

    __tablename__ = "prison_action_items"
    __table_args__ = (
        CheckConstraint(f"status IN ({_values(ActionStatus)})", name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("prison_meetings.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.OPEN.value, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")
    agency: Mapped[Agency] = relationship()

    def __repr__(self):
        return f"<ActionItem {self.description[:30]}>"

    @property
    def status_label(self):
        return ActionStatus(self.status).label

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE

    def overdue_on(self, day: date) -> bool:
        return not self.is_done and self.due_on is not None and self.due_on < day

"""One follow-up of a participant: after training (business development, sales, capital, BPJS
enrolment) or after release (how they live now, and how to reach them)."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.participants.models import Participant
from mtu.prison_programs.models import Agency


class Kind(StrEnum):
    BUSINESS = "business"
    SALES = "sales"
    CAPITAL = "capital"
    BPJS = "bpjs"
    RELEASE = "release"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.BUSINESS: _l("Pengembangan usaha"), Kind.SALES: _l("Pemasaran/penjualan"),
    Kind.CAPITAL: _l("Permodalan"), Kind.BPJS: _l("Kepesertaan BPJS Ketenagakerjaan"),
    Kind.RELEASE: _l("Setelah bebas"),
}
AFTER_TRAINING = (Kind.BUSINESS, Kind.SALES, Kind.CAPITAL, Kind.BPJS)


class LifeStatus(StrEnum):
    """How someone released is doing."""

    BUSINESS = "business"
    EMPLOYED = "employed"
    NOT_YET = "not_yet"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    LifeStatus.BUSINESS: _l("Usaha berjalan"), LifeStatus.EMPLOYED: _l("Bekerja"),
    LifeStatus.NOT_YET: _l("Belum"),
}


class Aftercare(db.Model):
    __tablename__ = "aftercare_follow_ups"
    __table_args__ = (
        CheckConstraint("kind IN ('business', 'sales', 'capital', 'bpjs', 'release')",
                        name="known_kind"),
        CheckConstraint("(kind = 'release') = (status IS NOT NULL)", name="status_on_release"),
        Index("ix_aftercare_follow_ups_participant_held", "participant_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    held_on: Mapped[date]
    # The agency that did it (Disperindag, Dinas Koperasi, BPJS…); None: the district office.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # After release only: how the person lives now, and how to reach them.
    status: Mapped[str | None] = mapped_column(String(12))
    contact: Mapped[str] = mapped_column(String(160), default="")
    # When the next follow-up is planned; passed without a newer one, it is overdue.
    next_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None]

    participant: Mapped[Participant] = relationship()
    agency: Mapped[Agency | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def status_label(self):
        return LifeStatus(self.status).label if self.status else ""

    @property
    def after_release(self) -> bool:
        return self.kind == Kind.RELEASE

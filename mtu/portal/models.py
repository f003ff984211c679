"""A company's interest in a graduate."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.certificates.models import Certificate
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.participants.models import Participant


class Interest(db.Model):
    """A company's interest in a graduate, with its note; staff follow it up."""

    __tablename__ = "company_interests"
    __table_args__ = (UniqueConstraint("company_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    # The certificate the company saw (its course and year).
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    followed_up_at: Mapped[datetime | None]
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    company: Mapped[Company] = relationship()
    participant: Mapped[Participant] = relationship()
    certificate: Mapped[Certificate] = relationship()
    followed_up_by: Mapped[User | None] = relationship(foreign_keys=[followed_up_by_id])

"""A CSR contribution: what a company gave (money, goods or services), when, for which batch."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.batches.models import Batch
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.extensions import db


class Kind(StrEnum):
    MONEY = "money"
    GOODS = "goods"
    SERVICES = "services"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.MONEY: _l("Uang (rupiah)"),
    Kind.GOODS: _l("Barang"),
    Kind.SERVICES: _l("Jasa"),
}


class Contribution(db.Model):
    __tablename__ = "csr_contributions"
    __table_args__ = (
        CheckConstraint("kind IN ('money', 'goods', 'services')", name="known_kind"),
        CheckConstraint("amount IS NULL OR amount > 0", name="positive_amount"),
        # Money is its amount; goods and services may carry an estimated value.
        CheckConstraint("kind <> 'money' OR amount IS NOT NULL", name="money_has_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"),
                                            index=True)
    # The district office that recorded it: its staff see and change it.
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    given_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    company: Mapped[Company] = relationship()
    batch: Mapped[Batch | None] = relationship()

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def in_kind(self) -> bool:
        return self.kind != Kind.MONEY

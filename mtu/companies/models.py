"""Partner companies: employers of graduates, hosts of in-company training."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.clock import utc_now
from mtu.extensions import db
from mtu.regions.models import Region


class Sector(StrEnum):
    MANUFACTURING = "manufacturing"
    TRADE = "trade"
    SERVICES = "services"
    FOOD = "food"
    CONSTRUCTION = "construction"
    AGRICULTURE = "agriculture"
    HOSPITALITY = "hospitality"
    OTHER = "other"

    @property
    def label(self):
        return SECTOR_LABELS[self]


SECTOR_LABELS = {
    Sector.MANUFACTURING: _l("Industri pengolahan"),
    Sector.TRADE: _l("Perdagangan"),
    Sector.SERVICES: _l("Jasa"),
    Sector.FOOD: _l("Makanan dan minuman"),
    Sector.CONSTRUCTION: _l("Konstruksi"),
    Sector.AGRICULTURE: _l("Pertanian dan perikanan"),
    Sector.HOSPITALITY: _l("Perhotelan dan pariwisata"),
    Sector.OTHER: _l("Lainnya"),
}


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    sector: Mapped[str] = mapped_column(String(16), default=Sector.OTHER.value,
                                        server_default=Sector.OTHER.value)
    address: Mapped[str] = mapped_column(String(300), default="")
    village_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")

    regency: Mapped[Region | None] = relationship(foreign_keys=[regency_id])
    village: Mapped[Region | None] = relationship(foreign_keys=[village_id])
    agreements: Mapped[list["Agreement"]] = relationship(
        back_populates="company", order_by="Agreement.start_date.desc()")

    def __repr__(self):
        return f"<Company {self.name}>"

    @property
    def sector_label(self):
        return Sector(self.sector).label if self.sector in Sector._value2member_map_ else ""


class Agreement(db.Model):
    """A partnership agreement (perjanjian kerja sama) between the office and a company."""

    __tablename__ = "company_agreements"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"),
                                            index=True)
    number: Mapped[str] = mapped_column(String(80))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    scope: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    company: Mapped[Company] = relationship(back_populates="agreements")

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


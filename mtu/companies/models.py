"""Partner companies: employers of graduates, hosts of in-company training."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.extensions import db
from mtu.regions.models import Region


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")

    regency: Mapped[Region | None] = relationship()

    def __repr__(self):
        return f"<Company {self.name}>"

"""Partner agencies of prison partnership programmes."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.extensions import db
from mtu.regions.models import Region


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    regency: Mapped[Region | None] = relationship()

    def __repr__(self):
        return f"<Agency {self.name}>"

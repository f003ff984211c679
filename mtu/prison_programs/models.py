"""Partner agencies of prison partnership programmes."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.extensions import db
from mtu.regions.models import Region


class AgencyKind(StrEnum):
    GOVERNMENT = "government"
    SOCIAL_SECURITY = "social_security"
    PRISON = "prison"

    @property
    def label(self):
        return AGENCY_KIND_LABELS[self]


AGENCY_KIND_LABELS = {
    AgencyKind.GOVERNMENT: _l("Perangkat daerah"),
    AgencyKind.SOCIAL_SECURITY: _l("Jaminan sosial"),
    AgencyKind.PRISON: _l("Lembaga pemasyarakatan"),
}


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=AgencyKind.GOVERNMENT.value,
                                      server_default=AgencyKind.GOVERNMENT.value)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    regency: Mapped[Region | None] = relationship()

    def __repr__(self):
        return f"<Agency {self.name}>"

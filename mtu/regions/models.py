"""Administrative regions: province, regency/city, sub-district, village."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.extensions import db


class Level(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    SUBDISTRICT = "subdistrict"
    VILLAGE = "village"

    @property
    def depth(self) -> int:
        return list(Level).index(self)

    @property
    def label(self):
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.PROVINCE: _l("Provinsi"),
    Level.REGENCY: _l("Kabupaten/kota"),
    Level.SUBDISTRICT: _l("Kecamatan"),
    Level.VILLAGE: _l("Desa/kelurahan"),
}


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[str] = mapped_column(String(12), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    parent: Mapped["Region | None"] = relationship(remote_side=[id], lazy="joined",
                                                   join_depth=3)

    def __repr__(self):
        return f"<Region {self.code} {self.name}>"

    @property
    def level_label(self):
        return Level(self.level).label

    @property
    def ancestors(self) -> list["Region"]:
        """Province first, down to this region's parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def full_name(self) -> str:
        """'Bulukandang, Lumbang, Kab. Pasuruan' — enough to tell namesakes apart."""
        above = [r.name for r in reversed(self.ancestors) if r.level != Level.PROVINCE]
        names = [self.name, *above]
        return ", ".join(names)

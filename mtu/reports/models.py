"""The export log: who took which file, with which filters, when."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.extensions import db


class Dataset(StrEnum):
    PARTICIPANTS = "participants"
    BATCHES = "batches"
    ATTENDANCE = "attendance"
    RESULTS = "results"
    PLACEMENTS = "placements"
    COMPLETION = "completion"  # the batch completion report (PDF)
    ANNUAL = "annual"  # the annual summary of a district (PDF)
    PERSON = "person"  # everything about one person, at their request (participants.subject)
    GRADUATES = "graduates"  # a partner company's list of graduates (portal)
    IMPORT_REJECTED = "import_rejected"  # an import file's rejected rows, to correct

    @property
    def label(self):
        return DATASET_LABELS[self]


DATASET_LABELS = {
    Dataset.PARTICIPANTS: _l("Peserta"), Dataset.BATCHES: _l("Paket pelatihan"),
    Dataset.ATTENDANCE: _l("Kehadiran harian"), Dataset.RESULTS: _l("Hasil uji & sertifikat"),
    Dataset.PLACEMENTS: _l("Penempatan"), Dataset.COMPLETION: _l("Laporan pelaksanaan"),
    Dataset.ANNUAL: _l("Ringkasan tahunan"), Dataset.PERSON: _l("Data satu orang (permintaan)"),
    Dataset.GRADUATES: _l("Lulusan (portal perusahaan)"),
    Dataset.IMPORT_REJECTED: _l("Baris impor yang ditolak"),
}


class Export(db.Model):
    """One file taken out of MTU: a CSV, an XLSX or a report PDF."""

    __tablename__ = "exports"
    __table_args__ = (Index("ix_exports_exported_at", "exported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The district whose staff see the record (the user's office when it was taken).
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    exported_at: Mapped[datetime] = mapped_column(default=utc_now)
    dataset: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(8))
    # The filters as a reader would say them ("Tahun 2026 · Kejuruan Sulam").
    filters: Mapped[str] = mapped_column(String(400), default="")
    rows: Mapped[int | None]

    user: Mapped[User] = relationship()

    @property
    def dataset_label(self):
        return Dataset(self.dataset).label

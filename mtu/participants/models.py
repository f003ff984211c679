"""Participants (peserta), identified by NIK, and their enrolments in batches."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.regions.models import Region


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"

    @property
    def label(self):
        return {Gender.MALE: _l("Laki-laki"), Gender.FEMALE: _l("Perempuan")}[self]


class Education(StrEnum):
    NONE = "none"
    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    DIPLOMA = "diploma"
    DEGREE = "degree"

    @property
    def label(self):
        return EDUCATION_LABELS[self]


EDUCATION_LABELS = {
    Education.NONE: _l("Tidak/belum sekolah"), Education.PRIMARY: _l("SD/sederajat"),
    Education.JUNIOR: _l("SMP/sederajat"), Education.SENIOR: _l("SMA/SMK/sederajat"),
    Education.DIPLOMA: _l("Diploma (D1–D4)"), Education.DEGREE: _l("S1 atau lebih"),
}


class Employment(StrEnum):
    JOB_SEEKER = "job_seeker"
    WORKER = "worker"
    INMATE = "inmate"
    SELF_EMPLOYED = "self_employed"

    @property
    def label(self):
        return EMPLOYMENT_LABELS[self]


EMPLOYMENT_LABELS = {
    Employment.JOB_SEEKER: _l("Pencari kerja"), Employment.WORKER: _l("Pekerja"),
    Employment.INMATE: _l("Warga binaan"), Employment.SELF_EMPLOYED: _l("Wirausaha"),
}


def mask_nik(nik: str) -> str:
    """What lists show: 3514********0001."""
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}"


class Participant(db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        Index("ix_participants_name_key_birth", "name_key", "birth_date"),
        # The office's list in name order, searched by name key (services.list_page).
        Index("ix_participants_regency_name", "regency_id", "full_name", "id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    # Lower case, titles and punctuation removed: finds the same person under another NIK.
    name_key: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    address: Mapped[str] = mapped_column(String(300), default="")
    village_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    # The district office that recorded the person: their staff see and edit the profile.
    regency_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    education: Mapped[str] = mapped_column(String(12))
    employment: Mapped[str] = mapped_column(String(16), index=True)  # inmates: scope.py
    disability: Mapped[str] = mapped_column(String(160), default="")
    # Inmates (warga binaan): when the prison expects to release them (required for them),
    # and when they were released, once known; follow-ups after release count from these.
    expected_release_on: Mapped[date | None]
    released_on: Mapped[date | None]
    # Since when the person agrees to be shown to partner companies (None: not given), and
    # separately to be contacted by them; participant_consents keeps every change.
    consent_at: Mapped[datetime | None]
    contact_consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When the person's identifying data was replaced at their request (participants.subject).
    anonymised_at: Mapped[datetime | None]

    village: Mapped[Region | None] = relationship(foreign_keys=[village_id])
    regency: Mapped[Region] = relationship(foreign_keys=[regency_id])
    created_by: Mapped[User | None] = relationship()
    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="participant",
                                                         order_by="Enrolment.id")

    def __repr__(self):
        return f"<Participant {self.full_name}>"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    @property
    def gender_label(self):
        return Gender(self.gender).label

    @property
    def education_label(self):
        return Education(self.education).label

    @property
    def employment_label(self):
        return Employment(self.employment).label

    @property
    def is_inmate(self) -> bool:
        """Recorded as warga binaan (scope.inmate() also counts anyone trained in a prison)."""
        return self.employment == Employment.INMATE


class ParticipantView(db.Model):
    """One look at an inmate's record: who (None: the public), when, and what they opened."""

    __tablename__ = "participant_views"
    __table_args__ = (Index("ix_participant_views_participant_at", "participant_id",
                            "viewed_at"),
                      Index("ix_participant_views_viewed_at", "viewed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    viewed_at: Mapped[datetime] = mapped_column(default=utc_now)
    # What was opened (a ViewKind value) and where (the request's path).
    what: Mapped[str] = mapped_column(String(24))
    path: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User | None] = relationship()


class ConsentKind(StrEnum):
    SHOW = "show"
    CONTACT = "contact"

    @property
    def label(self):
        return {ConsentKind.SHOW: _l("Ditampilkan kepada perusahaan mitra"),
                ConsentKind.CONTACT: _l("Dihubungi perusahaan mitra")}[self]


class Consent(db.Model):
    """One change of a consent: given or withdrawn, when, and who recorded it."""

    __tablename__ = "participant_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    given: Mapped[bool]
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self):
        return ConsentKind(self.kind).label


class EnrolmentStatus(StrEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    PASSED = "passed"
    FAILED = "failed"

    @property
    def label(self):
        return ENROLMENT_LABELS[self]


ENROLMENT_LABELS = {
    EnrolmentStatus.REGISTERED: _l("Terdaftar"), EnrolmentStatus.ACCEPTED: _l("Diterima"),
    EnrolmentStatus.WAITLISTED: _l("Cadangan"),
    EnrolmentStatus.WITHDRAWN: _l("Mengundurkan diri"), EnrolmentStatus.PASSED: _l("Lulus"),
    EnrolmentStatus.FAILED: _l("Tidak lulus"),
}
# Statuses that hold a place in a batch (and so block an overlapping one).
ACTIVE_STATUSES = (EnrolmentStatus.REGISTERED, EnrolmentStatus.ACCEPTED,
                   EnrolmentStatus.WAITLISTED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("participant_id", "batch_id"),
                      Index("ix_enrolments_batch_status", "batch_id", "status"),
                      # Who is enrolled in a district's batches, from the index alone.
                      Index("ix_enrolments_batch_participant", "batch_id", "participant_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"))
    status: Mapped[str] = mapped_column(String(12))
    # Waiting-list order: when the person joined the list.
    waitlisted_at: Mapped[datetime | None]
    # First and last day in the batch, for late joiners and withdrawals (attendance uses them).
    joined_on: Mapped[date | None]
    left_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    # The company the person works for while training: in-company training sets it to the
    # batch's host company (participants.services.enrol).
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    participant: Mapped[Participant] = relationship(back_populates="enrolments")
    batch: Mapped[Batch] = relationship()
    employer: Mapped[Company | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self):
        return f"<Enrolment {self.participant_id}@{self.batch_id} {self.status}>"

    @property
    def status_label(self):
        return EnrolmentStatus(self.status).label

    @property
    def is_withdrawn(self) -> bool:
        return self.status == EnrolmentStatus.WITHDRAWN


class ParticipantImport(db.Model):
    """An uploaded participant file between its preview and the staff's decision.

    Kept in the database (not on a server's disk) so that any app server can finish it.
    """

    __tablename__ = "participant_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"),
                                          index=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows_json: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    batch: Mapped[Batch] = relationship()
    created_by: Mapped[User | None] = relationship()

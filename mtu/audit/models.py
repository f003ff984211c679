"""Audit events: a change to personal data (before and after), an account change, an
anonymisation. Looks at a record stay in participant_views and files taken out in exports;
all three tables are append-only (database triggers, migration 0019_audit)."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.extensions import db


class AuditKind(StrEnum):
    """What the trail page filters on; VIEW and EXPORT are the rows of the two older logs."""

    VIEW = "view"
    EXPORT = "export"
    CHANGE = "change"
    ACCOUNT = "account"
    ANONYMISE = "anonymise"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    AuditKind.VIEW: _l("Membuka data"), AuditKind.EXPORT: _l("Unduhan"),
    AuditKind.CHANGE: _l("Perubahan data pribadi"), AuditKind.ACCOUNT: _l("Perubahan akun"),
    AuditKind.ANONYMISE: _l("Anonimisasi"),
}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    # Who did it (None: the system, e.g. a command line).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Whose data: a participant, or an account (for ACCOUNT events).
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"),
                                                       index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # What happened, for a reader: "create", "update", "release", "password_reset"...
    what: Mapped[str] = mapped_column(String(40), default="")
    # {"field": [before, after]} as JSON; values are blanked ("redacted") when the person is
    # anonymised, the one update the triggers allow.
    changes: Mapped[str] = mapped_column(Text, default="{}")
    redacted_at: Mapped[datetime | None]
    path: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    account: Mapped[User | None] = relationship(foreign_keys=[account_id])

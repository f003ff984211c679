"""Consent to be shown to partner companies and, separately, to be contacted by them.

The participant row holds the current state (since when, or None); participant_consents keeps
every change with who recorded it. Not given unless recorded. A withdrawal takes effect in
every company's portal at once, since the portal reads the current state on each request.
"""

from sqlalchemy import select

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.participants.models import Consent, ConsentKind, Participant

COLUMNS = {ConsentKind.SHOW: "consent_at", ConsentKind.CONTACT: "contact_consent_at"}


def record(participant: Participant, kind: ConsentKind, given: bool, user: User | None) -> bool:
    """Give or withdraw one consent; True when it changed (and the change was recorded)."""
    column = COLUMNS[ConsentKind(kind)]
    if (getattr(participant, column) is not None) == bool(given):
        return False
    now = utc_now()
    setattr(participant, column, now if given else None)
    if participant.id is None:
        db.session.flush()
    db.session.add(Consent(participant_id=participant.id, kind=ConsentKind(kind).value,
                           given=bool(given), recorded_at=now,
                           recorded_by_id=user.id if user is not None else None))
    return True


def record_both(participant: Participant, show: bool, contact: bool, user: User | None) -> None:
    """The two answers of a form. Contact needs the person to be shown, so it goes with it."""
    record(participant, ConsentKind.SHOW, show, user)
    record(participant, ConsentKind.CONTACT, show and contact, user)


def history(participant: Participant) -> list[Consent]:
    """Every recorded change, the latest first, with who recorded it."""
    from sqlalchemy.orm import joinedload

    return list(db.session.scalars(
        select(Consent).where(Consent.participant_id == participant.id)
        .options(joinedload(Consent.recorded_by))
        .order_by(Consent.recorded_at.desc(), Consent.id.desc())))

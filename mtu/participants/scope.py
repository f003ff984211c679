"""How much of a person each account may see: the one place for the district line.

The district office that recorded a person (Participant.regency_id) sees and edits the whole
profile; admins see everyone. Anyone else learns only that another district office recorded
the NIK. People do train outside their home district (inmates from several regencies in one
prison), so another office may enrol them, but only with proof that the person is at the desk:
the full name and birth date as on the KTP, matching the record. From then on that office sees
what the batch needs (name, gender, birth date, its own batches), never the NIK, address, phone
or the person's other trainings.
"""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.extensions import db
from mtu.participants.models import Participant
from mtu.participants.nik import name_key

OTHER_OFFICE = _l("NIK ini sudah tercatat oleh kantor Disnaker lain.")
PROOF_NEEDED = _l("Untuk mendaftarkannya, isi nama lengkap dan tanggal lahir persis seperti di "
                  "KTP peserta.")
PROOF_MISMATCH = _l("Nama lengkap dan tanggal lahir tidak cocok dengan data NIK ini. Periksa "
                    "lagi KTP peserta.")


def in_scope(user: User, participant: Participant) -> bool:
    """May this account see the person's whole profile?"""
    if user.role == Role.ADMIN:
        return True
    return (user.role == Role.STAFF and user.regency_id is not None
            and participant.regency_id == user.regency_id)


def profiles(user: User):
    """select(Participant) narrowed to the people whose whole profile the user may see."""
    if user.role == Role.ADMIN:
        return select(Participant)
    if user.role == Role.STAFF and user.regency_id is not None:
        return select(Participant).where(Participant.regency_id == user.regency_id)
    return select(Participant).where(false())


def in_scope_ids(user: User, people) -> set[int]:
    """The ids among these people (already loaded) whose profile the user may see."""
    return {person.id for person in people if in_scope(user, person)}


def masked_nik_ids(user: User, batch, people) -> set[int]:
    """Whose masked NIK a batch's roster shows: the profiles the user may see and, for the
    batch's trainers, people the batch's own district recorded; never another district's."""
    return {person.id for person in people
            if in_scope(user, person)
            or (user.role == Role.TRAINER and person.regency_id == batch.regency_id)}


def proof_given(full_name: str | None, birth_date: date | None) -> bool:
    return bool((full_name or "").strip()) and birth_date is not None


def proof_matches(participant: Participant, full_name: str | None,
                  birth_date: date | None) -> bool:
    """The full name (titles, case and spacing aside) and birth date are the record's."""
    return (proof_given(full_name, birth_date)
            and name_key(full_name) == name_key(participant.full_name)
            and birth_date == participant.birth_date)


def proof_problems(user: User, participant: Participant, full_name: str | None,
                   birth_date: date | None) -> list[str]:
    """Why this account may not enrol this person (empty when it may); says nothing of them."""
    if in_scope(user, participant) or proof_matches(participant, full_name, birth_date):
        return []
    if not proof_given(full_name, birth_date):
        return [f"{OTHER_OFFICE} {PROOF_NEEDED}"]
    return [f"{OTHER_OFFICE} {PROOF_MISMATCH}"]


def proof_note(user: User, today: date) -> str:
    """What the enrolment records when another office enrolled the person on proof."""
    office = user.regency.name if user.regency is not None else _("administrator")
    return _("Didaftarkan oleh %(name)s (%(office)s) dari luar kabupaten asal peserta, dengan "
             "bukti nama lengkap dan tanggal lahir sesuai KTP, %(date)s.",
             name=user.name, office=office, date=format_date(today, "d MMMM y"))


def similar_records(user: User, participant: Participant) -> tuple[list[Participant], int]:
    """Other records with the same name and birth date: those the user may see, and how many
    other district offices hold one (nothing else about them)."""
    others = db.session.scalars(select(Participant).where(
        Participant.name_key == participant.name_key,
        Participant.birth_date == participant.birth_date,
        Participant.id != participant.id).order_by(Participant.id)).all()
    inside = [other for other in others if in_scope(user, other)]
    offices = {other.regency_id for other in others if not in_scope(user, other)}
    return inside, len(offices)

"""How much of a person each account may see: the one place for the district line.

The district office that recorded a person (Participant.regency_id) sees and edits the whole
profile; admins see everyone. Anyone else learns only that another district office recorded
the NIK. People do train outside their home district (inmates from several regencies in one
prison), so another office may enrol them, but only with proof that the person is at the desk:
the full name and birth date as on the KTP, matching the record. From then on that office sees
what the batch needs (name, gender, birth date, its own batches), never the NIK, address, phone
or the person's other trainings.

Inmates (warga binaan) are more sensitive still (UU PDP 27/2022: criminal records are specific
personal data). inmate() says who counts as one and shown_to() who may see them at all: every
query that lists, searches, counts by person or exports people goes through shown_to(), here and
nowhere else.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, false, or_, select, true, union
from sqlalchemy.orm import aliased

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.extensions import db
from mtu.i18n import date as format_date
from mtu.participants.models import Employment, Enrolment, Participant
from mtu.participants.nik import name_key
from mtu.prison_programs.services import programme_ids_of
from mtu.proposals.models import VenueType

OTHER_OFFICE = _l("NIK ini sudah tercatat oleh kantor Disnaker lain.")
PROOF_NEEDED = _l("Untuk mendaftarkannya, isi nama lengkap dan tanggal lahir persis seperti di "
                  "KTP peserta.")
PROOF_MISMATCH = _l("Nama lengkap dan tanggal lahir tidak cocok dengan data NIK ini. Periksa "
                    "lagi KTP peserta.")


_Batch = aliased(Batch, name="scope_batch")
_Enrolment = aliased(Enrolment, name="scope_enrolment")


def _enrolled_in(batch_condition):
    """SQL: the person has an enrolment (any status) in a batch meeting the condition."""
    return exists(select(_Enrolment.id).join(_Batch, _Enrolment.batch_id == _Batch.id)
                  .where(_Enrolment.participant_id == Participant.id, batch_condition(_Batch)))


def inmate():
    """SQL: the person is or was an inmate: recorded as warga binaan, or ever enrolled in a
    batch held at a prison (a release does not make the record less sensitive)."""
    return or_(Participant.employment == Employment.INMATE.value,
               _enrolled_in(lambda batch: batch.venue_type == VenueType.PRISON.value))


def inmate_ids():
    """The ids of the people inmate() holds, as a subquery for lists over many people: read
    from two small sets (recorded as warga binaan, enrolled in a prison's batch) through
    indexes rather than tested person by person."""
    return union(
        select(Participant.id).where(Participant.employment == Employment.INMATE.value),
        select(_Enrolment.participant_id).join(_Batch, _Enrolment.batch_id == _Batch.id)
        .where(_Batch.venue_type == VenueType.PRISON.value)).scalar_subquery()


def in_agency_programmes(user: User):
    """SQL: the person is enrolled in a batch of a prison programme the agency user's agency
    belongs to (as partner, prison or lead)."""
    if user.agency_id is None:
        return false()
    programmes = programme_ids_of(user.agency_id)
    return _enrolled_in(lambda batch: batch.programme_id.in_(programmes))


def shown_to(user: User | None):
    """SQL: may this account see the person at all? Everyone but inmates; inmates only for
    admins, staff of the district (the office that recorded them or runs their batch), the
    trainers of their batches and the agencies of their programme. None stands for the public
    and for anything shown to partner companies: no inmate, ever."""
    if user is None:
        return ~inmate()
    role = Role(user.role)
    if role is Role.ADMIN:
        return true()
    from mtu.batches.services import visible_batches  # batches build on participants' models

    if role is Role.STAFF and user.regency_id is not None:
        # The office's own people first: a column compared before any subquery runs.
        return or_(Participant.regency_id == user.regency_id, ~inmate(),
                   _enrolled_in(lambda batch: batch.regency_id == user.regency_id))
    if role is Role.TRAINER:
        taught = visible_batches(user).with_only_columns(Batch.id).scalar_subquery()
        return or_(~inmate(), _enrolled_in(lambda batch: batch.id.in_(taught)))
    if role is Role.AGENCY and user.agency_id is not None:
        return or_(~inmate(), in_agency_programmes(user))
    return ~inmate()


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

"""Who may follow whom up, recording a follow-up, and which follow-ups are overdue.

Overdue (the choice, explained in the README of the issue's notes): a person is overdue when
  1. their release day (the actual one once recorded, else the expected one) is more than
     RELEASE_GRACE_MONTHS months ago and no follow-up after release has been recorded, or
  2. the latest follow-up planned a next one (next_on) and that day has passed.
Both are about the person, so a programme counts people, not rows. Training alone makes no one
overdue: the agencies plan their after-training steps with next_on.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from mtu.aftercare.models import Aftercare, Kind, LifeStatus
from mtu.audit import services as audit_trail
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.i18n import date as format_date
from mtu.participants import scope
from mtu.participants.models import Enrolment, Participant
from mtu.participants.services import trainings_of, visible_participants
from mtu.placements.services import add_months
from mtu.prison_programs.models import Agency
from mtu.prison_programs.services import programme_ids_of
from mtu.rules import refuse_if

RELEASE_GRACE_MONTHS = 3
CONTACT_MAX = 160
LATER = aliased(Aftercare, name="later_aftercare")


# Who -----------------------------------------------------------------------------------------

def followable(user: User):
    """select(Participant): the inmates this account may see and follow up (admins all; staff
    their district's; agency users those of their programmes)."""
    if Role(user.role) not in (Role.ADMIN, Role.STAFF, Role.AGENCY):
        return visible_participants(user).where(Participant.id.is_(None))
    return visible_participants(user).where(Participant.id.in_(scope.inmate_ids()))


def get_followable(user: User, participant_id: int) -> Participant | None:
    return db.session.scalar(followable(user).where(Participant.id == participant_id))


def trainings(user: User, participant: Participant) -> list[Enrolment]:
    """The person's trainings the user may see; an agency user those of its programmes."""
    if Role(user.role) is not Role.AGENCY:
        return trainings_of(participant, user)
    return list(db.session.scalars(
        select(Enrolment).join(Batch, Batch.id == Enrolment.batch_id)
        .where(Enrolment.participant_id == participant.id,
               Batch.programme_id.in_(programme_ids_of(user.agency_id)))
        .options(joinedload(Enrolment.batch).joinedload(Batch.course))
        .order_by(Enrolment.id.desc())))


def history(participant: Participant) -> list[Aftercare]:
    """The person's follow-ups, newest first, with their agency and author."""
    return list(db.session.scalars(
        select(Aftercare).where(Aftercare.participant_id == participant.id)
        .options(joinedload(Aftercare.agency), joinedload(Aftercare.created_by))
        .order_by(Aftercare.held_on.desc(), Aftercare.id.desc())))


def editable_follow_up(user: User, follow_up_id: int) -> Aftercare | None:
    """A follow-up the account may change: staff and admins any of the people they follow
    up; an agency user only its own agency's."""
    statement = select(Aftercare).where(
        Aftercare.id == follow_up_id,
        Aftercare.participant_id.in_(followable(user).with_only_columns(Participant.id)
                                    .scalar_subquery()))
    if Role(user.role) is Role.AGENCY:
        statement = statement.where(Aftercare.agency_id == user.agency_id)
    return db.session.scalar(statement)


def may_edit(user: User, follow_up: Aftercare) -> bool:
    """For the page's edit links (the rule is editable_follow_up)."""
    return Role(user.role) is not Role.AGENCY or follow_up.agency_id == user.agency_id


# Recording -----------------------------------------------------------------------------------

@dataclass
class FollowUpData:
    kind: str
    held_on: date | None
    agency_id: int | None = None
    note: str = ""
    status: str | None = None
    contact: str = ""
    next_on: date | None = None
    released_on: date | None = None  # after release: the day they left prison


def _check(participant: Participant, data: FollowUpData, user: User) -> list[tuple]:
    errors, today = [], local_today()
    if data.kind not in Kind._value2member_map_:
        errors.append(("kind", _("Pilihan tidak valid.")))
    if data.held_on is None:
        errors.append(("held_on", _("Wajib diisi.")))
    elif data.held_on > today:
        errors.append(("held_on", _("Tanggal tidak boleh di masa depan.")))
    if data.next_on is not None and data.held_on is not None and data.next_on <= data.held_on:
        errors.append(("next_on", _("Harus sesudah tanggal tindak lanjut.")))
    if data.agency_id and db.session.get(Agency, data.agency_id) is None:
        errors.append(("agency_id", _("Pilihan tidak valid.")))
    if Role(user.role) is Role.AGENCY and data.agency_id not in (None, user.agency_id):
        errors.append(("agency_id", _("Instansi hanya dapat mencatat atas namanya sendiri.")))
    if data.kind == Kind.RELEASE:
        if data.status not in LifeStatus._value2member_map_:
            errors.append(("status", _("Pilih keadaan setelah bebas.")))
        released = data.released_on or participant.released_on
        if released is None:
            errors.append(("released_on", _("Wajib diisi.")))
        elif released > today:
            errors.append(("released_on", _("Tanggal bebas tidak boleh di masa depan.")))
        elif data.held_on is not None and data.held_on < released:
            errors.append(("held_on", _("Tindak lanjut setelah bebas tidak boleh sebelum "
                                        "tanggal bebas.")))
    if len(data.contact.strip()) > CONTACT_MAX:
        errors.append(("contact", _("Paling banyak %(max)d karakter.", max=CONTACT_MAX)))
    return errors


def _apply(follow_up: Aftercare, participant: Participant, data: FollowUpData, user: User):
    follow_up.kind, follow_up.held_on, follow_up.next_on = data.kind, data.held_on, data.next_on
    follow_up.agency_id = (user.agency_id if Role(user.role) is Role.AGENCY
                           else data.agency_id or None)
    follow_up.note = data.note.strip()
    after_release = data.kind == Kind.RELEASE
    follow_up.status = data.status if after_release else None
    follow_up.contact = " ".join(data.contact.split()) if after_release else ""
    if after_release and data.released_on and data.released_on != participant.released_on:
        before = audit_trail.participant_snapshot(participant)
        participant.released_on = data.released_on
        audit_trail.record_change(user, participant, before, what="release")


def record(participant: Participant, data: FollowUpData, user: User) -> Aftercare:
    """Record a follow-up of a person the user may follow up (the view found them so)."""
    refuse_if(_check(participant, data, user))
    follow_up = Aftercare(participant_id=participant.id, created_by_id=user.id)
    _apply(follow_up, participant, data, user)
    db.session.add(follow_up)
    db.session.flush()
    return follow_up


def update(follow_up: Aftercare, data: FollowUpData, user: User) -> None:
    refuse_if(_check(follow_up.participant, data, user))
    _apply(follow_up, follow_up.participant, data, user)
    follow_up.updated_at = utc_now()
    db.session.flush()


# Overdue -------------------------------------------------------------------------------------

def _release_day():
    return func.coalesce(Participant.released_on, Participant.expected_release_on)


def overdue_condition(today: date | None = None):
    """SQL on Participant: one of the two rules in the module's docstring holds today; never
    for an anonymised person (participants.subject), whom nobody can follow up."""
    today = today or local_today()
    no_release_follow_up = ~exists().where(Aftercare.participant_id == Participant.id,
                                           Aftercare.kind == Kind.RELEASE.value)
    release_missed = and_(_release_day() < add_months(today, -RELEASE_GRACE_MONTHS),
                          no_release_follow_up)
    newer = exists().where(LATER.participant_id == Aftercare.participant_id, or_(
        LATER.held_on > Aftercare.held_on,
        and_(LATER.held_on == Aftercare.held_on, LATER.id > Aftercare.id)))
    plan_missed = exists().where(Aftercare.participant_id == Participant.id,
                                 Aftercare.next_on < today, ~newer)
    return and_(Participant.anonymised_at.is_(None), or_(release_missed, plan_missed))


def overdue_count(participant_ids, today: date | None = None) -> int:
    """How many of these people (a select of Participant.id) are overdue."""
    return db.session.scalar(select(func.count(Participant.id)).where(
        Participant.id.in_(participant_ids), overdue_condition(today))) or 0


@dataclass
class Figures:
    people: int  # inmates among the people asked about
    followed: int  # of them, with at least one follow-up
    follow_ups: int  # follow-ups recorded
    after_release: int  # of them, after release
    overdue: int  # people overdue today


def figures(participant_ids, today: date | None = None) -> Figures:
    """Follow-up figures for a programme (or any group): participant_ids is a select of
    Participant.id, e.g. those enrolled in the programme's batches. Four small queries."""
    inmates = select(Participant.id).where(Participant.id.in_(participant_ids), scope.inmate())
    people = db.session.scalar(select(func.count()).select_from(inmates.subquery())) or 0
    mine = Aftercare.participant_id.in_(inmates.scalar_subquery())
    followed, total, released = db.session.execute(select(
        func.count(func.distinct(Aftercare.participant_id)), func.count(Aftercare.id),
        func.count(Aftercare.id).filter(Aftercare.kind == Kind.RELEASE.value)).where(mine)).one()
    return Figures(people=people, followed=followed or 0, follow_ups=total or 0,
                   after_release=released or 0,
                   overdue=overdue_count(inmates.scalar_subquery(), today))


def overdue_people(user: User, today: date | None = None):
    """select(Participant) of the people the user follows up who are overdue, the longest
    waiting first."""
    return (followable(user).where(overdue_condition(today))
            .order_by(_release_day(), Participant.full_name, Participant.id))


def overdue_reasons(people, today: date | None = None) -> dict[int, str]:
    """Why each of these (overdue) people is overdue, for the list; one query."""
    today = today or local_today()
    ids = [person.id for person in people]
    latest: dict[int, Aftercare] = {}
    released_seen: set[int] = set()
    for follow_up in db.session.scalars(select(Aftercare).where(Aftercare.participant_id.in_(ids))
                                        .order_by(Aftercare.held_on, Aftercare.id)):
        latest[follow_up.participant_id] = follow_up
        if follow_up.kind == Kind.RELEASE:
            released_seen.add(follow_up.participant_id)
    reasons = {}
    for person in people:
        day = person.released_on or person.expected_release_on
        last = latest.get(person.id)
        if last is not None and last.next_on is not None and last.next_on < today:
            reasons[person.id] = _("Tindak lanjut yang direncanakan %(date)s terlewat.",
                                   date=format_date(last.next_on, "d MMM y"))
        elif day is not None and person.id not in released_seen:
            reasons[person.id] = _("Bebas %(date)s; belum ada tindak lanjut setelah bebas.",
                                   date=format_date(day, "d MMM y"))
    return reasons


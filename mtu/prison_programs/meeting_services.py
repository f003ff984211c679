"""Coordination meetings and their action items: who may see and change which, and the writes.

Staff and admins of the programme's district record meetings and action items; every agency
of the programme reads them; an agency account changes the status of its own agency's items
only (the others' are a 404, like a guessed id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import case, false, select, union
from sqlalchemy.orm import joinedload

from mtu.authz import Role
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.prison_programs.models import (
    ActionItem,
    ActionStatus,
    Agency,
    Meeting,
    Partner,
    Programme,
)
from mtu.prison_programs.services import programme_ids_of, visible_programmes
from mtu.rules import refuse_if

if TYPE_CHECKING:
    from mtu.auth.models import User

WRITERS = (Role.ADMIN, Role.STAFF)
PLACE_MAX, CHAIR_MAX, DESCRIPTION_MAX, NOTE_MAX, TEXT_MAX = 200, 120, 500, 500, 20000


def may_write(user: User) -> bool:
    """Staff and admins record meetings (of the programmes they see); agencies only read."""
    return Role(user.role) in WRITERS


# Reading ----------------------------------------------------------------------------------

def programme_agencies(programme: Programme) -> list[Agency]:
    """The programme's agencies: its partners, its prison and its lead office, by name."""
    ids = union(select(Partner.agency_id).where(Partner.programme_id == programme.id),
                select(Programme.prison_id).where(Programme.id == programme.id),
                select(Programme.lead_agency_id).where(Programme.id == programme.id,
                                                       Programme.lead_agency_id.is_not(None)))
    return list(db.session.scalars(select(Agency).where(Agency.id.in_(ids.scalar_subquery()))
                                   .order_by(Agency.name, Agency.id)))


def visible_meetings(user: User):
    """select(Meeting) of the programmes the user may see."""
    programmes = visible_programmes(user).with_only_columns(Programme.id).scalar_subquery()
    return select(Meeting).where(Meeting.programme_id.in_(programmes))


def get_visible_meeting(user: User, meeting_id: int) -> Meeting | None:
    return db.session.scalar(visible_meetings(user).where(Meeting.id == meeting_id)
                             .options(joinedload(Meeting.programme)))


def meeting_items(meeting: Meeting) -> list[ActionItem]:
    """The meeting's action items with their agencies, by due date (one query)."""
    return list(db.session.scalars(
        select(ActionItem).where(ActionItem.meeting_id == meeting.id)
        .options(joinedload(ActionItem.agency))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)))


def visible_items(user: User):
    """select(ActionItem): staff and admins those of the programmes they see; an agency
    account its own agency's items in the programmes it belongs to."""
    statement = select(ActionItem).join(Meeting, Meeting.id == ActionItem.meeting_id)
    if Role(user.role) is Role.AGENCY:
        if user.agency_id is None:
            return statement.where(false())
        return statement.where(ActionItem.agency_id == user.agency_id,
                               Meeting.programme_id.in_(programme_ids_of(user.agency_id)))
    if Role(user.role) not in WRITERS:
        return statement.where(false())
    programmes = visible_programmes(user).with_only_columns(Programme.id).scalar_subquery()
    return statement.where(Meeting.programme_id.in_(programmes))


def get_editable_item(user: User, item_id: int) -> ActionItem | None:
    """An item whose status the user may change: the same rule as visible_items()."""
    return db.session.scalar(visible_items(user).where(ActionItem.id == item_id)
                             .options(joinedload(ActionItem.agency),
                                      joinedload(ActionItem.meeting)
                                      .joinedload(Meeting.programme)))


def _overdue(today: date):
    return (ActionItem.status != ActionStatus.DONE.value) & (ActionItem.due_on < today)


def item_list(user: User, *, overdue: bool = False, today: date | None = None):
    """select(ActionItem) for a list: the open ones first (the earliest due first), then
    the done ones, newest first; `overdue` keeps only those past due and not done."""
    today = today or local_today()
    statement = visible_items(user).options(
        joinedload(ActionItem.agency), joinedload(ActionItem.meeting).joinedload(Meeting.programme))
    if overdue:
        statement = statement.where(_overdue(today))
    done_last = case((ActionItem.status == ActionStatus.DONE.value, 1), else_=0)
    return statement.order_by(done_last, ActionItem.due_on.is_(None), ActionItem.due_on,
                              ActionItem.id)


# Writing ----------------------------------------------------------------------------------

@dataclass
class MeetingData:
    held_on: date | None
    place: str
    chair: str = ""
    agency_ids: list[int] | None = None
    minutes: str = ""
    decisions: str = ""


def _meeting_errors(data: MeetingData, allowed: set[int]) -> list[tuple]:
    errors = []
    if data.held_on is None:
        errors.append(("held_on", _("Wajib diisi.")))
    if not data.place.strip():
        errors.append(("place", _("Wajib diisi.")))
    if set(data.agency_ids or ()) - allowed:
        errors.append(("agency_ids", _("Hanya instansi program ini.")))
    return errors


def _apply_meeting(meeting: Meeting, data: MeetingData, agencies: list[Agency]) -> None:
    meeting.held_on, meeting.place = data.held_on, " ".join(data.place.split())[:PLACE_MAX]
    meeting.chair = " ".join(data.chair.split())[:CHAIR_MAX]
    meeting.minutes, meeting.decisions = data.minutes.strip(), data.decisions.strip()
    chosen = set(data.agency_ids or ())
    meeting.agencies = [agency for agency in agencies if agency.id in chosen]


def record_meeting(programme: Programme, data: MeetingData, user: User) -> Meeting:
    """Record a meeting of a programme the user may write to (the view found it so)."""
    agencies = programme_agencies(programme)
    refuse_if(_meeting_errors(data, {agency.id for agency in agencies}))
    meeting = Meeting(programme_id=programme.id, created_by_id=user.id)
    _apply_meeting(meeting, data, agencies)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, data: MeetingData) -> None:
    agencies = programme_agencies(meeting.programme)
    refuse_if(_meeting_errors(data, {agency.id for agency in agencies}))
    _apply_meeting(meeting, data, agencies)
    db.session.flush()


@dataclass
class ItemData:
    description: str
    agency_id: int | None
    due_on: date | None = None
    status: str = ActionStatus.OPEN.value


def add_item(meeting: Meeting, data: ItemData, user: User) -> ActionItem:
    """Add an action item for one of the programme's agencies."""
    allowed = {agency.id for agency in programme_agencies(meeting.programme)}
    errors = []
    if not data.description.strip():
        errors.append(("description", _("Wajib diisi.")))
    if data.agency_id not in allowed:
        errors.append(("agency_id", _("Pilih salah satu instansi program ini.")))
    if data.status not in ActionStatus._value2member_map_:
        errors.append(("status", _("Pilihan tidak valid.")))
    refuse_if(errors)
    item = ActionItem(meeting_id=meeting.id, agency_id=data.agency_id,
                      description=" ".join(data.description.split())[:DESCRIPTION_MAX],
                      due_on=data.due_on, status=data.status, updated_by_id=user.id,
                      updated_at=utc_now())
    db.session.add(item)
    db.session.flush()
    return item


def set_status(item: ActionItem, status: str, note: str, user: User) -> None:
    """The responsible agency (or the office) says how far the item is, with a note."""
    refuse_if([("status", _("Pilihan tidak valid."))]
              if status not in ActionStatus._value2member_map_ else [])
    item.status, item.note = status, " ".join((note or "").split())[:NOTE_MAX]
    item.updated_at, item.updated_by_id = utc_now(), user.id
    db.session.flush()


HOME_ITEMS = 10


def home_actions(user: User):
    """The first items of an agency's list, for its home page (a pagination object)."""
    return db.paginate(item_list(user), page=1, per_page=HOME_ITEMS, error_out=False)

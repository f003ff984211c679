"""Twelve months of bookings per MTU unit or per trainer, laid out for an SVG timeline: a
calendar year, or the months from just before today on (so that today is in view on a phone)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mtu.batches.models import Batch, batch_trainers
from mtu.batches.services import BOOKING_STATUSES
from mtu.extensions import db

DAY_WIDTH = 2  # SVG units per day: a year is 730-732 wide
MIN_GAP_DAYS = 7  # shorter gaps are not worth listing


@dataclass
class Bar:
    batch: Batch
    x: int
    width: int

    @property
    def start(self) -> date:
        return self.batch.start_date


@dataclass
class Gap:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Lane:
    """One unit's or trainer's year."""

    owner: object
    label: str
    bars: list[Bar] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def entries(self) -> list:
        """Bookings and free periods in date order, for the list under the timeline."""
        return sorted([*self.bars, *self.gaps], key=lambda entry: entry.start)


@dataclass
class Month:
    x: int
    width: int
    first_day: date


@dataclass(frozen=True)
class Window:
    """The days a timeline shows, from the first of a month to the last of another."""

    first: date
    last: date

    @classmethod
    def of_year(cls, year: int) -> "Window":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def from_month_before(cls, today: date) -> "Window":
        """Twelve months starting with the month before today's."""
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        year, month = (first.year + 1, first.month - 1) if first.month > 1 else (first.year, 12)
        return cls(first, date(year, month, calendar.monthrange(year, month)[1]))

    @property
    def width(self) -> int:
        return ((self.last - self.first).days + 1) * DAY_WIDTH

    def x(self, day: date) -> int:
        return (day - self.first).days * DAY_WIDTH


def months(window: Window) -> list[Month]:
    result, x, first = [], 0, window.first
    while first <= window.last:
        width = calendar.monthrange(first.year, first.month)[1] * DAY_WIDTH
        result.append(Month(x, width, first))
        x += width
        first = (first + timedelta(days=31)).replace(day=1)
    return result


def _lane(owner, label: str, batches: list[Batch], window: Window) -> Lane:
    first, last = window.first, window.last
    lane = Lane(owner, label)
    cursor = first
    for batch in sorted(batches, key=lambda b: b.start_date):
        start, end = max(batch.start_date, first), min(batch.end_date, last)
        lane.bars.append(Bar(batch, window.x(start), ((end - start).days + 1) * DAY_WIDTH))
        if (start - cursor).days >= MIN_GAP_DAYS:
            lane.gaps.append(Gap(cursor, start - timedelta(days=1)))
        cursor = max(cursor, end + timedelta(days=1))
    if cursor <= last and (last - cursor).days + 1 >= MIN_GAP_DAYS:
        lane.gaps.append(Gap(cursor, last))
    return lane


def _bookings(window: Window):
    return (select(Batch).options(joinedload(Batch.course), joinedload(Batch.unit))
            .where(Batch.status.in_(BOOKING_STATUSES), Batch.start_date <= window.last,
                   Batch.end_date >= window.first))


def unit_lanes(units, window: Window) -> list[Lane]:
    """Each unit with its bookings and free periods in the window (one query for all)."""
    by_unit: dict[int, list[Batch]] = {unit.id: [] for unit in units}
    for batch in db.session.scalars(_bookings(window).where(
            Batch.unit_id.in_(list(by_unit)))):
        by_unit[batch.unit_id].append(batch)
    return [_lane(unit, f"{unit.code} · {unit.name} ({unit.status_label})", by_unit[unit.id],
                  window) for unit in units]


def without_unit(user, window: Window) -> list[Batch]:
    """The user's batches in the window that go without an MTU unit (one query), listed beside
    the fleet so that its lanes do not look like the whole programme."""
    from mtu.batches.services import visible_batches

    return list(db.session.scalars(
        visible_batches(user).options(joinedload(Batch.course))
        .where(Batch.unit_id.is_(None), Batch.status.in_(BOOKING_STATUSES),
               Batch.start_date <= window.last, Batch.end_date >= window.first)
        .order_by(Batch.start_date, Batch.id)))


def trainer_lanes(trainers, window: Window) -> list[Lane]:
    """Each trainer with the batches they teach in the window (one query for all)."""
    by_trainer: dict[int, list[Batch]] = {trainer.id: [] for trainer in trainers}
    rows = db.session.execute(
        _bookings(window).add_columns(batch_trainers.c.trainer_id)
        .join(batch_trainers, batch_trainers.c.batch_id == Batch.id)
        .where(batch_trainers.c.trainer_id.in_(list(by_trainer))))
    for batch, trainer_id in rows:
        by_trainer[trainer_id].append(batch)
    return [_lane(trainer, f"{trainer.name} · {trainer.employer_name}", by_trainer[trainer.id],
                  window) for trainer in trainers]


@dataclass
class DayOffMark:
    x: int
    day: date
    reason: str


def days_off(user, window: Window) -> list[DayOffMark]:
    """The window's days off (national, shared and the staff's district's), where the
    timelines mark them (one query)."""
    from mtu.calendar.services import calendar_for, user_regency_ids

    regency_ids = user_regency_ids(user)
    calendar = calendar_for(window.first, window.last, regency_ids)
    return [DayOffMark(window.x(day), day, reason) for day, reason
            in calendar.all_days_off(regency_ids[0] if regency_ids else None)]

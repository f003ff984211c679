"""A year's bookings per MTU unit or per trainer, laid out for an SVG timeline."""

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


def months(year: int) -> list[Month]:
    result, x = [], 0
    for number in range(1, 13):
        width = calendar.monthrange(year, number)[1] * DAY_WIDTH
        result.append(Month(x, width, date(year, number, 1)))
        x += width
    return result


def year_width(year: int) -> int:
    return (366 if calendar.isleap(year) else 365) * DAY_WIDTH


def _lane(owner, label: str, batches: list[Batch], year: int) -> Lane:
    first, last = date(year, 1, 1), date(year, 12, 31)
    lane = Lane(owner, label)
    cursor = first
    for batch in sorted(batches, key=lambda b: b.start_date):
        start, end = max(batch.start_date, first), min(batch.end_date, last)
        lane.bars.append(Bar(batch, (start - first).days * DAY_WIDTH,
                             ((end - start).days + 1) * DAY_WIDTH))
        if (start - cursor).days >= MIN_GAP_DAYS:
            lane.gaps.append(Gap(cursor, start - timedelta(days=1)))
        cursor = max(cursor, end + timedelta(days=1))
    if cursor <= last and (last - cursor).days + 1 >= MIN_GAP_DAYS:
        lane.gaps.append(Gap(cursor, last))
    return lane


def _year_bookings(year: int):
    return (select(Batch).options(joinedload(Batch.course), joinedload(Batch.unit))
            .where(Batch.status.in_(BOOKING_STATUSES), Batch.start_date <= date(year, 12, 31),
                   Batch.end_date >= date(year, 1, 1)))


def unit_lanes(units, year: int) -> list[Lane]:
    """Each unit with its bookings and free periods in the year (one query for all)."""
    by_unit: dict[int, list[Batch]] = {unit.id: [] for unit in units}
    for batch in db.session.scalars(_year_bookings(year).where(
            Batch.unit_id.in_(list(by_unit)))):
        by_unit[batch.unit_id].append(batch)
    return [_lane(unit, f"{unit.code} · {unit.name} ({unit.status_label})", by_unit[unit.id],
                  year) for unit in units]


def trainer_lanes(trainers, year: int) -> list[Lane]:
    """Each trainer with the batches they teach in the year (one query for all)."""
    by_trainer: dict[int, list[Batch]] = {trainer.id: [] for trainer in trainers}
    rows = db.session.execute(
        _year_bookings(year).add_columns(batch_trainers.c.trainer_id)
        .join(batch_trainers, batch_trainers.c.batch_id == Batch.id)
        .where(batch_trainers.c.trainer_id.in_(list(by_trainer))))
    for batch, trainer_id in rows:
        by_trainer[trainer_id].append(batch)
    return [_lane(trainer, f"{trainer.name} · {trainer.employer_name}", by_trainer[trainer.id],
                  year) for trainer in trainers]

"""When can a course be held: the earliest dates with a capable unit and a trainer both free."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mtu.batches.models import Batch, batch_trainers
from mtu.batches.services import BOOKING_STATUSES
from mtu.calendar.services import calendar_for, slot_end
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.fleet.models import Unit, UnitStatus
from mtu.trainers.models import Trainer, trainer_courses

HORIZON_DAYS = 366


@dataclass
class Slot:
    start: date
    end: date
    unit: Unit | None
    trainer: Trainer


def _busy(rows) -> dict[int, list[tuple[date, date]]]:
    busy: dict[int, list[tuple[date, date]]] = {}
    for owner_id, start, end in rows:
        busy.setdefault(owner_id, []).append((start, end))
    return busy


def _free(intervals, start: date, end: date) -> bool:
    return all(busy_end < start or busy_start > end for busy_start, busy_end in intervals)


def earliest_slots(course: Course, regency_id: int, earliest: date, needs_unit: bool = True,
                   limit: int = 3) -> list[Slot]:
    """Up to `limit` earliest start dates (different ones) on which a unit carrying the
    course's equipment (when needed) and a trainer of the course are both free for the
    whole course: its calendar days, longer when days off leave too few session days for its
    hours (mtu/calendar). Six queries, whatever the size of the fleet."""
    needed = {item.id for item in course.equipment}
    units = [unit for unit in db.session.scalars(
        select(Unit).options(selectinload(Unit.equipment))
        .where(Unit.regency_id == regency_id, Unit.status == UnitStatus.READY)
        .order_by(Unit.code)) if needed <= {item.id for item in unit.equipment}]
    trainers = list(db.session.scalars(
        select(Trainer).join(trainer_courses, trainer_courses.c.trainer_id == Trainer.id)
        .where(trainer_courses.c.course_id == course.id, Trainer.regency_id == regency_id)
        .order_by(Trainer.name)))
    if not trainers or (needs_unit and not units):
        return []
    horizon = earliest + timedelta(days=HORIZON_DAYS)
    booked = (Batch.status.in_(BOOKING_STATUSES), Batch.end_date >= earliest,
              Batch.start_date <= horizon)
    unit_busy = _busy(db.session.execute(
        select(Batch.unit_id, Batch.start_date, Batch.end_date)
        .where(Batch.unit_id.in_([u.id for u in units]), *booked))) if needs_unit else {}
    trainer_busy = _busy(db.session.execute(
        select(batch_trainers.c.trainer_id, Batch.start_date, Batch.end_date)
        .join(Batch, Batch.id == batch_trainers.c.batch_id)
        .where(batch_trainers.c.trainer_id.in_([t.id for t in trainers]), *booked)))
    ends = {end for intervals in (*unit_busy.values(), *trainer_busy.values())
            for _, end in intervals}
    # A slot lasts until the course's hours fit in its session days.
    calendar = calendar_for(earliest, horizon + timedelta(days=2 * course.duration_days),
                            [regency_id])
    candidates = sorted({earliest} | {end + timedelta(days=1) for end in ends
                                      if end >= earliest})
    slots = []
    for start in candidates:
        end = slot_end(calendar, start, course.duration_days, course.hours, regency_id)
        trainer = next((t for t in trainers if _free(trainer_busy.get(t.id, []), start, end)),
                       None)
        unit = next((u for u in units if _free(unit_busy.get(u.id, []), start, end)), None)
        if trainer is not None and (unit is not None or not needs_unit):
            slots.append(Slot(start, end, unit if needs_unit else None, trainer))
            if len(slots) == limit:
                break
    return slots


def suggested_slots(course: Course, regency_id: int, earliest: date, needs_unit: bool = True,
                    limit: int = 3) -> list[Slot]:
    """The earliest slots with a capable unit; when no unit can take the course within the
    horizon (none carries its equipment, or all are booked), slots without a unit, where
    another party brings the equipment."""
    slots = earliest_slots(course, regency_id, earliest, needs_unit=needs_unit, limit=limit)
    if not slots and needs_unit:
        slots = earliest_slots(course, regency_id, earliest, needs_unit=False, limit=limit)
    return slots

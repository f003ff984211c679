"""Demo attendance: the journal and the marks of every past day of the finished and running
demo batches, as their trainers would have recorded them. Today is left for the trainer."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from mtu.attendance.models import AttendanceMark, Mark, TrainingDay
from mtu.attendance.services import ON_THE_LIST, expected
from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.calendar.services import Calendar, calendar_for
from mtu.clock import local_timezone, local_today
from mtu.extensions import db
from mtu.participants.models import Enrolment

SUNDAY = 6
SATURDAY = 5
HOURS = 8
ENTREPRENEURSHIP = "Kewirausahaan"
OPENING_NOTE = "Pembukaan oleh Disnaker; seragam, tas dan modul dibagikan."
# The odds, per participant and day, of an izin, a sakit or an alpa (else hadir); nobody but
# the low attenders below misses more than MAX_MISSED days of a batch.
ODDS = ((Mark.PERMITTED, 0.012), (Mark.SICK, 0.01), (Mark.ABSENT, 0.006))
MAX_MISSED = 3
# In each finished batch, the participants (by enrolment order) who missed too many days:
# they are away about one session day in four, under the 80 % threshold of the recap.
LOW_ATTENDERS = (3, 11)
MISSED_IN_TURN = (Mark.ABSENT, Mark.SICK, Mark.PERMITTED, Mark.ABSENT)


def _schedule(batch: Batch, calendar: Calendar) -> list[tuple[date, int | None, str]]:
    """(day, competency unit id, topic) for every session day of the batch: no session on
    Sundays and days off, entrepreneurship on Saturdays, the course's units in order over the
    other days."""
    days = [batch.start_date + timedelta(days=n) for n in range(batch.days)]
    days = [day for day in days if day.weekday() != SUNDAY
            and calendar.reason(day, batch.regency_id, batch.id) is None]
    units = sorted(batch.course.units, key=lambda unit: unit.position)
    teaching = [day for day in days if day.weekday() != SATURDAY]
    plan = {}
    for index, day in enumerate(teaching):
        unit = units[index * len(units) // len(teaching)] if units else None
        plan[day] = (unit.id if unit else None, "" if unit else batch.course.name)
    return [(day, *plan.get(day, (None, ENTREPRENEURSHIP))) for day in days]


def _recorded_at(day: date) -> datetime:
    """Half past three in the afternoon of the day, office time, stored as naive UTC."""
    local = datetime.combine(day, time(15, 30), tzinfo=local_timezone())
    return local.astimezone(UTC).replace(tzinfo=None)


def _recorder(batch: Batch, staff: User | None) -> User | None:
    accounts = [trainer.user for trainer in batch.trainers if trainer.user is not None]
    return accounts[0] if accounts else staff


def _mark(rng: random.Random, low: bool, index: int, missed: int) -> Mark:
    if low:
        return MISSED_IN_TURN[index // 4 % len(MISSED_IN_TURN)] if index % 4 == 1 \
            else Mark.PRESENT
    draw = rng.random()
    if missed >= MAX_MISSED:
        return Mark.PRESENT
    for mark, odds in ODDS:
        if draw < odds:
            return mark
        draw -= odds
    return Mark.PRESENT


def seed_attendance() -> int:
    """Journals and marks of the past days of the finished and running demo batches, once:
    a database that has any training day is left alone. Returns the journals written."""
    if db.session.scalar(select(TrainingDay.id).limit(1)) is not None:
        return 0
    today = local_today()
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    batches = db.session.scalars(select(Batch).where(
        Batch.status.in_([BatchStatus.DONE, BatchStatus.RUNNING]))
        .order_by(Batch.start_date)).all()
    journals, marks = [], []
    calendar = calendar_for(min((b.start_date for b in batches), default=today), today,
                            {b.regency_id for b in batches})
    for batch in batches:
        recorder = _recorder(batch, staff)
        recorder_id = recorder.id if recorder else None
        finished = batch.status == BatchStatus.DONE
        enrolments = db.session.scalars(select(Enrolment).where(
            Enrolment.batch_id == batch.id, Enrolment.status.in_(ON_THE_LIST))
            .order_by(Enrolment.id)).all()
        rng = random.Random(f"{batch.venue_name}/{batch.start_date.isoformat()}")
        missed = dict.fromkeys((e.id for e in enrolments), 0)
        sessions = [row for row in _schedule(batch, calendar) if row[0] < today]
        for index, (day, unit_id, topic) in enumerate(sessions):
            at = _recorded_at(day)
            journals.append({"batch_id": batch.id, "day": day, "hours": HOURS,
                             "competency_unit_id": unit_id, "topic": topic,
                             "notes": OPENING_NOTE if index == 0 else "",
                             "recorded_at": at, "recorded_by_id": recorder_id})
            for position, enrolment in enumerate(enrolments):
                if not expected(enrolment, day):
                    continue
                low = finished and position in LOW_ATTENDERS
                mark = _mark(rng, low, index, missed[enrolment.id])
                missed[enrolment.id] += mark != Mark.PRESENT
                marks.append({"enrolment_id": enrolment.id, "batch_id": batch.id, "day": day,
                              "status": mark.value, "recorded_at": at,
                              "recorded_by_id": recorder_id})
    if journals:
        db.session.execute(insert(TrainingDay), journals)
    if marks:
        db.session.execute(insert(AttendanceMark), marks)
    db.session.flush()
    return len(journals)

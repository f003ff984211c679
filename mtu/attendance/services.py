"""Rules of the trainer's day: who is expected when, who may mark which day, the recap."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from mtu.attendance.models import AttendanceMark, Mark, MarkCorrection, TrainingDay
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch, BatchStatus
from mtu.batches.services import visible_batches
from mtu.calendar.services import batch_calendar, batch_session_days, calendar_for
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.locks import insert_or_ignore
from mtu.participants.models import Enrolment, EnrolmentStatus
from mtu.rules import RuleError

# Who appears on a day's list: the accepted (and, once assessed, passed or failed), and
# those who withdrew, until the day they left.
ON_THE_LIST = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED,
               EnrolmentStatus.WITHDRAWN)


def expected(enrolment: Enrolment, day: date) -> bool:
    """Late joiners appear from their first day; those who left stop after their last."""
    if enrolment.status not in ON_THE_LIST:
        return False
    if enrolment.joined_on and day < enrolment.joined_on:
        return False
    return not (enrolment.left_on and day >= enrolment.left_on)


def day_list(batch: Batch, day: date) -> list[Enrolment]:
    """The participants to mark on a day, by name (one query)."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id,
                                Enrolment.status.in_(ON_THE_LIST))
        .options(joinedload(Enrolment.participant))).all()
    return sorted((e for e in enrolments if expected(e, day)),
                  key=lambda e: e.participant.full_name)


def marks_on(batch: Batch, day: date) -> dict[int, AttendanceMark]:
    return {mark.enrolment_id: mark for mark in db.session.scalars(
        select(AttendanceMark).where(AttendanceMark.batch_id == batch.id,
                                     AttendanceMark.day == day))}


def journal_of(batch: Batch, day: date) -> TrainingDay | None:
    return db.session.scalar(select(TrainingDay).where(TrainingDay.batch_id == batch.id,
                                                       TrainingDay.day == day))


def journal_before(batch: Batch, day: date) -> TrainingDay | None:
    """The latest journal before this day, for continuing where the last session stopped."""
    return db.session.scalar(select(TrainingDay).where(
        TrainingDay.batch_id == batch.id, TrainingDay.day < day)
        .order_by(TrainingDay.day.desc()).limit(1))


def check_editable(user: User, batch: Batch, day: date) -> None:
    """Trainers mark today and the last few days of their own batches; staff any past day."""
    if not batch.start_date <= day <= batch.end_date:
        raise RuleError(_("Tanggal itu di luar masa pelatihan paket ini."))
    today = local_today()
    if day > today:
        raise RuleError(_("Hari itu belum tiba."))
    if batch.status == BatchStatus.CANCELLED:
        raise RuleError(_("Paket ini dibatalkan."))
    if user.role == Role.TRAINER:
        window = current_app.config["ATTENDANCE_EDIT_DAYS"]
        if (today - day).days > window:
            raise RuleError(ngettext(
                "Hari ini sudah dikunci (lebih dari %(num)d hari lalu); minta staf Disnaker "
                "untuk mengoreksinya.",
                "Hari ini sudah dikunci (lebih dari %(num)d hari lalu); minta staf Disnaker "
                "untuk mengoreksinya.", window))


def editable(user: User, batch: Batch, day: date) -> bool:
    try:
        check_editable(user, batch, day)
    except RuleError:
        return False
    return True


def _moment(at: datetime | None) -> datetime:
    """When a write was made: the phone's time for one sent from its queue, now otherwise. A
    phone's clock ahead of the server's is not believed."""
    now = utc_now()
    return min(at, now) if at else now


def save_journal(batch: Batch, day: date, user: User, *, hours: int, topic: str = "",
                 competency_unit_id: int | None = None, notes: str = "",
                 at: datetime | None = None) -> TrainingDay:
    """Create or update the day's journal; `at` is the phone's time for a journal sent from
    its queue, refused when the journal held was written later."""
    check_editable(user, batch, day)
    if competency_unit_id and competency_unit_id not in {u.id for u in batch.course.units}:
        raise RuleError(_("Unit kompetensi itu bukan milik kejuruan paket ini."))
    if not competency_unit_id and not topic.strip():
        raise RuleError(_("Pilih unit kompetensi atau tulis materi hari ini."))
    written = _moment(at)
    journal = journal_of(batch, day) or TrainingDay(batch_id=batch.id, day=day)
    if journal.id is not None and journal.written_at > written:
        raise RuleError(_("Jurnal hari ini sudah diperbarui setelah isian ini ditulis; "
                          "isian ini tidak dipakai."))
    journal.hours, journal.topic = hours, topic.strip()
    journal.competency_unit_id = competency_unit_id or None
    journal.notes, journal.recorded_by_id = notes.strip(), user.id
    journal.written_at = written
    db.session.add(journal)
    db.session.flush()
    return journal


def _insert_mark(enrolment: Enrolment, day: date, status: Mark, user: User,
                 marked_at: datetime | None = None) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: a repeated or retried tap never adds a second mark."""
    return insert_or_ignore(AttendanceMark, ["enrolment_id", "day"], enrolment_id=enrolment.id,
                            batch_id=enrolment.batch_id, day=day, status=status.value,
                            recorded_by_id=user.id, marked_at=marked_at or utc_now()) is not None


def set_mark(enrolment: Enrolment, day: date, status: Mark, user: User,
             at: datetime | None = None) -> AttendanceMark:
    """Record a mark; changing an existing one keeps who, when, before and after. `at` is the
    phone's time for a mark sent from its queue: the later of two marks holds, and an older one
    arriving late is kept beside it in the corrections, not applied."""
    check_editable(user, enrolment.batch, day)
    if not expected(enrolment, day):
        raise RuleError(_("%(name)s tidak terdaftar sebagai peserta pada hari itu.",
                          name=enrolment.participant.full_name))
    given = _moment(at)
    if not _insert_mark(enrolment, day, status, user, given):
        mark = db.session.scalar(select(AttendanceMark).where(
            AttendanceMark.enrolment_id == enrolment.id, AttendanceMark.day == day)
            .with_for_update())
        newer = given >= mark.marked_at
        if mark.status != status:
            db.session.add(MarkCorrection(mark_id=mark.id, before=mark.status,
                                          after=status.value, changed_by_id=user.id,
                                          device_at=at, applied=newer))
        if newer and mark.status != status:
            mark.status, mark.recorded_by_id = status.value, user.id
        if newer:
            mark.marked_at = given
    db.session.flush()
    return db.session.scalar(select(AttendanceMark).where(
        AttendanceMark.enrolment_id == enrolment.id, AttendanceMark.day == day))


def mark_all_present(batch: Batch, day: date, user: User) -> int:
    """'Semua hadir': everyone on the list not yet marked is marked present."""
    check_editable(user, batch, day)
    marked = marks_on(batch, day)
    added = 0
    for enrolment in day_list(batch, day):
        if enrolment.id not in marked:
            added += _insert_mark(enrolment, day, Mark.PRESENT, user)
    db.session.flush()
    return added


# --- What trainers and staff see ----------------------------------------------------------


def trainer_batches(user: User) -> list[Batch]:
    """The batches a trainer teaches that are not over, today's running ones first."""
    today = local_today()
    batches = db.session.scalars(
        visible_batches(user).where(Batch.status != BatchStatus.CANCELLED)
        .options(joinedload(Batch.course))).all()
    current = [b for b in batches if b.start_date <= today <= b.end_date]
    coming = sorted((b for b in batches if b.start_date > today), key=lambda b: b.start_date)
    past = sorted((b for b in batches if b.end_date < today), key=lambda b: b.end_date,
                  reverse=True)
    return current + coming + past


def days_off_today(batches: list[Batch]) -> dict[int, str]:
    """Why today has no session, for each running batch whose today is a day off (one
    query for all)."""
    today = local_today()
    current = [b for b in batches if b.start_date <= today <= b.end_date]
    if not current:
        return {}
    calendar = calendar_for(today, today, {b.regency_id for b in current})
    return {b.id: reason for b in current
            if (reason := calendar.reason(today, b.regency_id, b.id)) is not None}


def session_days(batch: Batch, until: date | None = None) -> list[date]:
    """The batch's days with a session up to `until` (today by default): the weekdays in
    MTU_SESSION_WEEKDAYS less the calendar's days off (mtu/calendar); a make-up session on
    another day may still be marked."""
    return batch_session_days(batch, min(batch.end_date, until or local_today()))


def attendance(enrolment: Enrolment, held, present_days) -> tuple[int, int]:
    """(days present, days expected): of the days a session was held (`held`), those the
    person was on the list, and of these the ones in `present_days`."""
    on_list = [day for day in held if expected(enrolment, day)]
    return sum(1 for day in on_list if day in present_days), len(on_list)


def rate(present: int, expected_days: int) -> float | None:
    """The attendance rate in percent, one decimal; None while no day was expected."""
    return round(100 * present / expected_days, 1) if expected_days else None


@dataclass
class RecapRow:
    enrolment: Enrolment
    marks: dict[date, str] = field(default_factory=dict)
    expected_days: int = 0
    present: int = 0

    @property
    def rate(self) -> float | None:
        """Days present out of the days this person was expected and a session was held."""
        return rate(self.present, self.expected_days)

    def count(self, mark: Mark) -> int:
        return sum(1 for status in self.marks.values() if status == mark)


@dataclass
class Recap:
    days: list[date]
    rows: list[RecapRow]
    threshold: int

    def flagged(self, row: RecapRow) -> bool:
        return row.rate is not None and row.rate < self.threshold


def recap(batch: Batch) -> Recap:
    """Participants × days with totals and attendance rate (three queries)."""
    held = {day for day, in db.session.execute(
        select(TrainingDay.day).where(TrainingDay.batch_id == batch.id))}
    marks = db.session.execute(select(AttendanceMark.enrolment_id, AttendanceMark.day,
                                      AttendanceMark.status)
                               .where(AttendanceMark.batch_id == batch.id)).all()
    held |= {day for _e, day, _s in marks}
    days = sorted(held)
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id,
                                Enrolment.status.in_(ON_THE_LIST))
        .options(joinedload(Enrolment.participant))).all()
    rows = {e.id: RecapRow(e) for e in sorted(enrolments, key=lambda e: e.participant.full_name)}
    for enrolment_id, day, status in marks:
        if enrolment_id in rows:
            rows[enrolment_id].marks[day] = status
    for row in rows.values():
        present = {day for day, status in row.marks.items() if status == Mark.PRESENT}
        row.present, row.expected_days = attendance(row.enrolment, days, present)
    return Recap(days, list(rows.values()), current_app.config["ATTENDANCE_THRESHOLD"])


def missing_days(user: User) -> list[tuple[Batch, list[date], list[date]]]:
    """Running batches with past session days lacking a journal or any mark: (batch, no
    journal, no attendance). Five queries for all batches (days off are no session days; the
    trainers' names in one)."""
    today = local_today()
    batches = db.session.scalars(
        visible_batches(user).where(Batch.status == BatchStatus.RUNNING,
                                    Batch.start_date < today)
        .options(joinedload(Batch.course), selectinload(Batch.trainers))).all()
    ids = [b.id for b in batches]
    journals = set(db.session.execute(select(TrainingDay.batch_id, TrainingDay.day)
                                      .where(TrainingDay.batch_id.in_(ids))).all())
    marked = set(db.session.execute(select(AttendanceMark.batch_id, AttendanceMark.day)
                                    .where(AttendanceMark.batch_id.in_(ids)).distinct()).all())
    result = []
    yesterday = today - timedelta(days=1)
    calendar = calendar_for(min((b.start_date for b in batches), default=today), yesterday,
                            {b.regency_id for b in batches})
    for batch in batches:
        days = calendar.session_days(batch.start_date, min(batch.end_date, yesterday),
                                     batch.regency_id, batch.id)
        no_journal = [d for d in days if (batch.id, d) not in journals]
        no_marks = [d for d in days if (batch.id, d) not in marked]
        if no_journal or no_marks:
            result.append((batch, no_journal, no_marks))
    return result


def corrections_of(batch: Batch) -> list[MarkCorrection]:
    return list(db.session.scalars(
        select(MarkCorrection).join(AttendanceMark, AttendanceMark.id == MarkCorrection.mark_id)
        .where(AttendanceMark.batch_id == batch.id)
        .options(joinedload(MarkCorrection.mark).joinedload(AttendanceMark.enrolment)
                 .joinedload(Enrolment.participant), joinedload(MarkCorrection.changed_by))
        .order_by(MarkCorrection.changed_at.desc())))


# --- The paper sheet and the week grid ----------------------------------------------------


def week_days(batch: Batch, any_day: date, until: date | None = None) -> list[date]:
    """The batch's session days in the Monday-to-Sunday week of `any_day`, none after
    `until`, and any other day of it with a journal or a mark (a make-up day). Two queries."""
    monday = any_day - timedelta(days=any_day.weekday())
    return held_days(batch, monday, min(until or batch.end_date, monday + timedelta(days=6)))


def held_days(batch: Batch, first: date, last: date) -> list[date]:
    """The batch's session days between two days (within its dates), and any other day with a
    journal or a mark (a make-up day): the days a sheet has a column for. Two queries."""
    first, last = max(first, batch.start_date), min(last, batch.end_date)
    if last < first:
        return []
    recorded = set(db.session.scalars(
        select(TrainingDay.day).where(TrainingDay.batch_id == batch.id,
                                      TrainingDay.day.between(first, last))
        .union(select(AttendanceMark.day).where(AttendanceMark.batch_id == batch.id,
                                                AttendanceMark.day.between(first, last)))))
    calendar = batch_calendar(batch, first, last)
    return [day for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
            if day in recorded or calendar.is_session_day(day, batch.regency_id, batch.id)]


def day_off_reason(batch: Batch, day: date) -> str | None:
    """Why there is no session on this day of the batch: its day off, or not a session
    weekday (one query)."""
    calendar = batch_calendar(batch, day, day)
    reason = calendar.reason(day, batch.regency_id, batch.id)
    if reason is None and day.weekday() not in calendar.weekdays:
        return ""
    return reason


@dataclass
class SheetRow:
    enrolment: Enrolment
    days: set[date]
    marks: dict[date, str] = field(default_factory=dict)

    def letter(self, day: date) -> str:
        status = self.marks.get(day)
        return Mark(status).letter if status else ""


@dataclass
class Sheet:
    days: list[date]
    rows: list[SheetRow]
    journals: dict[date, TrainingDay]


def sheet(batch: Batch, days: list[date]) -> Sheet:
    """Those expected on any of these days, their marks and the days' journals (three
    queries, however many participants)."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id,
                                Enrolment.status.in_(ON_THE_LIST))
        .options(joinedload(Enrolment.participant))).all()
    rows = {}
    for enrolment in sorted(enrolments, key=lambda e: e.participant.full_name):
        on_list = {day for day in days if expected(enrolment, day)}
        if on_list:
            rows[enrolment.id] = SheetRow(enrolment, on_list)
    if days:
        for enrolment_id, day, status in db.session.execute(
                select(AttendanceMark.enrolment_id, AttendanceMark.day, AttendanceMark.status)
                .where(AttendanceMark.batch_id == batch.id,
                       AttendanceMark.day.between(days[0], days[-1]))):
            if enrolment_id in rows:
                rows[enrolment_id].marks[day] = status
    journals = {journal.day: journal for journal in db.session.scalars(
        select(TrainingDay).where(TrainingDay.batch_id == batch.id, TrainingDay.day.in_(days))
        .options(joinedload(TrainingDay.competency_unit)))} if days else {}
    return Sheet(days, list(rows.values()), journals)


def save_week(batch: Batch, grid: Sheet, typed: dict[tuple[int, date], str],
              user: User) -> dict[tuple[int, date], str]:
    """Apply every changed cell of the week grid through set_mark; returns the problems by
    cell (empty when all went in). The caller commits, or rolls back when there are any."""
    rows = {row.enrolment.id: row for row in grid.rows}
    problems = {}
    for (enrolment_id, day), value in typed.items():
        row = rows[enrolment_id]
        before = row.marks.get(day, "")
        if value == before:
            continue
        if not value:
            problems[enrolment_id, day] = _("Tanda yang sudah tercatat tidak dapat "
                                            "dikosongkan; pilih H, I, S atau A.")
            continue
        try:
            set_mark(row.enrolment, day, Mark(value), user)
        except RuleError as problem:
            problems[enrolment_id, day] = str(problem)
    return problems


def days_for(enrolments: list[Enrolment]) -> dict[int, tuple[int, int]]:
    """(days present, days expected) of each enrolment, as the recap counts them (two
    queries for any number of enrolments and batches)."""
    batch_ids = {e.batch_id for e in enrolments}
    if not batch_ids:
        return {}
    held: dict[int, set[date]] = {}
    for batch_id, day in db.session.execute(
            select(TrainingDay.batch_id, TrainingDay.day)
            .where(TrainingDay.batch_id.in_(batch_ids))
            .union(select(AttendanceMark.batch_id, AttendanceMark.day)
                   .where(AttendanceMark.batch_id.in_(batch_ids)))):
        held.setdefault(batch_id, set()).add(day)
    present: dict[int, set[date]] = {}
    for enrolment_id, day in db.session.execute(
            select(AttendanceMark.enrolment_id, AttendanceMark.day)
            .where(AttendanceMark.enrolment_id.in_([e.id for e in enrolments]),
                   AttendanceMark.status == Mark.PRESENT)):
        present.setdefault(enrolment_id, set()).add(day)
    return {enrolment.id: attendance(enrolment, held.get(enrolment.batch_id, ()),
                                     present.get(enrolment.id, set()))
            for enrolment in enrolments}


def rates_for(enrolments: list[Enrolment]) -> dict[int, float | None]:
    """The attendance rate of each enrolment, as the recap counts it (two queries)."""
    return {enrolment_id: rate(*days) for enrolment_id, days in days_for(enrolments).items()}

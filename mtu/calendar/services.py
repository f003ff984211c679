"""Which days are session days: the weekdays in MTU_SESSION_WEEKDAYS, less the national
holidays of Indonesia (the `holidays` package, Islamic dates estimated), the shared days the
admin keeps (cuti bersama) and the district's own days off. One query per date range."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.calendar.models import DayOff, Kind
from mtu.extensions import db
from mtu.i18n import current_locale
from mtu.rules import RuleError

NATIONAL = "national"


# The package's names of the holidays in the page's language (mtu/i18n.LOCALES).
HOLIDAY_LANGUAGES = {"id": "id", "en": "en_US"}


@lru_cache(maxsize=64)
def _national_year(year: int, language: str) -> dict[date, str]:
    """Indonesia's public holidays of a year, named in that language; the Islamic dates the
    package only estimates say "(perkiraan)" ("(estimated)")."""
    return dict(holidays.country_holidays("ID", years=year, language=language))


def national_holidays(first: date, last: date) -> dict[date, str]:
    """The national holidays between two days, named in the reader's language."""
    if not current_app.config["NATIONAL_HOLIDAYS"] or last < first:
        return {}
    language = HOLIDAY_LANGUAGES.get(current_locale(), "id")
    found = {}
    for year in range(first.year, last.year + 1):
        found.update((day, name) for day, name in _national_year(year, language).items()
                     if first <= day <= last)
    return found


def _add(into: dict, key, text: str) -> None:
    into[key] = f"{into[key]}; {text}" if key in into else text


@dataclass
class Calendar:
    """The days off between `first` and `last` for some districts (and their batches)."""

    first: date
    last: date
    weekdays: frozenset[int]
    national: dict[date, str] = field(default_factory=dict)
    shared: dict[date, str] = field(default_factory=dict)
    district: dict[tuple[int, date], str] = field(default_factory=dict)
    venue: dict[tuple[int, date], str] = field(default_factory=dict)

    def reason(self, day: date, regency_id: int | None = None,
               batch_id: int | None = None) -> str | None:
        """Why a day is off for a district (and a batch), or None when it is not a day off.
        The weekday is not asked: a Sunday is no day off, only no session day."""
        reasons = [text for text in (
            self.venue.get((batch_id, day)) if batch_id else None,
            self.district.get((regency_id, day)) if regency_id else None,
            self.shared.get(day), self.national.get(day)) if text]
        return "; ".join(reasons) or None

    def is_session_day(self, day: date, regency_id: int | None = None,
                       batch_id: int | None = None) -> bool:
        return day.weekday() in self.weekdays and self.reason(day, regency_id, batch_id) is None

    def session_days(self, first: date, last: date, regency_id: int | None = None,
                     batch_id: int | None = None) -> list[date]:
        return [day for day in _days(first, last)
                if self.is_session_day(day, regency_id, batch_id)]

    def lost_days(self, first: date, last: date, regency_id: int | None = None,
                  batch_id: int | None = None) -> list[tuple[date, str]]:
        """The days off that would have been session days (a holiday on a Sunday loses none)."""
        return [(day, reason) for day in _days(first, last)
                if day.weekday() in self.weekdays
                and (reason := self.reason(day, regency_id, batch_id)) is not None]

    def all_days_off(self, regency_id: int | None = None) -> list[tuple[date, str]]:
        """Every day off in the range for a district (or the shared ones), any weekday."""
        return [(day, reason) for day in _days(self.first, self.last)
                if (reason := self.reason(day, regency_id)) is not None]


def _days(first: date, last: date) -> Iterable[date]:
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


def _label(row) -> str:
    return f"{row.reason} ({Kind(row.kind).label.lower()})"


def calendar_for(first: date, last: date, regency_ids: Iterable[int | None] = ()) -> Calendar:
    """The calendar of these districts (and of their batches) between two days: one query."""
    ids = {regency_id for regency_id in regency_ids if regency_id}
    calendar = Calendar(first, last, frozenset(current_app.config["SESSION_WEEKDAYS"]),
                        national_holidays(first, last))
    if last < first:
        return calendar
    rows = db.session.execute(
        select(DayOff.day, DayOff.regency_id, DayOff.batch_id, DayOff.kind, DayOff.reason)
        .where(DayOff.day.between(first, last),
               or_(DayOff.regency_id.is_(None), DayOff.regency_id.in_(ids)))
        .order_by(DayOff.day, DayOff.id))
    for row in rows:
        if row.kind == Kind.WORKDAY:
            calendar.national.pop(row.day, None)
        elif row.batch_id is not None:
            _add(calendar.venue, (row.batch_id, row.day), _label(row))
        elif row.regency_id is not None:
            _add(calendar.district, (row.regency_id, row.day), _label(row))
        else:
            _add(calendar.shared, row.day, _label(row))
    return calendar


def batch_calendar(batch, first: date | None = None, last: date | None = None) -> Calendar:
    return calendar_for(first or batch.start_date, last or batch.end_date, [batch.regency_id])


def batch_session_days(batch, until: date | None = None) -> list[date]:
    """The batch's session days from its first day up to `until` (its last day by default)."""
    last = min(batch.end_date, until) if until else batch.end_date
    return batch_calendar(batch, last=last).session_days(batch.start_date, last,
                                                          batch.regency_id, batch.id)


def user_regency_ids(user) -> list[int]:
    """The district whose days off the user's pages count (an admin's: none but the shared)."""
    return [user.regency_id] if Role(user.role) is Role.STAFF and user.regency_id else []


# --- Planning ------------------------------------------------------------------------------


def hours_per_day() -> int:
    return current_app.config["MAX_HOURS_PER_DAY"]


def days_needed(hours: int) -> int:
    """Session days a course of this many hours needs at MTU_MAX_HOURS_PER_DAY a day."""
    return -(-hours // hours_per_day())


@dataclass
class Plan:
    """What a batch's dates give: calendar days, session days, the days off lost."""

    first: date
    last: date
    sessions: list[date]
    lost: list[tuple[date, str]]
    hours: int | None = None
    enough_by: date | None = None  # the last day that would give the course its hours

    @property
    def calendar_days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def per_day(self) -> int:
        return hours_per_day()

    @property
    def capacity(self) -> int:
        return len(self.sessions) * self.per_day

    @property
    def fits(self) -> bool:
        return self.hours is None or self.capacity >= self.hours


def plan_days(first: date, last: date, regency_id: int | None, hours: int | None = None,
              batch_id: int | None = None) -> Plan:
    """Session days and days off between two dates, and whether the course's hours fit
    (with the day that would make them fit). One query."""
    needed = days_needed(hours) if hours else 0
    # Far enough past the last day to find where the hours would fit.
    horizon = last + timedelta(days=max(needed * 2, 14))
    calendar = calendar_for(first, horizon, [regency_id])
    plan = Plan(first, last, calendar.session_days(first, last, regency_id, batch_id),
                calendar.lost_days(first, last, regency_id, batch_id), hours)
    if not plan.fits:
        days = calendar.session_days(first, horizon, regency_id, batch_id)
        plan.enough_by = days[needed - 1] if len(days) >= needed else None
    return plan


def slot_end(calendar: Calendar, start: date, duration_days: int, hours: int,
             regency_id: int | None) -> date:
    """The end of a batch starting on `start`: its course's length in calendar days, longer
    when the days off leave too few session days for its hours."""
    end = start + timedelta(days=duration_days - 1)
    needed = days_needed(hours)
    count = len(calendar.session_days(start, end, regency_id))
    while count < needed and end < calendar.last:
        end += timedelta(days=1)
        count += calendar.is_session_day(end, regency_id)
    return end


# --- The calendar page ---------------------------------------------------------------------


@dataclass
class Entry:
    day: date
    reason: str
    kind: str
    scope: str
    record: DayOff | None = None
    cancelled: bool = False  # a national holiday the shared list keeps as a working day
    removable: bool = False  # the user may take it off the calendar


def visible_days_off(user):
    """Statement of the added days a user sees: all for admins, the shared and their
    district's for staff."""
    statement = select(DayOff)
    if Role(user.role) is not Role.ADMIN:
        statement = statement.where(or_(DayOff.regency_id.is_(None),
                                        DayOff.regency_id == user.regency_id))
    return statement


def year_entries(user, year: int, regency_id: int | None = None) -> list[Entry]:
    """A year's days off, national and added, in date order (one query, the districts and
    batches named joined in). Admins see the shared list and, when they pick one, a district's;
    staff their own district's."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if Role(user.role) is Role.STAFF:
        regency_id = user.regency_id
    records = list(db.session.scalars(
        select(DayOff).where(DayOff.day.between(first, last),
                             or_(DayOff.regency_id.is_(None), DayOff.regency_id == regency_id))
        .options(joinedload(DayOff.regency), joinedload(DayOff.batch).joinedload(Batch.course))
        .order_by(DayOff.day, DayOff.id)))
    kept = {record.day for record in records if record.kind == Kind.WORKDAY}
    entries = [Entry(day, name, _("Libur nasional"), _("Nasional"), cancelled=day in kept)
               for day, name in national_holidays(first, last).items()]
    for record in records:
        scope = record.regency.name if record.regency_id else _("Semua kabupaten/kota")
        if record.batch is not None:
            scope = _("%(regency)s, paket %(batch)s", regency=scope, batch=record.batch.title)
        entries.append(Entry(record.day, record.reason, record.kind_label, scope, record,
                             removable=may_remove(user, record)))
    return sorted(entries, key=lambda entry: (entry.day, entry.record is not None))


# --- Adding and removing days --------------------------------------------------------------


@dataclass
class DayOffData:
    day: date
    kind: str
    reason: str
    regency: object | None = None  # admins: a district, or None for every district
    batch: object | None = None


def add_day_off(data: DayOffData, user) -> DayOff:
    """Admins add shared days (or a district's); staff their own district's or one of its
    batches'. A national holiday kept as a working day is the admin's, for every district."""
    from mtu.batches.services import get_visible

    errors = []
    reason = data.reason.strip()
    if not reason:
        errors.append(("reason", _("Tulis alasannya; alasan ini tampil di kalender.")))
    if data.kind not in Kind._value2member_map_:
        errors.append(("kind", _("Pilihan tidak valid.")))
    admin = Role(user.role) is Role.ADMIN
    regency_id = data.regency.id if admin and data.regency is not None else None
    if not admin:
        regency_id = user.regency_id
        if regency_id is None:
            errors.append((None, _("Akun staf Anda belum terhubung ke kabupaten/kota.")))
    batch = None
    if data.batch is not None:
        batch = get_visible(user, data.batch.id)
        if batch is None:
            errors.append(("batch_id", _("Pilihan tidak valid.")))
        elif regency_id not in (None, batch.regency_id):
            errors.append(("batch_id", _("Paket itu bukan milik kabupaten/kota yang dipilih.")))
        else:
            regency_id = batch.regency_id
            if not batch.start_date <= data.day <= batch.end_date:
                errors.append(("day", _("Tanggal itu di luar masa pelatihan paket ini.")))
    if data.kind == Kind.VENUE and batch is None and not errors:
        errors.append(("batch_id", _("Pilih paket yang tempatnya tidak tersedia.")))
    if data.kind == Kind.WORKDAY:
        if not admin or regency_id is not None:
            errors.append(("kind", _("Hanya admin yang dapat menetapkan hari libur nasional "
                                     "sebagai hari kerja, untuk semua kabupaten/kota.")))
        elif data.day not in national_holidays(data.day, data.day):
            errors.append(("day", _("Tanggal itu bukan hari libur nasional.")))
    if errors:
        raise RuleError(errors)
    same = db.session.scalar(select(DayOff.id).where(
        DayOff.day == data.day, DayOff.kind == data.kind,
        DayOff.regency_id.is_(None) if regency_id is None else DayOff.regency_id == regency_id,
        DayOff.batch_id.is_(None) if batch is None else DayOff.batch_id == batch.id))
    if same is not None:
        raise RuleError([("day", _("Hari itu sudah tercatat di kalender."))])
    record = DayOff(day=data.day, kind=data.kind, reason=reason[:160], regency_id=regency_id,
                    batch_id=batch.id if batch else None, created_by_id=user.id)
    db.session.add(record)
    db.session.flush()
    return record


def may_remove(user, record: DayOff) -> bool:
    """Admins take any added day off the calendar, staff their district's."""
    return Role(user.role) is Role.ADMIN or (
        record.regency_id is not None and record.regency_id == user.regency_id)


def get_removable(user, day_off_id: int) -> DayOff | None:
    """A day the user may take off the calendar (may_remove), or None."""
    record = db.session.get(DayOff, day_off_id)
    return record if record is not None and may_remove(user, record) else None


def remove_day_off(record: DayOff) -> None:
    db.session.delete(record)
    db.session.flush()

"""Demo days off, all after the seeding day (today stays a session day for the trainer, and
the marks of past days are left as they are): the cuti bersama around the next Idul Fitri and
on Christmas Eve, Kab. Pasuruan's anniversary, and a day the Kraton sub-district hall is busy."""

from datetime import date, timedelta

import holidays
from sqlalchemy import select

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.calendar.models import DayOff, Kind
from mtu.clock import local_today
from mtu.extensions import db
from mtu.regions.services import find_by_code

SUNDAY = 6
PASURUAN = "35.14"


def _joint_leave(today: date) -> list[tuple[date, str]]:
    """Cuti bersama of the coming year as the joint decrees usually set them: the day before
    Idul Fitri and the two after its second day, and Christmas Eve."""
    days = []
    for year in (today.year, today.year + 1):
        calendar = holidays.country_holidays("ID", years=year, language="en_US")
        fitri = sorted(day for day, name in calendar.items() if name.startswith("Eid al-Fitr"))
        if fitri:
            days += [(fitri[0] - timedelta(days=1), "Cuti bersama Idul Fitri")]
            days += [(fitri[-1] + timedelta(days=n), "Cuti bersama Idul Fitri") for n in (1, 2)]
        days.append((date(year, 12, 24), "Cuti bersama Hari Raya Natal"))
    return [(day, reason) for day, reason in days if today < day <= today + timedelta(days=366)]


def _not_sunday(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == SUNDAY else day


def seed_days_off() -> int:
    """Add the demo's days off that are missing; returns how many were added."""
    today = local_today()
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    pasuruan = find_by_code(PASURUAN)
    anniversary = date(today.year, 9, 18)
    if anniversary <= today:
        anniversary = date(today.year + 1, 9, 18)
    wanted = [(day, Kind.JOINT_LEAVE, reason, None, None, admin)
              for day, reason in _joint_leave(today)]
    wanted.append((anniversary, Kind.REGIONAL, "Hari Jadi Kabupaten Pasuruan",
                   pasuruan, None, staff))
    hall = db.session.scalar(select(Batch).where(Batch.venue_name == "Kantor Kecamatan Kraton",
                                                 Batch.start_date > today))
    if hall is not None:
        wanted.append((_not_sunday(hall.start_date + timedelta(days=9)), Kind.VENUE,
                       "Aula kecamatan dipakai Musrenbang kecamatan", hall.regency, hall, staff))
    added = 0
    for day, kind, reason, regency, batch, author in wanted:
        exists = db.session.scalar(select(DayOff.id).where(
            DayOff.day == day, DayOff.kind == kind.value, DayOff.reason == reason))
        if exists is None:
            db.session.add(DayOff(day=day, kind=kind.value, reason=reason,
                                  regency_id=regency.id if regency else None,
                                  batch_id=batch.id if batch else None,
                                  created_by_id=author.id if author else None))
            added += 1
    db.session.flush()
    return added

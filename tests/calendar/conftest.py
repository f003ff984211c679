"""Fixed dates from the `holidays` package's calendar of Indonesia: a batch over 17 August
2026 and one over Idul Fitri 2027 (10-11 March, estimated), in one district."""

from collections import namedtuple
from datetime import date

import pytest

from mtu.calendar.models import DayOff
from tests.factories import (
    BatchFactory,
    CourseFactory,
    EnrolmentFactory,
    RegencyFactory,
    TrainerFactory,
    UserFactory,
)

AUGUST = date(2026, 8, 3)  # a Monday; 30 days to 1 September over 17 and 25 August
FITRI = date(2027, 3, 1)  # a Monday; 30 days to 30 March over Nyepi, Idul Fitri, Good Friday

District = namedtuple("District", "regency staff teacher trainer course")


@pytest.fixture
def district(db, national_holidays):
    regency = RegencyFactory(name="Kab. Pasuruan")
    course = CourseFactory(name="Menjahit", hours=240)
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=regency, courses=[course])
    staff = UserFactory(staff=True, regency=regency)
    db.session.commit()
    return District(regency, staff, teacher, trainer, course)


def batch_from(district, start, status="running", people=2, **values):
    batch = BatchFactory(course=district.course, regency=district.regency, start_date=start,
                         year=start.year, status=status, trainers=[district.trainer], **values)
    enrolments = [EnrolmentFactory(batch=batch) for _ in range(people)]
    return batch, enrolments


def day_off(db, day, kind="joint_leave", reason="Cuti bersama", regency=None, batch=None,
            author=None):
    record = DayOff(day=day, kind=kind, reason=reason, regency_id=regency.id if regency else None,
                    batch_id=batch.id if batch else None,
                    created_by_id=author.id if author else None)
    db.session.add(record)
    db.session.commit()
    return record

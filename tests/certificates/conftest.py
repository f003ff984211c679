"""A finished batch with two competency units, three participants and their attendance."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from mtu.attendance.models import AttendanceMark
from tests.factories import (
    BatchFactory,
    CompetencyUnitFactory,
    EnrolmentFactory,
    UserFactory,
)


@dataclass
class Finished:
    batch: object
    units: list
    people: list
    staff: object

    def attend(self, enrolment, days: int) -> None:
        from mtu.extensions import db
        db.session.add_all(AttendanceMark(enrolment_id=enrolment.id, batch_id=self.batch.id,
                                          day=self.batch.start_date + timedelta(days=n),
                                          status="present" if n < days else "absent")
                           for n in range(10))
        db.session.commit()


@pytest.fixture
def finished(db):
    batch = BatchFactory(start_date=date(2026, 3, 1), status="done")
    units = [CompetencyUnitFactory(course=batch.course, position=n) for n in range(2)]
    people = [EnrolmentFactory(batch=batch) for _ in range(3)]
    staff = UserFactory(staff=True, regency=batch.regency)
    result = Finished(batch, units, people, staff)
    for person, days in zip(people, (10, 9, 6), strict=True):
        result.attend(person, days)
    db.session.refresh(batch)
    return result

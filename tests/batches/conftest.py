"""A small district for planning: a course needing a sewing machine, a unit carrying one,
a trainer of the course, and a staff member, all in one regency."""

from dataclasses import dataclass
from datetime import date

import pytest

from mtu.batches.services import BatchPlan
from tests.factories import (
    CourseFactory,
    EquipmentFactory,
    RegencyFactory,
    SubdistrictFactory,
    TrainerFactory,
    UnitFactory,
    UserFactory,
    VillageFactory,
)


@dataclass
class District:
    regency: object
    village: object
    course: object
    unit: object
    trainer: object
    staff: object

    def plan(self, start=date(2026, 3, 1), days=30, **overrides) -> BatchPlan:
        from datetime import timedelta
        values = dict(course=self.course, year=start.year, wave=1, venue_type="village_hall",
                      venue_name="Balai Desa", start_date=start,
                      end_date=start + timedelta(days=days - 1), quota=16, funding="apbd",
                      village=self.village, unit=self.unit, trainers=[self.trainer])
        values.update(overrides)
        return BatchPlan(**values)


@pytest.fixture
def district(db):
    regency = RegencyFactory()
    village = VillageFactory(parent=SubdistrictFactory(parent=regency))
    machine = EquipmentFactory(name="Mesin jahit")
    course = CourseFactory(name="Menjahit")
    course.equipment.append(machine)
    unit = UnitFactory(regency=regency, equipment=[machine])
    trainer = TrainerFactory(regency=regency, courses=[course])
    staff = UserFactory(staff=True, regency=regency)
    db.session.commit()
    return District(regency, village, course, unit, trainer, staff)

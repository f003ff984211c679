"""A batch of the staff's district with people enrolled, for the facility tests."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from mtu.attendance.models import AttendanceMark
from mtu.extensions import db as _db
from mtu.participants.models import Enrolment, EnrolmentStatus
from mtu.participants.services import ParticipantData, create_participant, enrol
from tests.factories import BatchFactory, RegencyFactory, UserFactory, nik_regions

FIRST_NAMES = ["Ahmad", "Siti", "Budi", "Dewi", "Eko", "Fitri", "Gunawan", "Hartini", "Imam",
               "Joko", "Kartini", "Lukman", "Maya", "Nur", "Oki", "Putri", "Rudi", "Sri"]


def make_nik(serial: int, female: bool = False, birth: date = date(1995, 8, 17)) -> str:
    """A valid NIK of Kec. 04, Kab. Pasuruan (3514): women have 40 added to the day."""
    day = birth.day + (40 if female else 0)
    return f"351404{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def enrolled(batch, user, name: str, serial: int, female: bool = False,
             status: str = EnrolmentStatus.ACCEPTED, joined_on: date | None = None,
             left_on: date | None = None) -> Enrolment:
    """A new participant enrolled (accepted) in the batch, then given the status and dates."""
    birth = date(1995, 8, 17)
    nik_regions()
    participant = create_participant(ParticipantData(
        nik=make_nik(serial, female, birth), full_name=name, gender="F" if female else "M",
        birth_date=birth), user)
    enrolment, _warnings = enrol(participant, batch, user)
    # enrol() dates a late joiner by today's date; tests state the dates they mean.
    enrolment.status, enrolment.joined_on, enrolment.left_on = status, joined_on, left_on
    _db.session.commit()
    return enrolment


def attend(enrolment: Enrolment, first: date, days: int) -> None:
    """Mark the participant present on `days` days from `first` (what trainers record)."""
    _db.session.add_all(AttendanceMark(enrolment_id=enrolment.id, batch_id=enrolment.batch_id,
                                       day=first + timedelta(days=n), status="present")
                        for n in range(days))
    _db.session.commit()


@dataclass
class District:
    regency: object
    staff: object
    batch: object

    def enrol(self, name: str, serial: int, **kwargs) -> Enrolment:
        return enrolled(self.batch, self.staff, name, serial, **kwargs)

    def enrol_many(self, count: int) -> list[Enrolment]:
        return [self.enrol(f"{FIRST_NAMES[n % len(FIRST_NAMES)]} Peserta {n + 1}", n + 1,
                           female=n % 2 == 1) for n in range(count)]


@pytest.fixture
def district(db):
    """A staff member and a 30-day batch (1–30 March 2026) of their district."""
    regency = RegencyFactory(name="Kab. Pasuruan")
    staff = UserFactory(staff=True, regency=regency, name="Staf Pasuruan")
    batch = BatchFactory(regency=regency, status="running", quota=16)
    return District(regency, staff, batch)

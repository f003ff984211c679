"""An inmate of a district, trained in its prison, and the district's staff."""

from datetime import timedelta

import pytest

from mtu.clock import local_today
from tests.factories import BatchFactory, EnrolmentFactory, ParticipantFactory, UserFactory


def make_inmate(regency, name="Sri Wahyuni", **person):
    start = local_today() - timedelta(days=120)
    prison = BatchFactory(regency=regency, status="done", venue_type="prison",
                          venue_name="Lapas Perempuan Kelas IIA", start_date=start)
    person.setdefault("expected_release_on", local_today() + timedelta(days=200))
    participant = ParticipantFactory(full_name=name, regency=regency, employment="inmate",
                                     gender="F", **person)
    EnrolmentFactory(participant=participant, batch=prison, status="passed")
    return participant


@pytest.fixture
def staff(db):
    return UserFactory(staff=True)


@pytest.fixture
def inmate(staff):
    return make_inmate(staff.regency)

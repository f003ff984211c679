"""A hand-counted district: the figures in test_services.py are counted from this by hand."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from mtu.attendance.models import AttendanceMark
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.facilities.models import FacilityItem, Handover
from mtu.placements.models import Placement
from tests.factories import (
    BatchFactory,
    CertificateFactory,
    CompanyFactory,
    CourseFactory,
    EnrolmentFactory,
    ParticipantFactory,
    ProposalFactory,
    RegencyFactory,
    SubdistrictFactory,
    UnitFactory,
    VillageFactory,
)


@dataclass
class District:
    regency: object
    other_regency: object
    s1: object
    s2: object
    v1: object
    v2: object
    company: object
    batches: dict
    people: dict


def _person(regency, village, gender, born, **kwargs):
    return ParticipantFactory(regency=regency, village=village, gender=gender,
                              birth_date=date(born, 6, 15), **kwargs)


def _mark(enrolment, day, status):
    db.session.add(AttendanceMark(enrolment_id=enrolment.id, batch_id=enrolment.batch_id,
                                  day=day, status=status))


def _handover(enrolment, item):
    db.session.add(Handover(enrolment_id=enrolment.id, item_id=item.id, handed_on=date(2026, 3, 2)))


@pytest.fixture
def district(db):
    """Kab. R in 2026: b1 finished (course A, Kec. S1, unit U, APBD), b2 running (course B,
    Kec. S2, CSR of company C), b3 planned, b4 taking registrations, b5 cancelled; b6 a 2025
    batch; another district's finished batch. Five people trained in 2026, one an inmate."""
    regency, other = RegencyFactory(name="Kab. Hitung"), RegencyFactory(name="Kab. Lain")
    s1 = SubdistrictFactory(parent=regency, name="Satu")
    s2 = SubdistrictFactory(parent=regency, name="Dua")
    v1, v2 = VillageFactory(parent=s1, name="Desa Satu"), VillageFactory(parent=s2, name="Desa Dua")
    company = CompanyFactory(name="PT Hitung")
    unit, other_unit = UnitFactory(regency=regency), UnitFactory(regency=other)
    course_a, course_b = CourseFactory(name="Kejuruan A"), CourseFactory(name="Kejuruan B")
    b1 = BatchFactory(regency=regency, course=course_a, village=v1, status="done", unit=unit,
                      start_date=date(2026, 3, 2), funding="apbd")
    b2 = BatchFactory(regency=regency, course=course_b, village=v2, status="running",
                      start_date=date(2026, 11, 2), funding="csr", csr_company=company)
    b3 = BatchFactory(regency=regency, status="planned", start_date=date(2026, 12, 14))
    b4 = BatchFactory(regency=regency, status="registration", start_date=date(2026, 12, 1))
    b5 = BatchFactory(regency=regency, status="cancelled", unit=unit, start_date=date(2026, 6, 1))
    b6 = BatchFactory(regency=regency, course=course_a, village=v1, status="done", year=2025,
                      start_date=date(2025, 5, 5), unit=unit)
    elsewhere = BatchFactory(regency=other, status="done", unit=other_unit,
                             start_date=date(2026, 4, 6))
    p = {
        "p1": _person(regency, v1, "F", 2000), "p2": _person(regency, v1, "M", 1980),
        "p3": _person(regency, v2, "F", 2008), "p4": _person(regency, v1, "F", 1990),
        "p5": _person(regency, v1, "F", 1990), "p6": _person(regency, v2, "F", 1990),
        "p7": _person(regency, v1, "M", 1995, employment="inmate",
                      expected_release_on=date(2027, 1, 1)),
        "p8": _person(regency, v1, "M", 1990), "p9": _person(regency, v1, "M", 1990),
        "p10": _person(other, None, "F", 1990),
    }
    e = {
        "p1": EnrolmentFactory(participant=p["p1"], batch=b1, status="passed"),
        "p2": EnrolmentFactory(participant=p["p2"], batch=b1, status="passed"),
        "p3": EnrolmentFactory(participant=p["p3"], batch=b1, status="failed"),
        "p4": EnrolmentFactory(participant=p["p4"], batch=b1, status="withdrawn"),
        "p5": EnrolmentFactory(participant=p["p5"], batch=b1, status="waitlisted"),
        "p6": EnrolmentFactory(participant=p["p6"], batch=b2, status="accepted"),
        "p7": EnrolmentFactory(participant=p["p7"], batch=b2, status="accepted"),
        "p8": EnrolmentFactory(participant=p["p8"], batch=b3, status="accepted"),
        "p9": EnrolmentFactory(participant=p["p9"], batch=b6, status="passed"),
        "p10": EnrolmentFactory(participant=p["p10"], batch=elsewhere, status="passed"),
    }
    CertificateFactory(enrolment=e["p1"])
    CertificateFactory(enrolment=e["p2"], revoked_at=utc_now(), revoked_reason="ganda")
    CertificateFactory(enrolment=e["p10"])
    db.session.add_all([
        Placement(enrolment_id=e["p1"].id, company_id=company.id, status="working",
                  position="Penjahit", start_date=date(2026, 5, 1)),
        Placement(enrolment_id=e["p2"].id, status="not_working", start_date=date(2026, 5, 1)),
        Placement(enrolment_id=e["p10"].id, company_id=company.id, status="working",
                  position="Penjahit", start_date=date(2026, 5, 1))])
    day = date(2026, 3, 2)
    for offset in range(3):
        _mark(e["p1"], day + timedelta(days=offset), "present")
    _mark(e["p2"], day, "present")
    _mark(e["p2"], day + timedelta(days=1), "present")
    _mark(e["p2"], day + timedelta(days=2), "absent")
    _mark(e["p6"], date(2026, 11, 2), "present")
    _mark(e["p6"], date(2026, 11, 3), "sick")
    _mark(e["p10"], date(2026, 4, 6), "present")
    uniform = FacilityItem(batch_id=b1.id, name="Seragam", unit_value=100_000)
    transport = FacilityItem(batch_id=b1.id, name="Transport", unit_value=50_000, per_day=True)
    bag = FacilityItem(batch_id=b2.id, name="Tas", unit_value=75_000)
    db.session.add_all([uniform, transport, bag])
    db.session.flush()
    _handover(e["p1"], uniform)
    _handover(e["p2"], uniform)
    _handover(e["p1"], transport)
    _handover(e["p6"], bag)
    now = utc_now()
    for days, status, village in ((10, "proposed", v1), (30, "verified", v1),
                                  (50, "verified", v2), (70, "rejected", v1),
                                  (90, "done", v2)):
        ProposalFactory(village=village, status=status, submitted_at=now - timedelta(days=days))
    ProposalFactory(village=VillageFactory(parent=SubdistrictFactory(parent=other)),
                    submitted_at=now - timedelta(days=5))
    db.session.commit()
    return District(regency, other, s1, s2, v1, v2, company,
                    {"b1": b1, "b2": b2, "b3": b3, "b4": b4, "b5": b5, "b6": b6}, p)

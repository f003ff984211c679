"""The figures of Kab. Pasuruan in the demo, counted by hand from mtu/demo/*.

The demo is dated relative to the day it is seeded, so its batches may fall in two years:
the figures are summed over the years around today."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark
from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.calendar.services import calendar_for
from mtu.clock import local_today
from mtu.dashboard import services
from mtu.demo.seed import seed_demo
from mtu.extensions import db
from mtu.facilities.services import sheet
from mtu.regions.services import find_by_code

MONDAY_TO_SATURDAY = {0, 1, 2, 3, 4, 5}


@pytest.fixture
def demo(db):
    seed_demo()
    db.session.commit()


def _staff(email="staf@demo.example"):
    return db.session.scalar(select(User).where(User.email == email))


def _years():
    this = local_today().year
    return (this - 1, this, this + 1)


def _sum(all_figures, name):
    return sum(getattr(f, name) for f in all_figures)


def _bars(all_figures, name):
    totals = {}
    for f in all_figures:
        for bar in getattr(f, name):
            totals[bar.label] = totals.get(bar.label, 0) + bar.value
    return {label: value for label, value in totals.items() if value}


def _days(start, end):
    """Session days (Monday to Saturday, less the demo's days off in Kab. Pasuruan)."""
    regency_id = find_by_code("35.14").id
    return len(calendar_for(start, end, [regency_id]).session_days(start, end, regency_id))


def test_pasuruan_as_counted_from_the_demo(demo):
    staff = _staff()
    all_figures = [services.figures(services.scope_for(staff, year)) for year in _years()]
    now = services.figures(services.scope_for(staff, local_today().year))
    # Proposals (demo/proposals.py): in Pasuruan, waiting 12, 40, 60, 150, 200 and 240 days.
    assert (now.proposals_waiting, now.median_wait_days) == (6, 105)
    # Batches (demo/scheduling.py): three finished, Dhompo running, Kraton taking
    # registrations, the UPT LKD bread course planned.
    assert (_sum(all_figures, "batches_finished"), _sum(all_figures, "batches_running"),
            _sum(all_figures, "batches_planned")) == (3, 1, 2)
    # Participants (demo/participants.py): 16 accepted in each finished and running batch,
    # women's courses all, one in five (positions 0, 5, 10, 15) a man.
    assert _sum(all_figures, "participants") == 64
    assert _bars(all_figures, "by_gender") == {"Perempuan": 48, "Laki-laki": 16}
    assert sum(_bars(all_figures, "by_age").values()) == 64
    assert _bars(all_figures, "per_vocation") == {
        "Menjahit Pakaian": 32, "Membatik": 16, "Pengolahan Makanan dan Minuman": 16}
    assert _bars(all_figures, "per_subdistrict") == {
        "Lumbang": 16, "Kejayan": 16, "Rembang": 16, "Kraton": 16}
    # Certificates (demo/certificates.py): 48 assessed; two low attenders per batch are not
    # certified, two in the second batch are not yet competent, one certificate is revoked.
    assert (sum(f.certification.part for f in all_figures),
            sum(f.certification.whole for f in all_figures)) == (14 + 12 + 13, 48)
    # Placements (demo/partners.py): 46 graduates; one hired at the job fair, one her own
    # business.
    assert (sum(f.placement.part for f in all_figures),
            sum(f.placement.whole for f in all_figures)) == (2, 46)


def test_pasuruan_attendance_and_units_from_the_demo(demo):
    staff, today = _staff(), local_today()
    all_figures = [services.figures(services.scope_for(staff, year)) for year in _years()]
    regency = find_by_code("35.14")
    batches = db.session.scalars(select(Batch).where(Batch.regency_id == regency.id)).all()
    # Marks (demo/attendance.py): every past day but Sunday, 16 people, finished and running.
    marked = [b for b in batches if b.status in ("done", "running")]
    expected_marks = 16 * sum(
        sum((b.start_date + timedelta(days=n)).weekday() != 6
            for n in range((min(b.end_date, today - timedelta(days=1)) - b.start_date).days + 1))
        for b in marked)
    assert sum(f.attendance.whole for f in all_figures) == expected_marks
    assert 85 <= round(100 * sum(f.attendance.part for f in all_figures) / expected_marks) < 100
    # Two units; five batches with a unit (not the UPT LKD one), Monday to Saturday.
    booked = sum(_days(b.start_date, b.end_date) for b in batches if b.unit_id is not None)
    assert len([b for b in batches if b.unit_id is not None]) == 5
    assert sum(f.utilisation.part for f in all_figures) == booked
    assert all(f.units == 2 for f in all_figures)
    for f in all_figures:
        year = f.scope.year
        assert f.utilisation.whole == 2 * _days(today.replace(year=year, month=1, day=1),
                                                 today.replace(year=year, month=12, day=31))
    assert db.session.scalar(select(AttendanceMark.id).limit(1)) is not None


def test_pasuruan_facilities_match_the_receipt_sheets(demo):
    staff = _staff()
    all_figures = [services.figures(services.scope_for(staff, year)) for year in _years()]
    regency = find_by_code("35.14")
    batches = db.session.scalars(select(Batch).where(Batch.regency_id == regency.id)).all()
    by_funding = {}
    for batch in batches:
        by_funding[batch.funding] = by_funding.get(batch.funding, 0) + sheet(batch).total
    spent = _bars(all_figures, "spent")
    assert spent == {"APBD": by_funding["apbd"], "APBN": by_funding["apbn"]}
    assert spent["APBD"] > 0 and spent["APBN"] > 0  # no CSR in Pasuruan


def test_demo_company_and_village(demo):
    company = _staff("mitra@demo.example")
    all_figures = [services.figures(services.scope_for(company, year)) for year in _years()]
    assert _sum(all_figures, "company_placements") == 1  # hired at the job fair
    assert _sum(all_figures, "participants") == 0  # its CSR batch is still planned
    assert _sum(all_figures, "batches_planned") == 1
    village = _staff("desa@demo.example")
    all_figures = [services.figures(services.scope_for(village, year)) for year in _years()]
    assert _sum(all_figures, "participants") == 16  # Bulukandang's sewing wave
    assert _sum(all_figures, "batches_finished") == 1


def test_demo_malang_staff_count_their_inmate_wave(demo):
    malang = _staff("malang@demo.example")
    all_figures = [services.figures(services.scope_for(malang, year)) for year in _years()]
    assert _sum(all_figures, "participants") == 16  # the finished embroidery wave

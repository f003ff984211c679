"""The figures, checked against the district of conftest.py counted by hand."""

from datetime import date

from mtu.authz import Role
from mtu.dashboard import services
from mtu.dashboard.services import Scope, figures
from mtu.extensions import db
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    user_with_role,
)


def _bars(bars):
    return [(bar.label, bar.value) for bar in bars]


def _rate(rate):
    return (rate.part, rate.whole) if rate is not None else None


def test_district_figures_as_counted_by_hand(district):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    f = figures(services.scope_for(staff, 2026))
    assert f.region_name.startswith("Kab. Hitung")
    assert (f.proposals_waiting, f.median_wait_days) == (3, 30)
    assert (f.batches_planned, f.batches_running, f.batches_finished) == (2, 1, 1)
    assert f.participants == 5
    assert _bars(f.by_gender) == [("Perempuan", 3), ("Laki-laki", 2)]
    assert _bars(f.by_age) == [("< 18", 0), ("18–24", 1), ("25–34", 2), ("35–44", 1),
                               ("45+", 1)]
    assert _rate(f.attendance) == (6, 8) and f.attendance.percent == 75
    assert _rate(f.certification) == (1, 3)
    assert _rate(f.placement) == (1, 2)
    # Mon–Sat: 2–31 March 2026 holds 26 session days; the year 313 (1 January is a Thursday).
    assert f.units == 1 and _rate(f.utilisation) == (26, 313)
    assert _bars(f.spent) == [("APBD", 350_000), ("APBN", 0), ("CSR perusahaan", 75_000)]
    assert f.spent_total == 425_000
    assert _bars(f.per_subdistrict) == [("Satu", 3), ("Dua", 2)]
    assert _bars(f.per_vocation) == [("Kejuruan A", 3), ("Kejuruan B", 2)]
    assert [bar.value for bar in f.per_month] == [0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0]
    assert _bars(f.outcomes) == [("Lulus", 2), ("Bersertifikat", 1), ("Ditempatkan", 1),
                                 ("Belum ditempatkan", 1)]
    assert f.company_placements is None


def test_another_year_counts_its_own_batches(district):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    f = figures(services.scope_for(staff, 2025))
    assert (f.participants, f.batches_finished, _rate(f.placement)) == (1, 1, (0, 1))
    assert f.proposals_waiting == 3  # a current figure: the queue as it stands


def test_subdistrict_counts_residents_and_batches_held_there(district):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    f = figures(services.scope_for(staff, 2026, subdistrict_id=district.s2.id))
    assert f.participants == 2 and (f.batches_running, f.batches_finished) == (1, 0)
    assert f.proposals_waiting == 1 and f.utilisation is None
    assert _bars(f.per_subdistrict) == [("Dua", 2)]


def test_village_operator_sees_residents_never_an_inmate(district):
    operator = user_with_role(Role.VILLAGE, village=district.v1)
    f = figures(services.scope_for(operator, 2026))
    assert f.participants == 2  # p1, p2; p7 lives there too but is an inmate
    assert (f.batches_finished, f.batches_running) == (1, 0)
    assert f.proposals_waiting == 2
    assert _bars(f.spent)[0] == ("APBD", 350_000)
    assert f.utilisation is None


def test_company_sees_its_batches_and_placements_never_an_inmate(district):
    hr = user_with_role(Role.COMPANY, company=district.company)
    f = figures(services.scope_for(hr, 2026))
    assert f.participants == 1  # p6; the inmate p7 in the same CSR batch is not counted
    assert (f.batches_running, f.batches_finished, f.batches_planned) == (1, 0, 0)
    assert _bars(f.spent) == [("APBD", 0), ("APBN", 0), ("CSR perusahaan", 75_000)]
    assert f.company_placements == 2 and f.proposals_waiting == 0


def test_admin_sees_every_district_or_one(district):
    admin = user_with_role(Role.ADMIN)
    everywhere = figures(services.scope_for(admin, 2026))
    assert everywhere.participants == 6 and _rate(everywhere.placement) == (2, 3)
    assert everywhere.units == 2 and _rate(everywhere.utilisation) == (52, 626)
    one = figures(services.scope_for(admin, 2026, regency_id=district.regency.id))
    assert one.participants == 5 and _rate(one.certification) == (1, 3)


def test_district_scope_for_the_annual_summary(district):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    assert figures(Scope(2026, staff, regency_id=district.regency.id)).participants == 5
    assert figures(services.district_scope(staff, district.regency.id, 2026)).participants == 5


def test_unit_utilisation_counts_session_days_without_the_days_off(district, national_holidays,
                                                                   db):
    """b1 (2-31 March 2026) books unit U: 26 session weekdays less Nyepi (19 March), Idul
    Fitri (Saturday 21 March) and a day the district adds; available: the year's 313 session
    weekdays less the 14 national holidays of 2026 that are not on a Sunday, and that day."""
    from mtu.calendar.models import DayOff

    db.session.add(DayOff(day=date(2026, 3, 10), kind="regional", reason="Hari Jadi",
                          regency_id=district.regency.id))
    db.session.commit()
    staff = user_with_role(Role.STAFF, regency=district.regency)
    f = figures(services.scope_for(staff, 2026))
    assert _rate(f.utilisation) == (23, 313 - 14 - 1)


def test_figures_take_a_fixed_number_of_queries(district, count_queries):
    staff = user_with_role(Role.STAFF, regency=district.regency)
    scope = services.scope_for(staff, 2026)
    db.session.expire_all()
    few = count_queries(lambda: figures(scope))
    for _ in range(5):
        batch = BatchFactory(regency=district.regency, status="done", village=district.v2,
                             start_date=date(2026, 7, 6))
        for _ in range(3):
            EnrolmentFactory(batch=batch, status="passed", participant=ParticipantFactory(
                regency=district.regency, village=district.v2))
    db.session.expire_all()
    many = count_queries(lambda: figures(scope))
    assert few == many <= 15

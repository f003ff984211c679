"""Session days with the calendar: national holidays from the `holidays` package, the shared
cuti bersama, a district's and a batch's days off, and make-up days."""

from datetime import date, timedelta

import pytest

from mtu.attendance import services as attendance
from mtu.attendance.models import Mark
from mtu.batches.availability import earliest_slots
from mtu.calendar import services
from mtu.calendar.services import DayOffData
from mtu.rules import RuleError
from tests.calendar.conftest import AUGUST, FITRI, batch_from, day_off
from tests.factories import RegencyFactory, UserFactory


def test_the_national_calendar_comes_from_the_package_with_estimated_islamic_dates(app,
                                                                                  national_holidays):
    days = services.national_holidays(date(2026, 8, 1), date(2027, 3, 31))
    assert days[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert "Idul Fitri" in days[date(2027, 3, 10)] and "perkiraan" in days[date(2027, 3, 10)]
    assert date(2027, 3, 11) in days and date(2026, 8, 18) not in days


def test_a_batch_over_17_august_has_24_session_days_and_loses_two(district):
    plan = services.plan_days(AUGUST, AUGUST + timedelta(days=29), district.regency.id,
                              district.course.hours)
    assert plan.calendar_days == 30 and len(plan.sessions) == 24
    assert [day for day, _reason in plan.lost] == [date(2026, 8, 17), date(2026, 8, 25)]
    assert "Kemerdekaan" in plan.lost[0][1] and "Maulid" in plan.lost[1][1]
    assert plan.fits  # 240 hours in 24 days of at most 10


def test_a_batch_over_idul_fitri_2027_with_cuti_bersama_does_not_fit_its_hours(district, db):
    for day in (date(2027, 3, 9), date(2027, 3, 12)):
        day_off(db, day, reason="Cuti bersama Idul Fitri")
    plan = services.plan_days(FITRI, FITRI + timedelta(days=29), district.regency.id, 240)
    assert [day.day for day, _reason in plan.lost] == [8, 9, 10, 11, 12, 26]
    assert len(plan.sessions) == 20 and not plan.fits and plan.capacity == 200
    assert plan.enough_by == date(2027, 4, 3)  # the 24th session day
    # An admin's "workday" puts a national holiday back (an estimated date that moved).
    day_off(db, date(2027, 3, 26), kind="workday", reason="Wafat Yesus Kristus digeser")
    assert len(services.plan_days(FITRI, FITRI + timedelta(days=29),
                                  district.regency.id).sessions) == 21


def test_a_district_day_off_counts_for_its_batches_only_and_a_venue_day_for_one(district, db):
    batch, _people = batch_from(district, AUGUST)
    other, _ = batch_from(district, AUGUST)
    elsewhere = RegencyFactory()
    day_off(db, date(2026, 8, 18), kind="regional", reason="Hari Jadi Kabupaten",
            regency=district.regency)
    day_off(db, date(2026, 8, 19), kind="venue", reason="Balai desa dipakai Pilkades",
            regency=district.regency, batch=batch)
    calendar = services.calendar_for(AUGUST, AUGUST + timedelta(days=29),
                                     [district.regency.id, elsewhere.id])
    assert "Hari Jadi" in calendar.reason(date(2026, 8, 18), district.regency.id)
    assert calendar.reason(date(2026, 8, 18), elsewhere.id) is None
    assert not calendar.is_session_day(date(2026, 8, 19), district.regency.id, batch.id)
    assert calendar.is_session_day(date(2026, 8, 19), district.regency.id, other.id)
    assert len(attendance.session_days(batch, until=date(2026, 9, 1))) == 22
    assert len(attendance.session_days(other, until=date(2026, 9, 1))) == 23


def test_the_calendar_of_any_range_is_one_query(district, db, count_queries):
    day_off(db, date(2026, 8, 18), kind="regional", reason="Hari Jadi", regency=district.regency)
    regency_id = district.regency.id
    assert count_queries(lambda: services.calendar_for(
        date(2026, 1, 1), date(2027, 12, 31), [regency_id, 9999])) == 1


def test_missing_days_leave_out_holidays_and_a_make_up_day_counts(district, db, today_is):
    today_is(date(2026, 8, 20))
    batch, people = batch_from(district, AUGUST)
    day_off(db, date(2026, 8, 18), kind="regional", reason="Hari Jadi", regency=district.regency)
    [(_batch, no_journal, no_marks)] = attendance.missing_days(district.staff)
    assert date(2026, 8, 17) not in no_marks and date(2026, 8, 18) not in no_marks
    assert date(2026, 8, 16) not in no_marks  # a Sunday
    assert no_marks == no_journal == [date(2026, 8, n) for n in (3, 4, 5, 6, 7, 8, 10, 11, 12,
                                                                 13, 14, 15, 19)]
    # 17 August made up on Sunday the 16th: marked like any day, and it counts.
    for person in people:
        attendance.set_mark(person, date(2026, 8, 16), Mark.PRESENT, district.staff)
    attendance.set_mark(people[0], date(2026, 8, 19), Mark.PRESENT, district.staff)
    attendance.set_mark(people[1], date(2026, 8, 19), Mark.ABSENT, district.staff)
    db.session.commit()
    recap = attendance.recap(batch)
    assert recap.days == [date(2026, 8, 16), date(2026, 8, 19)]
    rows = {row.enrolment.id: row for row in recap.rows}
    assert (rows[people[0].id].present, rows[people[0].id].expected_days) == (2, 2)
    assert rows[people[1].id].rate == 50.0
    assert attendance.week_days(batch, date(2026, 8, 17)) == [
        date(2026, 8, 19), date(2026, 8, 20), date(2026, 8, 21), date(2026, 8, 22)]
    assert date(2026, 8, 16) in attendance.week_days(batch, date(2026, 8, 10))


def test_missing_days_of_many_batches_take_the_same_queries(district, db, today_is,
                                                           count_queries):
    today_is(date(2026, 8, 20))
    batch_from(district, AUGUST, people=0)
    one = count_queries(lambda: attendance.missing_days(district.staff))
    for _ in range(3):
        batch_from(district, AUGUST + timedelta(days=1), people=0)
    assert count_queries(lambda: attendance.missing_days(district.staff)) == one


def test_the_next_free_slot_counts_session_days(district, db):
    for day in (date(2027, 3, 9), date(2027, 3, 12)):
        day_off(db, day, reason="Cuti bersama Idul Fitri")
    [slot] = earliest_slots(district.course, district.regency.id, FITRI, needs_unit=False,
                            limit=1)
    assert slot.start == FITRI and slot.end == date(2027, 4, 3)
    [slot] = earliest_slots(district.course, district.regency.id, AUGUST, needs_unit=False,
                            limit=1)
    assert slot.end == AUGUST + timedelta(days=29)  # 24 session days hold 240 hours


def test_staff_add_their_districts_days_and_admins_the_shared_ones(district, db):
    admin = UserFactory()
    shared = services.add_day_off(DayOffData(date(2027, 3, 9), "joint_leave",
                                             " Cuti bersama Idul Fitri "), admin)
    assert shared.regency_id is None and shared.reason == "Cuti bersama Idul Fitri"
    own = services.add_day_off(DayOffData(date(2026, 9, 18), "regional", "Hari Jadi",
                                          regency=RegencyFactory()), district.staff)
    assert own.regency_id == district.regency.id  # staff: their district, whatever is sent
    with pytest.raises(RuleError) as refused:
        services.add_day_off(DayOffData(date(2026, 8, 17), "workday", "Tetap masuk"),
                             district.staff)
    assert "Hanya admin" in str(refused.value)
    with pytest.raises(RuleError) as refused:
        services.add_day_off(DayOffData(date(2026, 8, 18), "workday", "x"), admin)
    assert "bukan hari libur nasional" in str(refused.value)
    with pytest.raises(RuleError) as refused:
        services.add_day_off(DayOffData(date(2026, 9, 18), "regional", "Hari Jadi"),
                             district.staff)
    assert "sudah tercatat" in str(refused.value)
    with pytest.raises(RuleError):
        services.add_day_off(DayOffData(date(2026, 9, 19), "venue", "Balai dipakai"),
                             district.staff)  # a venue day names its batch
    assert services.get_removable(district.staff, shared.id) is None
    assert services.get_removable(district.staff, own.id) is own
    assert services.get_removable(UserFactory(staff=True), own.id) is None

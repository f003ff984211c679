"""Earliest free dates for a waiting proposal, and the schedule's lanes and gaps."""

from datetime import date

from mtu.batches import schedule, services
from mtu.batches.availability import earliest_slots
from tests.factories import EquipmentFactory, TrainerFactory, UnitFactory


def test_the_earliest_slot_is_today_when_everything_is_free(district):
    slots = earliest_slots(district.course, district.regency.id, date(2026, 3, 1))
    assert (slots[0].start, slots[0].end) == (date(2026, 3, 1), date(2026, 3, 30))
    assert slots[0].unit == district.unit and slots[0].trainer == district.trainer


def test_the_earliest_slot_waits_until_unit_and_trainer_are_both_free(district, db):
    services.plan_batch(district.plan(start=date(2026, 3, 1)), district.staff)
    other_unit = UnitFactory(regency=district.regency, equipment=list(district.unit.equipment))
    # The trainer teaches elsewhere with the other unit until 15 April.
    services.plan_batch(district.plan(start=date(2026, 3, 31), days=16, unit=other_unit),
                        district.staff)
    slots = earliest_slots(district.course, district.regency.id, date(2026, 3, 1), limit=2)
    assert slots[0].start == date(2026, 4, 16)
    assert slots[0].trainer == district.trainer


def test_units_without_the_equipment_or_in_maintenance_do_not_count(district, db):
    district.unit.status = "maintenance"
    UnitFactory(regency=district.regency, equipment=[EquipmentFactory(name="Oven")])
    assert earliest_slots(district.course, district.regency.id, date(2026, 3, 1)) == []
    slots = earliest_slots(district.course, district.regency.id, date(2026, 3, 1),
                           needs_unit=False)
    assert slots[0].unit is None and slots[0].trainer == district.trainer


def test_no_trainer_of_the_course_means_no_slot(district, db):
    district.trainer.courses = []
    assert earliest_slots(district.course, district.regency.id, date(2026, 3, 1)) == []


def test_other_districts_resources_are_not_offered(district, db):
    TrainerFactory(courses=[district.course])
    UnitFactory(equipment=list(district.unit.equipment))
    district.trainer.courses = []
    assert earliest_slots(district.course, district.regency.id, date(2026, 3, 1)) == []


def test_lanes_show_bookings_and_the_gaps_between(district, db):
    services.plan_batch(district.plan(start=date(2026, 3, 1)), district.staff)
    services.plan_batch(district.plan(start=date(2026, 6, 1)), district.staff)
    [lane] = schedule.unit_lanes([district.unit], schedule.Window.of_year(2026))
    assert [(bar.x, bar.width) for bar in lane.bars] == [
        (59 * schedule.DAY_WIDTH, 30 * schedule.DAY_WIDTH),
        (151 * schedule.DAY_WIDTH, 30 * schedule.DAY_WIDTH)]
    assert [(gap.start, gap.end) for gap in lane.gaps] == [
        (date(2026, 1, 1), date(2026, 2, 28)), (date(2026, 3, 31), date(2026, 5, 31)),
        (date(2026, 7, 1), date(2026, 12, 31))]
    [trainer_lane] = schedule.trainer_lanes([district.trainer], schedule.Window.of_year(2026))
    assert len(trainer_lane.bars) == 2


def test_a_batch_across_new_year_is_clipped_to_the_year(district, db):
    services.plan_batch(district.plan(start=date(2026, 12, 20), wave=3), district.staff)
    [lane] = schedule.unit_lanes([district.unit], schedule.Window.of_year(2026))
    assert lane.bars[0].width == 12 * schedule.DAY_WIDTH
    [next_year] = schedule.unit_lanes([district.unit], schedule.Window.of_year(2027))
    assert next_year.bars[0].x == 0 and next_year.bars[0].width == 18 * schedule.DAY_WIDTH


def test_months_cover_the_year(district):
    months = schedule.months(schedule.Window.of_year(2028))
    assert months[1].width == 29 * schedule.DAY_WIDTH
    assert months[-1].x + months[-1].width == schedule.Window.of_year(2028).width == 732


def test_the_default_window_starts_the_month_before_today_and_runs_twelve_months(district):
    window = schedule.Window.from_month_before(date(2026, 12, 4))
    assert (window.first, window.last) == (date(2026, 11, 1), date(2027, 10, 31))
    assert [month.first_day.month for month in schedule.months(window)] == [
        11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    window = schedule.Window.from_month_before(date(2027, 2, 28))
    assert (window.first, window.last) == (date(2027, 1, 1), date(2027, 12, 31))
    assert window.x(date(2027, 2, 28)) == 58 * schedule.DAY_WIDTH

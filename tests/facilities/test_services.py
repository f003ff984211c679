"""Facility rules called directly: rupiah, the standard list, hand-overs, days and totals."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mtu.facilities import services
from mtu.facilities.models import FacilityItem, Handover
from mtu.rules import RuleError
from mtu.templating import rupiah
from tests.facilities.conftest import attend
from tests.factories import BatchFactory, UserFactory


@pytest.mark.parametrize("text, value", [
    ("750.000", 750_000), ("750000", 750_000), ("Rp 750.000", 750_000),
    ("Rp750.000", 750_000), ("rp. 1.250.000,-", 1_250_000), ("750.000,00", 750_000),
    (" 50 000 ", 50_000), ("16.800", 16_800), ("100.000.000", 100_000_000),
])
def test_rupiah_is_read_the_way_people_write_it(text, value):
    assert services.parse_rupiah(text) == value


@pytest.mark.parametrize("text", [
    "", None, "abc", "0", "-50.000", "75.00", "1,5", "750,000", "Rp", "1.2345",
    "750.000,50", "100.000.001",
])
def test_what_is_not_a_whole_rupiah_amount_is_refused(text):
    assert services.parse_rupiah(text) is None


def test_rupiah_is_written_without_a_space_and_with_dots():
    assert rupiah(750_000) == "Rp750.000"
    assert rupiah(16_800) == "Rp16.800"
    assert rupiah(0) == "Rp0"


def test_the_standard_list_fills_an_empty_batch_once(district, db):
    items = services.add_standard_items(district.batch)
    db.session.commit()
    assert [item.name for item in items] == [name for name, _v, _d in services.STANDARD_ITEMS]
    by_name = {item.name: item for item in items}
    assert by_name["Uang transport"].per_day and by_name["Uang transport"].unit_value == 50_000
    assert by_name["Uang saku"].unit_value == 750_000 and not by_name["Uang saku"].per_day
    assert [item.name for item in items if item.per_day] == ["Uang transport"]
    with pytest.raises(RuleError, match="sudah punya daftar"):
        services.add_standard_items(district.batch)
    assert len(services.items_of(district.batch)) == 9


def test_the_standard_list_is_not_mixed_into_a_list_already_started(district):
    services.add_item(district.batch, "Kaos", 60_000)
    with pytest.raises(RuleError):
        services.add_standard_items(district.batch)


def test_items_are_added_after_the_last_one_and_names_are_unique(district, db):
    first = services.add_item(district.batch, "  Kaos   praktik ", 60_000)
    second = services.add_item(district.batch, "Helm las", 85_000, per_day=False)
    db.session.commit()
    assert first.name == "Kaos praktik" and second.position == first.position + 1
    with pytest.raises(RuleError) as refused:
        services.add_item(district.batch, "KAOS PRAKTIK", 1_000)
    assert refused.value.errors[0][0] == "name"
    assert "Kaos praktik sudah ada" in refused.value.errors[0][1]
    other = BatchFactory(regency=district.regency)
    assert services.add_item(other, "Kaos praktik", 60_000).batch_id == other.id


def test_an_item_already_handed_over_cannot_be_deleted(district, db):
    person = district.enrol("Siti Aminah", 1, female=True)
    kept = services.add_item(district.batch, "Tas", 100_000)
    spare = services.add_item(district.batch, "Topi", 25_000)
    services.set_handover(person, kept, True, district.staff)
    db.session.commit()
    with pytest.raises(RuleError, match="sudah diserahkan"):
        services.delete_item(kept)
    services.delete_item(spare)
    db.session.commit()
    assert [item.name for item in services.items_of(district.batch)] == ["Tas"]


def _handovers(db):
    return db.session.scalar(select(func.count()).select_from(Handover))


def test_ticking_twice_keeps_one_record_with_the_first_date_and_recorder(district, db):
    person = district.enrol("Budi Santoso", 1)
    item = services.add_item(district.batch, "Sepatu", 200_000)
    first = services.set_handover(person, item, True, district.staff, on=date(2026, 3, 2))
    db.session.commit()
    colleague = UserFactory(staff=True, regency=district.regency)
    again = services.set_handover(person, item, True, colleague, on=date(2026, 3, 5))
    db.session.commit()
    assert _handovers(db) == 1
    assert again.id == first.id and again.handed_on == date(2026, 3, 2)
    assert again.recorded_by_id == district.staff.id


def test_unticking_is_idempotent_too(district, db):
    person = district.enrol("Budi Santoso", 1)
    item = services.add_item(district.batch, "Sepatu", 200_000)
    services.set_handover(person, item, True, district.staff)
    db.session.commit()
    assert services.set_handover(person, item, False, district.staff) is None
    assert services.set_handover(person, item, False, district.staff) is None
    db.session.commit()
    assert _handovers(db) == 0


def test_a_hand_over_is_dated_today_unless_told_otherwise(district, db):
    from mtu.clock import local_today

    person = district.enrol("Budi Santoso", 1)
    item = services.add_item(district.batch, "Tas", 100_000)
    assert services.set_handover(person, item, True, district.staff).handed_on == local_today()


def test_an_item_of_another_batch_is_refused(district, db):
    person = district.enrol("Budi Santoso", 1)
    foreign = services.add_item(BatchFactory(regency=district.regency), "Tas", 100_000)
    with pytest.raises(RuleError, match="bukan milik paket"):
        services.set_handover(person, foreign, True, district.staff)


def test_who_is_not_in_the_class_receives_nothing_but_a_mistake_can_be_undone(district, db):
    waiting = district.enrol("Dewi Lestari", 1, female=True, status="waitlisted")
    leaving = district.enrol("Eko Prasetyo", 2)
    item = services.add_item(district.batch, "Tas", 100_000)
    services.set_handover(leaving, item, True, district.staff)
    leaving.status = "withdrawn"
    db.session.commit()
    with pytest.raises(RuleError, match="Cadangan"):
        services.set_handover(waiting, item, True, district.staff)
    with pytest.raises(RuleError, match="Mengundurkan diri"):
        services.set_handover(leaving, item, True, district.staff)
    services.set_handover(leaving, item, False, district.staff)
    db.session.commit()
    assert _handovers(db) == 0


def test_allowance_days_are_the_days_marked_present(district, db):
    from mtu.attendance.models import AttendanceMark

    person = district.enrol("Budi Santoso", 1)
    assert services.allowance_days(person) == 0
    attend(person, date(2026, 3, 1), 3)
    db.session.add_all([
        AttendanceMark(enrolment_id=person.id, batch_id=person.batch_id, day=date(2026, 3, 4),
                       status="sick"),
        AttendanceMark(enrolment_id=person.id, batch_id=person.batch_id, day=date(2026, 3, 5),
                       status="absent")])
    db.session.commit()
    assert services.allowance_days(person) == 3


def test_totals_per_item_per_participant_and_per_batch(district, db):
    batch = district.batch
    services.add_standard_items(batch)
    items = {item.name: item for item in services.items_of(batch)}
    full = district.enrol("Ahmad Fauzi", 1)
    late = district.enrol("Bunga Citra", 2, female=True, joined_on=date(2026, 3, 11))
    gone = district.enrol("Cahyo Nugroho", 3, left_on=date(2026, 3, 5))
    district.enrol("Dimas Waiting", 4, status="waitlisted")
    district.enrol("Eka Withdrew Early", 5, status="withdrawn", left_on=date(2026, 2, 27))
    for person in (full, late, gone):
        for name in ("Uang transport", "Uang saku"):
            services.set_handover(person, items[name], True, district.staff)
    services.set_handover(full, items["Sepatu"], True, district.staff)
    gone.status = "withdrawn"
    db.session.commit()
    attend(full, date(2026, 3, 1), 30)
    attend(late, date(2026, 3, 11), 20)
    attend(gone, date(2026, 3, 1), 5)

    result = services.sheet(batch)

    assert [row.participant.full_name for row in result.rows] == [
        "Ahmad Fauzi", "Bunga Citra", "Cahyo Nugroho"]
    assert [row.days for row in result.rows] == [30, 20, 5]
    assert [row.total for row in result.rows] == [
        30 * 50_000 + 750_000 + 200_000, 20 * 50_000 + 750_000, 5 * 50_000 + 750_000]
    columns = {column.item.name: column for column in result.columns}
    assert columns["Uang transport"].count == 3
    assert columns["Uang transport"].total == (30 + 20 + 5) * 50_000
    assert columns["Uang saku"].total == 3 * 750_000
    assert columns["Sepatu"].count == 1 and columns["Modul"].count == 0
    assert result.total == sum(row.total for row in result.rows) == 5_200_000
    assert not result.rows[2].receiving  # withdrawn, listed because of what they received


def test_the_sheet_takes_the_same_few_queries_for_2_or_16_people(district, db, count_queries):
    services.add_standard_items(district.batch)
    people = district.enrol_many(16)
    items = services.items_of(district.batch)
    for person in people[:2]:
        for item in items:
            services.set_handover(person, item, True, district.staff)
    db.session.commit()

    def counted(batch_id):
        batch = db.session.get(type(district.batch), batch_id)
        db.session.refresh(batch)
        return count_queries(lambda: services.sheet(batch))

    few = counted(district.batch.id)
    for person in people[2:]:
        for item in items:
            services.set_handover(person, item, True, district.staff)
    db.session.commit()
    assert counted(district.batch.id) == few == 4


def test_items_of_a_batch_the_user_cannot_see_are_not_found(district, db):
    item = services.add_item(district.batch, "Tas", 100_000)
    person = district.enrol("Budi Santoso", 1)
    db.session.commit()
    stranger = UserFactory(staff=True)
    assert services.get_visible_item(stranger, item.id) is None
    assert services.get_visible_cell(stranger, person.id, item.id) is None
    assert services.get_visible_item(district.staff, item.id) is item
    assert services.get_visible_cell(district.staff, person.id, item.id) == (person, item)
    assert db.session.get(FacilityItem, item.id) is item

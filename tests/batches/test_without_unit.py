"""Issue 23: a batch may run without an MTU unit; someone else then brings the equipment and
the course's equipment list becomes their checklist. With a unit, its rules still hold."""

from datetime import date

import pytest

from mtu.batches import availability, schedule, services
from mtu.batches.models import Batch
from mtu.rules import RuleError
from tests.batches.test_views import _form
from tests.factories import (
    BatchFactory,
    CompanyFactory,
    EquipmentFactory,
    TrainerFactory,
    UnitFactory,
)

PRISON = dict(venue_type="prison", venue_name="Lapas Perempuan Kelas IIA Malang", village=None)


def test_a_prison_batch_taught_by_an_lpk_is_planned_without_a_unit(district, db):
    batch = services.plan_batch(
        district.plan(unit=None, equipment_provider="lpk", **PRISON), district.staff)
    db.session.commit()
    assert batch.unit is None and batch.equipment_provider == "lpk"
    summary = batch.equipment_summary
    assert summary.heading == f"Peralatan dibawa oleh {district.trainer.institute.name}"
    assert [item.name for item in summary.items] == ["Mesin jahit"] and summary.checklist


def test_a_village_hall_batch_taught_by_an_lpk_is_planned_without_a_unit(district, db):
    batch = services.plan_batch(district.plan(unit=None, equipment_provider="lpk"),
                                district.staff)
    assert batch.venue_type == "village_hall" and batch.village == district.village
    assert batch.equipment_summary.heading == \
        f"Peralatan dibawa oleh {district.trainer.institute.name}"


def test_each_provider_names_who_brings_the_equipment(district, db):
    company = CompanyFactory(name="CV Bhara Utama")
    instructor = TrainerFactory(regency=district.regency, courses=[district.course],
                                employer_type="company", institute=None, company=company)
    by_company = services.plan_batch(district.plan(
        unit=None, equipment_provider="company", trainers=[instructor],
        venue_name="Balai Desa Maron Kulon"), district.staff)
    assert by_company.equipment_summary.heading == "Peralatan dibawa oleh CV Bhara Utama"
    by_venue = services.plan_batch(district.plan(
        unit=None, equipment_provider="venue", start=date(2026, 5, 1), **PRISON),
        district.staff)
    assert by_venue.equipment_summary.heading == \
        "Peralatan dibawa oleh Lapas Perempuan Kelas IIA Malang"
    by_blk = services.plan_batch(district.plan(
        unit=None, equipment_provider="blk", start=date(2026, 7, 1)), district.staff)
    assert by_blk.equipment_summary.heading == "Peralatan dibawa oleh BLK / UPT"
    with_unit = services.plan_batch(district.plan(
        equipment_provider="venue", start=date(2026, 9, 1)), district.staff)
    assert with_unit.equipment_provider is None  # the unit brings it
    assert with_unit.equipment_summary.heading == f"Peralatan dibawa unit {district.unit.code}"
    assert not with_unit.equipment_summary.checklist


def test_without_a_unit_someone_must_bring_the_equipment(district, db):
    problems = services.conflicts(district.plan(unit=None, **PRISON), district.staff)
    assert problems == ["Tanpa unit MTU, pilih siapa yang membawa peralatan."]
    civil_servant = TrainerFactory(regency=district.regency, courses=[district.course],
                                   employer_type="civil_servant", institute=None)
    problems = services.conflicts(district.plan(unit=None, equipment_provider="lpk",
                                                trainers=[civil_servant]), district.staff)
    assert any("tidak ada pelatih dari LPK" in p for p in problems)
    problems = services.conflicts(district.plan(unit=None, equipment_provider="company"),
                                  district.staff)
    assert any("tidak melibatkan perusahaan" in p for p in problems)
    problems = services.conflicts(district.plan(unit=None, equipment_provider="truk"),
                                  district.staff)
    assert problems == ["Pilihan pembawa peralatan tidak valid."]


def test_a_units_double_booking_is_still_refused_beside_unitless_batches(district, db):
    services.plan_batch(district.plan(unit=None, equipment_provider="lpk",
                                      start=date(2026, 6, 1), **PRISON), district.staff)
    first = services.plan_batch(district.plan(start=date(2026, 3, 5)), district.staff)
    second_trainer = TrainerFactory(regency=district.regency, courses=[district.course])
    with pytest.raises(RuleError) as refused:
        services.plan_batch(district.plan(start=date(2026, 3, 20), trainers=[second_trainer]),
                            district.staff)
    assert any(district.unit.code in m and first.venue_name in m
               for m in refused.value.messages)
    # Without the unit the same dates are fine: nothing else holds the van.
    services.plan_batch(district.plan(start=date(2026, 3, 20), trainers=[second_trainer],
                                      unit=None, equipment_provider="venue"), district.staff)
    missing = EquipmentFactory(name="Mesin obras")
    district.course.equipment.append(missing)
    problems = services.conflicts(district.plan(start=date(2026, 8, 1)), district.staff)
    assert any("tidak membawa peralatan" in p and "Mesin obras" in p for p in problems)


def test_editing_a_batch_between_unit_and_no_unit(district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    services.update_batch(batch, district.plan(unit=None, equipment_provider="lpk"),
                          district.staff)
    assert batch.unit is None and batch.equipment_provider == "lpk"
    services.update_batch(batch, district.plan(equipment_provider="lpk"), district.staff)
    db.session.commit()
    assert batch.unit == district.unit and batch.equipment_provider is None


def test_the_database_refuses_a_batch_with_neither_unit_nor_provider(district, db):
    from sqlalchemy.exc import IntegrityError

    BatchFactory(unit=district.unit)  # the factory works with a unit …
    assert BatchFactory().equipment_provider == "venue"  # … and without one
    with pytest.raises(IntegrityError):
        BatchFactory(equipment_provider=None)
    db.session.rollback()


def test_slots_schedules_and_lists_handle_batches_without_a_unit(district, db, client):
    batch = services.plan_batch(
        district.plan(unit=None, equipment_provider="lpk", **PRISON), district.staff)
    db.session.commit()
    # The unit stays free on those dates; the trainer does not.
    [unit_lane] = schedule.unit_lanes([district.unit], 2026)
    assert unit_lane.bars == []
    [trainer_lane] = schedule.trainer_lanes([district.trainer], 2026)
    assert [bar.batch for bar in trainer_lane.bars] == [batch]
    # No unit carries the course's equipment: the suggestion goes without one.
    district.unit.equipment = []
    db.session.commit()
    assert availability.earliest_slots(district.course, district.regency.id,
                                       date(2026, 3, 1)) == []
    [slot] = availability.suggested_slots(district.course, district.regency.id,
                                          date(2026, 3, 1), limit=1)
    assert slot.unit is None and slot.start == date(2026, 3, 31)
    client.login(district.staff)
    page = client.get("/batches/schedule?year=2026").get_data(as_text=True)
    assert 'id="without-unit"' in page and "peralatan: LPK pelatih" in page
    for url in ("/batches/", f"/batches/{batch.id}", "/batches/schedule?year=2026", "/",
                f"/attendance/batches/{batch.id}/sheet.pdf",
                f"/facilities/batches/{batch.id}/receipt.pdf"):
        assert client.get(url).status_code == 200, url


def _pdf_text(response) -> str:
    from io import BytesIO

    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)


def test_the_checklist_is_on_the_batch_page_and_in_the_pdfs(district, db, client):
    batch = services.plan_batch(
        district.plan(unit=None, equipment_provider="lpk", **PRISON), district.staff)
    db.session.commit()
    client.login(district.staff)
    heading = f"Peralatan dibawa oleh {district.trainer.institute.name}"
    page = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert heading in page and "<li>Mesin jahit</li>" in page
    for url in (f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-03-02",
                f"/facilities/batches/{batch.id}/receipt.pdf"):
        text = " ".join(_pdf_text(client.get(url)).split())
        assert heading in text and "Mesin jahit" in text, url


def test_staff_plan_a_prison_batch_without_a_unit_through_the_form(client, district, db):
    client.login(district.staff)
    page = client.get("/batches/new").get_data(as_text=True)
    assert 'name="equipment_provider"' in page and "— Tanpa unit MTU —" in page
    refused = client.post_form("/batches/new", _form(
        district, unit_id="0", venue_type="prison", village="",
        venue_name="Lapas Perempuan Kelas IIA Malang"))
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Tanpa unit MTU, pilih siapa yang membawa peralatan." in text
    assert 'value="Lapas Perempuan Kelas IIA Malang"' in text
    assert "memerlukan unit MTU" not in text
    response = client.post_form("/batches/new", _form(
        district, unit_id="0", equipment_provider="lpk", venue_type="prison", village="",
        venue_name="Lapas Perempuan Kelas IIA Malang"))
    assert response.status_code == 302, response.get_data(as_text=True)
    batch = db.session.query(Batch).one()
    assert batch.unit is None and batch.equipment_provider == "lpk"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Peralatan dibawa oleh {district.trainer.institute.name}" in page
    edit = client.get(f"/batches/{batch.id}/edit").get_data(as_text=True)
    assert '<option selected value="lpk">' in edit


def test_a_village_hall_batch_without_a_unit_through_the_form(client, district, db):
    client.login(district.staff)
    response = client.post_form("/batches/new", _form(district, unit_id="0",
                                                      equipment_provider="lpk"))
    assert response.status_code == 302, response.get_data(as_text=True)
    batch = db.session.query(Batch).one()
    assert batch.venue_type == "village_hall" and batch.unit is None


def test_planning_from_a_proposal_suggests_going_without_a_unit_when_none_can(
        client, district, db):
    from tests.factories import ProposalFactory

    district.unit.status = "maintenance"
    db.session.commit()
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    client.login(district.staff)
    page = client.get(f"/batches/new?proposal={proposal.id}").get_data(as_text=True)
    assert '<option selected value="0">' in page
    assert '<option selected value="lpk">' in page
    detail = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "tanpa unit MTU" in detail


def test_another_units_booking_does_not_block_a_unitless_batch(district, db):
    other = UnitFactory(regency=district.regency, equipment=list(district.unit.equipment))
    services.plan_batch(district.plan(unit=other), district.staff)
    second = TrainerFactory(regency=district.regency, courses=[district.course])
    assert services.conflicts(district.plan(unit=None, equipment_provider="venue",
                                            trainers=[second]), district.staff) == []

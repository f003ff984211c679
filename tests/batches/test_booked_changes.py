"""Issue 11, "rules that do nothing": unticking a proposal in a batch returns it to the queue;
a unit's maintenance, its equipment and a trainer's courses are checked against the batches
already booked (still to run or running)."""

from datetime import timedelta

import pytest

from mtu.batches import services
from mtu.clock import local_today
from mtu.fleet import services as fleet_services
from mtu.fleet.models import UnitStatus
from mtu.fleet.services import UnitData
from mtu.proposals.models import Status
from mtu.rules import RuleError
from mtu.trainers import services as trainer_services
from mtu.trainers.services import TrainerData
from tests.batches.test_views import _form
from tests.factories import CourseFactory, EquipmentFactory, ProposalFactory


def _soon(district, offset=10, **overrides):
    return district.plan(start=local_today() + timedelta(days=offset), **overrides)


# --- unticking a proposal -------------------------------------------------------------------

def test_unticking_a_proposal_returns_it_to_the_queue_with_a_timeline_entry(district, db):
    kept, dropped = (ProposalFactory(village=district.village, course=district.course,
                                     status="verified") for _ in range(2))
    batch = services.plan_batch(district.plan(proposals=[kept, dropped]), district.staff)
    db.session.commit()
    services.update_batch(batch, district.plan(proposals=[kept]), district.staff)
    db.session.commit()
    assert kept.status == Status.SCHEDULED and kept.batch == batch
    assert dropped.status == Status.VERIFIED and dropped.batch is None
    assert batch.proposals == [kept]
    last = dropped.events[-1]
    assert (last.from_status, last.to_status) == ("scheduled", "verified")
    assert "Dikeluarkan dari paket" in last.note and "kembali ke antrean" in last.note
    assert dropped in db.session.scalars(services.schedulable_proposals(district.staff)).all()


def test_unticking_through_the_edit_form(client, district, db):
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    batch = services.plan_batch(district.plan(proposals=[proposal]), district.staff)
    db.session.commit()
    client.login(district.staff)
    response = client.post_form(f"/batches/{batch.id}/edit",
                                _form(district, start_date="2026-03-01", wave="1"))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.status == "verified" and proposal.batch_id is None
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Dikeluarkan dari paket" in page


# --- a unit's maintenance and equipment -----------------------------------------------------

def test_a_booked_unit_cannot_go_into_maintenance_naming_the_batches(district, db):
    batch = services.plan_batch(_soon(district), district.staff)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        fleet_services.set_status(district.unit, UnitStatus.MAINTENANCE)
    [(field, message)] = refused.value.errors
    assert f"Unit {district.unit.code} tidak dapat masuk perawatan" in message
    assert batch.title in message
    assert district.unit.status == "ready"


def test_a_unit_whose_batches_are_over_or_cancelled_may_go_into_maintenance(district, db):
    services.plan_batch(district.plan(), district.staff)  # March 2026: long over
    cancelled = services.plan_batch(_soon(district), district.staff)
    services.change_batch_status(cancelled, services.BatchStatus.CANCELLED, district.staff,
                                 "Anggaran dialihkan")
    fleet_services.set_status(district.unit, UnitStatus.MAINTENANCE)
    assert district.unit.status == "maintenance"


def test_a_running_batch_holds_its_unit_even_past_its_last_day(district, db):
    batch = services.plan_batch(_soon(district, offset=-40), district.staff)
    batch.status = "running"
    db.session.commit()
    with pytest.raises(RuleError):
        fleet_services.set_status(district.unit, UnitStatus.MAINTENANCE)


def _unit_data(unit, **overrides):
    values = dict(code=unit.code, name=unit.name, plate=unit.plate, home_base=unit.home_base,
                  status=unit.status, equipment_ids=[item.id for item in unit.equipment])
    values.update(overrides)
    return UnitData(**values)


def test_equipment_a_booked_course_needs_cannot_be_removed(district, db):
    batch = services.plan_batch(_soon(district), district.staff)
    spare = EquipmentFactory(name="Setrika uap")
    district.unit.equipment.append(spare)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        fleet_services.save_unit(district.unit, _unit_data(district.unit, equipment_ids=[]),
                                 district.staff)
    [(field, message)] = refused.value.errors
    assert field == "equipment_ids"
    assert "Mesin jahit tidak dapat dilepas" in message and batch.title in message
    # What no booked course needs may go.
    machine = district.course.equipment[0]
    fleet_services.save_unit(district.unit, _unit_data(district.unit,
                                                       equipment_ids=[machine.id]),
                             district.staff)
    assert district.unit.equipment == [machine]


def test_the_unit_form_refuses_maintenance_while_booked(client, district, db):
    batch = services.plan_batch(_soon(district), district.staff)
    db.session.commit()
    client.login(district.staff)
    unit = district.unit
    page = client.get(f"/fleet/{unit.id}").get_data(as_text=True)
    assert batch.title in page  # the unit's page says what holds it
    response = client.post_form(f"/fleet/{unit.id}/edit", {
        "code": unit.code, "name": unit.name, "plate": unit.plate,
        "home_base": unit.home_base, "status": "maintenance",
        "equipment_ids": [str(item.id) for item in unit.equipment]})
    assert response.status_code == 422
    assert "tidak dapat masuk perawatan" in response.get_data(as_text=True)
    db.session.refresh(unit)
    assert unit.status == "ready"
    inline = client.post_form(f"/fleet/{unit.id}/status", {"status": "maintenance"},
                              htmx=True)
    body = inline.get_data(as_text=True)
    assert inline.status_code == 422 and body.lstrip().startswith(f'<li id="unit-{unit.id}"')
    assert batch.venue_name in body and "Tandai perawatan" in body
    plain = client.post_form(f"/fleet/{unit.id}/status", {"status": "maintenance"})
    assert plain.status_code == 302
    assert "tidak dapat masuk perawatan" in client.get("/fleet/").get_data(as_text=True)
    db.session.refresh(unit)
    assert unit.status == "ready"


# --- a trainer's courses --------------------------------------------------------------------

def _trainer_data(trainer, **overrides):
    values = dict(name=trainer.name, employer_type=trainer.employer_type,
                  phone=trainer.phone, institute_id=trainer.institute_id,
                  company_id=trainer.company_id,
                  course_ids=[course.id for course in trainer.courses])
    values.update(overrides)
    return TrainerData(**values)


def test_a_course_a_trainer_still_has_to_teach_cannot_be_removed(district, db):
    batch = services.plan_batch(_soon(district), district.staff)
    other = CourseFactory(name="Bordir")
    district.trainer.courses.append(other)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        trainer_services.save_trainer(district.trainer,
                                      _trainer_data(district.trainer, course_ids=[other.id]),
                                      district.staff)
    [(field, message)] = refused.value.errors
    assert field == "course_ids"
    assert f"Kejuruan {district.course.name} tidak dapat dihapus" in message
    assert batch.title in message
    # A course with nothing booked may go.
    trainer_services.save_trainer(
        district.trainer, _trainer_data(district.trainer, course_ids=[district.course.id]),
        district.staff)
    assert district.trainer.courses == [district.course]


def test_the_trainer_form_names_the_batches_a_course_removal_breaks(client, district, db):
    batch = services.plan_batch(_soon(district), district.staff)
    db.session.commit()
    client.login(district.staff)
    trainer = district.trainer
    response = client.post_form(f"/trainers/{trainer.id}/edit", {
        "name": trainer.name, "employer_type": "institute",
        "institute_id": str(trainer.institute_id), "company_id": "0", "phone": "",
        "account_id": "0"})
    assert response.status_code == 422
    assert "tidak dapat dihapus" in response.get_data(as_text=True)
    assert batch.venue_name in response.get_data(as_text=True)
    db.session.refresh(trainer)
    assert trainer.courses == [district.course]

"""Batch pages through HTTP: planning from a proposal, refusals, status, access, schedule."""

from datetime import date

import pytest

from mtu.authz import Role
from mtu.batches import services
from mtu.batches.models import Batch
from tests.factories import (
    ProposalFactory,
    TrainerFactory,
    UnitFactory,
    UserFactory,
    VillageFactory,
)


def _form(district, **overrides):
    data = {"course_id": str(district.course.id), "year": "2026", "wave": "2",
            "venue_type": "village_hall", "venue_name": "Balai Desa Contoh",
            "village": district.village.code, "start_date": "2026-04-01", "end_date": "",
            "quota": "", "unit_id": str(district.unit.id),
            "trainer_ids": [str(district.trainer.id)], "funding": "apbd",
            "csr_company_id": "0", "notes": ""}
    data.update(overrides)
    return data


def test_staff_plan_a_batch_from_a_proposal(client, district, db):
    client.login(district.staff)
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    page = client.get(f"/batches/new?proposal={proposal.id}").get_data(as_text=True)
    assert f'checked id="proposal_ids-0" name="proposal_ids" type="checkbox" ' \
           f'value="{proposal.id}"' in page  # the proposal is pre-ticked
    assert f'<option selected value="{district.course.id}">' in page
    response = client.post_form("/batches/new", _form(district, proposal_ids=[str(proposal.id)]))
    assert response.status_code == 302, response.get_data(as_text=True)
    batch = db.session.query(Batch).one()
    assert batch.end_date == date(2026, 4, 30) and batch.quota == district.course.package_size
    db.session.refresh(proposal)
    assert proposal.status == "scheduled" and proposal.batch_id == batch.id
    assert district.unit.code in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_conflict_is_explained_and_the_form_keeps_what_was_typed(client, district, db):
    client.login(district.staff)
    services.plan_batch(district.plan(start=date(2026, 4, 10)), district.staff)
    db.session.commit()
    response = client.post_form("/batches/new", _form(district, venue_name="Balai RW 3"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah dipakai paket" in page and "sudah mengajar paket" in page
    assert 'value="Balai RW 3"' in page
    assert db.session.query(Batch).count() == 1


def test_invalid_fields_are_explained(client, district):
    client.login(district.staff)
    response = client.post_form("/batches/new", _form(district, start_date="besok",
                                                      venue_name="", year="abc"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tanggal tidak valid." in page and "Wajib diisi." in page
    assert "Harus berupa bilangan bulat." in page


def test_a_unit_of_another_district_cannot_be_slipped_in(client, district, db):
    client.login(district.staff)
    foreign = UnitFactory()
    response = client.post_form("/batches/new", _form(district, unit_id=str(foreign.id)))
    assert response.status_code == 422
    assert "pilihan yang tidak valid" in response.get_data(as_text=True)


def test_status_changes_inline_and_without_javascript(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    response = client.post_form(f"/batches/{batch.id}/status", {"status": "registration"},
                                htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "Pendaftaran" in body
    response = client.post_form(f"/batches/{batch.id}/status", {"status": "running"})
    assert response.status_code == 302
    db.session.refresh(batch)
    assert batch.status == "running"


def test_cancelling_without_a_reason_is_refused_in_place(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    response = client.post_form(f"/batches/{batch.id}/status", {"status": "cancelled"},
                                htmx=True)
    assert response.status_code == 422
    assert "Tuliskan alasan pembatalan." in response.get_data(as_text=True)


def test_each_status_change_shows_its_next_step_and_a_message(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    steps = [("registration", "Pendaftaran dibuka.", f"/participants/batches/{batch.id}"),
             ("running", "Pelatihan dimulai.", f"/attendance/batches/{batch.id}/today")]
    for status, message, link in steps:
        body = client.post_form(f"/batches/{batch.id}/status", {"status": status},
                                htmx=True).get_data(as_text=True)
        assert 'role="status"' in body and message in body, status
        assert f'href="{link}"' in body, status


def test_cancelling_is_a_confirmation_with_its_reason(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    page = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    assert '<summary class="button danger">Batalkan paket</summary>' in page
    assert 'for="cancel-note"' in page
    body = client.post_form(f"/batches/{batch.id}/status", {"status": "cancelled"},
                            htmx=True).get_data(as_text=True)
    assert '<details class="confirm" open>' in body and 'id="cancel-note"' in body
    body = client.post_form(f"/batches/{batch.id}/status",
                            {"status": "cancelled", "note": "Lokasi banjir"},
                            htmx=True).get_data(as_text=True)
    assert "Paket dibatalkan." in body and "<form" not in body


def test_edit_moves_the_dates(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    assert 'value="2026-03-01"' in client.get(f"/batches/{batch.id}/edit").get_data(
        as_text=True)
    response = client.post_form(f"/batches/{batch.id}/edit",
                                _form(district, start_date="2026-05-01"))
    assert response.status_code == 302
    db.session.refresh(batch)
    assert batch.start_date == date(2026, 5, 1)


def test_trainers_see_only_the_batches_they_teach(client, district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    colleague = TrainerFactory(regency=district.regency, courses=[district.course])
    other = services.plan_batch(district.plan(start=date(2026, 6, 1), trainers=[colleague]),
                                district.staff)
    teacher = UserFactory(trainer=True)
    district.trainer.user = teacher
    db.session.commit()
    client.login(teacher)
    page = client.get("/batches/").get_data(as_text=True)
    assert f"/batches/{batch.id}" in page and f"/batches/{other.id}" not in page
    assert client.get(f"/batches/{other.id}").status_code == 404
    assert client.get(f"/batches/{batch.id}/edit").status_code == 403


def test_village_operators_see_batches_held_in_their_village(client, district, db):
    batch = services.plan_batch(district.plan(), district.staff)
    elsewhere = services.plan_batch(district.plan(start=date(2026, 6, 1),
                                                  village=VillageFactory()), district.staff)
    db.session.commit()
    operator = UserFactory(village_operator=True, village=district.village)
    client.login(operator)
    assert client.get(f"/batches/{batch.id}").status_code == 200
    assert client.get(f"/batches/{elsewhere.id}").status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF])
def test_staff_of_another_district_get_404(client, district, db, role):
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    client.login(UserFactory(staff=True))
    assert client.get(f"/batches/{batch.id}").status_code == 404
    assert client.post_form(f"/batches/{batch.id}/status",
                            {"status": "registration"}).status_code == 404


def test_schedule_draws_each_unit_and_trainer_with_bookings_and_gaps(client, district, db):
    client.login(district.staff)
    batch = services.plan_batch(district.plan(), district.staff)
    db.session.commit()
    page = client.get("/batches/schedule?year=2026").get_data(as_text=True)
    assert '<svg class="year"' in page and district.unit.code in page
    assert district.trainer.name in page
    assert f'x="{59 * 2}" y="3" width="60"' in page
    assert "Kosong" in page and f"/batches/{batch.id}" in page
    assert " style=" not in page


def test_proposal_page_offers_the_earliest_dates(client, district, db):
    client.login(district.staff)
    proposal = ProposalFactory(village=district.village, course=district.course,
                               status="verified")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Jadwal tercepat" in page and district.unit.code in page
    assert f"/batches/new?proposal={proposal.id}" in page


def test_ids_out_of_range_or_not_in_ascii_digits_are_field_errors(client, district, db):
    """csr_company_id=10**20 reached the database (OverflowError, 500); '١٢' was read as 12."""
    client.login(district.staff)
    arabic = str(district.unit.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for overrides in ({"csr_company_id": str(10**20)}, {"csr_company_id": str(2**31)},
                      {"unit_id": arabic}, {"course_id": "²"},
                      {"trainer_ids": [str(10**20)]}, {"proposal_ids": ["١"]}):
        response = client.post_form("/batches/new", _form(district, **overrides))
        assert response.status_code == 422, overrides
        assert "Pilihan tidak valid." in response.get_data(as_text=True), overrides
    for overrides in ({"wave": "٢"}, {"year": str(10**20)}, {"quota": "²"}):
        response = client.post_form("/batches/new", _form(district, **overrides))
        assert response.status_code == 422, overrides
        assert "Harus berupa bilangan bulat." in response.get_data(as_text=True), overrides
    assert db.session.query(Batch).count() == 0

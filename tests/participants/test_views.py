"""Participant pages and enrolment through HTTP."""

from datetime import date

import pytest

from mtu.authz import Role
from mtu.participants.models import Enrolment, Participant
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
    person_form,
)

pytestmark = pytest.mark.usefixtures("nik_regions")

def _person(**overrides):
    return person_form(consent="y", **overrides)


@pytest.fixture
def staff_batch(login_as):
    staff = login_as(Role.STAFF)
    return staff, BatchFactory(regency=staff.regency, status="registration", quota=2)


def test_staff_record_a_person_and_enrol_them_in_one_go(client, staff_batch, db):
    staff, batch = staff_batch
    response = client.post_form(f"/participants/new?batch={batch.id}", _person())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/participants/batches/{batch.id}"
    person = db.session.query(Participant).one()
    assert person.nik == "3514045708950001" and person.phone == "081234567890"
    assert person.consent_at is not None and person.regency == staff.regency
    roster = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Siti Aminah" in roster and "3514********0001" in roster
    assert "3514045708950001" not in roster  # lists mask the NIK


def test_errors_keep_what_was_typed(client, staff_batch, db):
    response = client.post_form("/participants/new", _person(gender="M", phone="123"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Menurut NIK, jenis kelaminnya Perempuan." in page
    assert "Nomor telepon tidak valid" in page and 'value="Siti Aminah"' in page
    assert db.session.query(Participant).count() == 0


def _lookup(client, nik, batch=None):
    url = "/participants/lookup" + (f"?batch={batch.id}" if batch else "")
    return client.post_form(url, {"nik": nik}, htmx=True)


def test_nik_lookup_shows_who_it_is_instead_of_a_duplicate(client, staff_batch):
    staff, batch = staff_batch
    person = ParticipantFactory(full_name="Budi Santoso", regency=staff.regency)
    EnrolmentFactory(participant=person)
    fragment = _lookup(client, person.nik, batch)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "NIK ini sudah terdaftar" in body and "Budi Santoso" in body
    assert "Daftarkan Budi Santoso ke paket ini" in body
    assert len(fragment.get_data()) < 5 * 1024


def test_nik_lookup_is_post_only(client, staff_batch):
    assert client.get("/participants/lookup?nik=3514045708950009").status_code == 405


def test_nik_lookup_shows_the_status_of_someone_already_in_the_batch(client, staff_batch):
    staff, batch = staff_batch
    enrolment = EnrolmentFactory(batch=batch, status="waitlisted",
                                 participant=ParticipantFactory(regency=staff.regency))
    body = _lookup(client, enrolment.participant.nik, batch).get_data(as_text=True)
    assert "Sudah terdaftar di paket ini: Cadangan." in body
    assert "Daftarkan" not in body and 'name="nik"' not in body


@pytest.mark.parametrize("nik, expected", [
    ("3514045708950009", "NIK valid dan belum terdaftar: Perempuan"),
    ("3599045708950009", "Kode provinsi/kabupaten di NIK tidak dikenal."),
    ("1234", "NIK harus 16 angka"), ("", "")])
def test_nik_lookup_checks_the_number_as_it_is_typed(client, staff_batch, nik, expected):
    body = _lookup(client, nik).get_data(as_text=True)
    assert expected in body


def test_enrol_a_known_person_by_nik(client, staff_batch, db):
    staff, batch = staff_batch
    person = ParticipantFactory(regency=staff.regency)
    response = client.post_form(f"/participants/batches/{batch.id}/enrol",
                                {"nik": person.nik, "accept": "y"})
    assert response.status_code == 302
    assert db.session.query(Enrolment).one().status == "accepted"


def test_an_unknown_nik_opens_the_new_person_form_without_the_nik_in_a_url(client,
                                                                            staff_batch):
    _staff, batch = staff_batch
    response = client.post_form(f"/participants/batches/{batch.id}/enrol",
                                {"nik": "3514045708950009", "accept": "y"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Location" not in response.headers
    assert 'value="3514045708950009"' in body
    assert f'action="/participants/new?batch={batch.id}"' in body
    assert "3514045708950009" not in "".join(
        part for part in body.split('"') if part.startswith("/"))  # in no link or action


def test_an_unknown_nik_with_an_invalid_region_is_refused_on_the_roster(client, staff_batch):
    _staff, batch = staff_batch
    response = client.post_form(f"/participants/batches/{batch.id}/enrol",
                                {"nik": "3599045708950009", "accept": "y"})
    assert response.status_code == 422
    assert "Kode provinsi/kabupaten di NIK tidak dikenal." in response.get_data(as_text=True)


def test_refused_enrolment_is_explained(client, staff_batch):
    staff, batch = staff_batch
    enrolment = EnrolmentFactory(batch=batch,
                                 participant=ParticipantFactory(regency=staff.regency))
    response = client.post_form(f"/participants/batches/{batch.id}/enrol",
                                {"nik": enrolment.participant.nik, "accept": "y"})
    assert response.status_code == 422
    assert "sudah terdaftar di paket ini" in response.get_data(as_text=True)


def test_withdraw_inline_promotes_and_returns_the_roster(client, staff_batch, db):
    _staff, batch = staff_batch
    first = EnrolmentFactory(batch=batch)
    EnrolmentFactory(batch=batch)
    waiting = EnrolmentFactory(batch=batch, status="waitlisted",
                               participant=ParticipantFactory(full_name="Yang Menunggu"))
    response = client.post_form(f"/participants/enrolments/{first.id}/withdraw",
                                {"note": "Sakit"}, htmx=True)
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Yang Menunggu naik dari daftar cadangan." in body
    db.session.refresh(waiting)
    assert waiting.status == "accepted"


def test_withdraw_without_javascript_redirects(client, staff_batch, db):
    _staff, batch = staff_batch
    enrolment = EnrolmentFactory(batch=batch)
    response = client.post_form(f"/participants/enrolments/{enrolment.id}/withdraw")
    assert response.status_code == 302


def test_profile_shows_the_full_nik_only_to_the_office(client, staff_batch):
    staff, batch = staff_batch
    enrolment = EnrolmentFactory(batch=batch,
                                 participant=ParticipantFactory(regency=staff.regency))
    page = client.get(f"/participants/{enrolment.participant_id}").get_data(as_text=True)
    assert enrolment.participant.nik in page


def test_trainers_see_their_roster_with_masked_niks_and_nothing_else(client, db):
    teacher = UserFactory(trainer=True)
    batch = BatchFactory()
    trainer = TrainerFactory(user=teacher, regency=batch.regency)
    batch.trainers.append(trainer)
    enrolment = EnrolmentFactory(batch=batch,
                                 participant=ParticipantFactory(regency=batch.regency))
    other = BatchFactory()
    db.session.commit()
    client.login(teacher)
    outsider = EnrolmentFactory(batch=batch)  # recorded by another district's office
    page = client.get(f"/participants/batches/{batch.id}").get_data(as_text=True)
    assert enrolment.participant.masked_nik in page and enrolment.participant.nik not in page
    assert outsider.participant.full_name in page
    assert outsider.participant.masked_nik not in page
    assert client.get(f"/participants/batches/{other.id}").status_code == 404
    assert client.get(f"/participants/{enrolment.participant_id}").status_code == 403
    assert client.post_form(f"/participants/enrolments/{enrolment.id}/withdraw").status_code \
        == 403


def test_staff_of_another_district_get_404(client, login_as):
    login_as(Role.STAFF)
    enrolment = EnrolmentFactory()
    assert client.get(f"/participants/batches/{enrolment.batch_id}").status_code == 404
    assert client.get(f"/participants/{enrolment.participant_id}").status_code == 404
    assert client.post_form(f"/participants/enrolments/{enrolment.id}/withdraw").status_code \
        == 404


def test_list_search_by_name_or_exact_nik(client, staff_batch):
    staff, _batch = staff_batch
    person = ParticipantFactory(regency=staff.regency, full_name="Ahmad Fauzi",
                                name_key="ahmad fauzi")
    ParticipantFactory(regency=staff.regency, full_name="Dewi", name_key="dewi")
    assert "Ahmad Fauzi" in client.htmx_get("/participants/?q=fauzi").get_data(as_text=True)
    body = client.htmx_get(f"/participants/?q={person.nik}").get_data(as_text=True)
    assert "Ahmad Fauzi" in body and "Dewi" not in body


def test_a_likely_duplicate_is_flagged_when_recording(client, staff_batch):
    ParticipantFactory(full_name="Siti Aminah", name_key="siti aminah", gender="F",
                       birth_date=date(1995, 8, 17))
    response = client.post_form("/participants/new", _person(full_name="Hj. Siti Aminah"),
                                follow_redirects=True)
    assert "mungkin orang yang sama" in response.get_data(as_text=True)

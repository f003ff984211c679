"""The district line: what staff of a second district learn about the first district's people
through the NIK lookup, the new-person form, the duplicates list, enrolment and the importer."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from mtu.extensions import limiter
from mtu.participants import importing, scope, services
from mtu.participants.import_files import Row
from mtu.participants.models import Enrolment, Participant
from mtu.rules import RuleError
from tests.factories import (
    BatchFactory,
    CourseFactory,
    EnrolmentFactory,
    ParticipantFactory,
    UserFactory,
    valid_nik,
)

NIK = valid_nik(1, date(1995, 8, 17), female=True)  # 3514045708950001
NAME = "Siti Aminah"
ADDRESS = "Dusun Krajan RT 01 RW 02"
PHONE = "081377712345"
OTHER_OFFICE = "NIK ini sudah tercatat oleh kantor Disnaker lain."
# Every way the first district's record could show through.
SECRETS = (NAME, "Aminah", NIK, "3514********0001", "17 Agu", "17 Agustus 1995",
           "17-08-..95", "1995-08-17", ADDRESS, PHONE, "Las Listrik")


@dataclass
class Two:
    person: Participant
    staff_a: object
    staff_b: object
    batch_b: object


@pytest.fixture
def two(db, nik_regions):
    """Siti is recorded in Kab. Pasuruan (with a welding course behind her); staff of a second
    district run a batch open for registration."""
    person = ParticipantFactory(nik=NIK, full_name=NAME, name_key="siti aminah", gender="F",
                                birth_date=date(1995, 8, 17), address=ADDRESS, phone=PHONE,
                                regency=nik_regions)
    EnrolmentFactory(participant=person, status="passed",
                     batch=BatchFactory(regency=nik_regions, status="done", year=2025,
                                        start_date=date(2025, 3, 1),
                                        course=CourseFactory(name="Las Listrik")))
    staff_a = UserFactory(staff=True, regency=nik_regions)
    staff_b = UserFactory(staff=True)
    batch_b = BatchFactory(regency=staff_b.regency, status="registration", quota=16)
    return Two(person, staff_a, staff_b, batch_b)


def assert_nothing_of(body: str, two: Two, *also: str) -> None:
    for secret in (*SECRETS, *also):
        assert secret not in body, secret
    assert f"/participants/{two.person.id}" not in body


def _lookup(client, nik, batch=None):
    url = "/participants/lookup" + (f"?batch={batch.id}" if batch else "")
    return client.post_form(url, {"nik": nik}, htmx=True)


def test_the_lookup_tells_another_district_only_that_an_office_recorded_the_nik(app, client,
                                                                             two):
    client.login(two.staff_b)
    for batch in (None, two.batch_b):
        response = _lookup(client, NIK, batch)
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and OTHER_OFFICE in body
        assert_nothing_of(body.replace(f'value="{NIK}"', ""), two)
    # With a batch it offers enrolment on proof: name and birth date as on the KTP.
    assert 'name="full_name"' in body and 'name="birth_date"' in body
    client = app.test_client()
    client.login(two.staff_a)
    body = _lookup(client, NIK).get_data(as_text=True)
    assert NAME in body and "Las Listrik" in body and OTHER_OFFICE not in body


def test_the_new_person_form_does_not_name_another_districts_holder(client, two):
    client.login(two.staff_b)
    typed = {"nik": NIK, "full_name": "Rina Wati", "gender": "F", "birth_date": "1995-08-17",
             "address": "", "village": "", "phone": "", "education": "senior",
             "employment": "job_seeker", "disability": ""}
    response = client.post_form(f"/participants/new?batch={two.batch_b.id}", typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and OTHER_OFFICE in body
    assert_nothing_of(body.replace(f'value="{NIK}"', "").replace('value="1995-08-17"', ""),
                      two)
    assert f'action="/participants/batches/{two.batch_b.id}/enrol"' in body  # the offer
    assert db_count(Participant) == 1


def db_count(model) -> int:
    from mtu.extensions import db
    return len(db.session.scalars(select(model)).all())


def test_the_duplicates_list_counts_other_offices_without_naming_them(client, two):
    client.login(two.staff_b)
    typed = {"nik": valid_nik(2, date(1995, 8, 17), female=True), "full_name": "Hj. Siti Aminah",
             "gender": "F", "birth_date": "1995-08-17", "address": "", "village": "",
             "phone": "", "education": "senior", "employment": "job_seeker", "disability": ""}
    response = client.post_form("/participants/new", typed, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "1 kantor Disnaker lain mencatat orang dengan nama dan tanggal lahir sama" in body
    mine = [p for p in db_session_people() if p.nik != NIK][0]
    page = client.get(f"/participants/{mine.id}").get_data(as_text=True)
    assert "1 kantor Disnaker lain" in page
    for secret in (NIK, "3514********0001", ADDRESS, PHONE, "Las Listrik"):
        assert secret not in page, secret
    assert f"/participants/{two.person.id}" not in page


def db_session_people():
    from mtu.extensions import db
    return db.session.scalars(select(Participant)).all()


@pytest.mark.parametrize("proof", [{}, {"full_name": "Siti Rahma", "birth_date": "1995-08-17"},
                                   {"full_name": NAME, "birth_date": "1994-08-17"},
                                   {"full_name": NAME}])
def test_enrolment_by_nik_without_matching_proof_is_refused_saying_nothing(client, two, proof):
    client.login(two.staff_b)
    response = client.post_form(f"/participants/batches/{two.batch_b.id}/enrol",
                                {"nik": NIK, "accept": "y", **proof})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and OTHER_OFFICE in body
    for typed in proof.values():
        body = body.replace(f'value="{typed}"', "")
    assert_nothing_of(body.replace(f'value="{NIK}"', ""), two)
    assert db_count(Enrolment) == 1  # only the welding course in Pasuruan


def test_enrolment_with_proof_works_records_it_and_shows_only_what_the_batch_needs(client,
                                                                                  two):
    client.login(two.staff_b)
    response = client.post_form(f"/participants/batches/{two.batch_b.id}/enrol",
                                {"nik": NIK, "accept": "y", "full_name": "siti  AMINAH",
                                 "birth_date": "1995-08-17"})
    assert response.status_code == 302
    from mtu.extensions import db
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.batch_id == two.batch_b.id))
    assert enrolment.status == "accepted" and enrolment.participant_id == two.person.id
    assert "bukti nama lengkap dan tanggal lahir sesuai KTP" in enrolment.note
    assert two.staff_b.name in enrolment.note
    roster = client.get(f"/participants/batches/{two.batch_b.id}").get_data(as_text=True)
    assert NAME in roster and "3514********0001" not in roster and NIK not in roster
    profile = client.get(f"/participants/{two.person.id}")
    body = profile.get_data(as_text=True)
    assert profile.status_code == 200 and NAME in body
    for secret in (NIK, "3514********0001", ADDRESS, PHONE, "Las Listrik"):
        assert secret not in body, secret
    assert client.get(f"/participants/{two.person.id}/edit").status_code == 404


def test_the_service_refuses_without_proof_and_enrols_with_it(two, db):
    with pytest.raises(RuleError) as refused:
        services.enrol_by_nik(NIK, two.batch_b, two.staff_b)
    assert NAME not in str(refused.value.errors)
    person, enrolment, _warnings = services.enrol_by_nik(
        NIK, two.batch_b, two.staff_b, full_name="Siti Aminah", birth_date=date(1995, 8, 17))
    assert person == two.person and enrolment.batch == two.batch_b
    # Their own office needs no proof.
    batch_a = BatchFactory(regency=two.person.regency, status="registration",
                           start_date=date(2026, 6, 1))
    assert services.enrol_by_nik(NIK, batch_a, two.staff_a)[1].note == ""
    assert scope.in_scope(two.staff_a, two.person) and not scope.in_scope(two.staff_b,
                                                                           two.person)


def _row(nik, name, birth="1995-08-17"):
    return Row(2, {"nik": nik, "nama": name, "jenis_kelamin": "P", "tanggal_lahir": birth,
                   "alamat": "", "desa": "", "telepon": "", "pendidikan": "",
                   "status_kerja": "", "disabilitas": ""}, [])


def test_the_importer_applies_the_same_rule(two, db):
    [wrong] = importing.validate_rows([_row(NIK, "Siti Rahma")], two.batch_b, two.staff_b)
    assert not wrong.valid and any(OTHER_OFFICE in p for p in wrong.problems)
    assert NAME not in " ".join(wrong.problems + wrong.notes)
    [right] = importing.validate_rows([_row(NIK, "SITI AMINAH")], two.batch_b, two.staff_b)
    assert right.valid and right.proven
    assert NAME not in " ".join(right.notes) and "Las Listrik" not in " ".join(right.notes)


def test_a_nik_of_an_unknown_regency_is_not_valid(two, db):
    number = "3599045708950009"
    with pytest.raises(ValueError, match="Kode provinsi/kabupaten di NIK tidak dikenal"):
        services.read_nik(number)
    data = services.ParticipantData(nik=number, full_name="Ana", gender="F",
                                    birth_date=date(1995, 8, 17))
    assert services.check(data) == [("nik", "Kode provinsi/kabupaten di NIK tidak dikenal.")]
    [row] = importing.validate_rows([_row(number, "Ana")], two.batch_b, two.staff_b)
    assert "Kode provinsi/kabupaten di NIK tidak dikenal." in row.problems


def test_nik_lookups_are_throttled_per_account(client, two, app, monkeypatch):
    monkeypatch.setitem(app.config, "NIK_LOOKUP_RATE_LIMIT", "3 per minute")
    limiter.reset()
    client.login(two.staff_b)
    for _ in range(5):  # typing digit by digit costs nothing
        assert _lookup(client, NIK[:10]).status_code == 200
    for _ in range(3):
        assert _lookup(client, NIK).status_code == 200
    refused = _lookup(client, NIK)
    assert refused.status_code == 429
    assert OTHER_OFFICE not in refused.get_data(as_text=True)
    response = client.post_form(f"/participants/batches/{two.batch_b.id}/enrol",
                                {"nik": NIK, "full_name": "X", "birth_date": "1995-08-17"})
    assert response.status_code == 429  # guessing names through enrolment shares the budget
    colleague = app.test_client()  # another account, the same address
    colleague.login(two.staff_a)
    assert _lookup(colleague, NIK).status_code == 200

"""The public verification page: open to anyone, throttled, and showing nothing personal."""

import base64
import os
from datetime import date, timedelta

import pytest
from babel.dates import format_date

from mtu.attendance.models import AttendanceMark
from mtu.certificates import services
from mtu.certificates.models import Result
from mtu.clock import local_date
from mtu.extensions import limiter
from tests.factories import (
    BatchFactory,
    CompetencyUnitFactory,
    EnrolmentFactory,
    ParticipantFactory,
    UserFactory,
    VillageFactory,
    valid_nik,
)

BIRTH = date(1993, 2, 14)
BIRTH_FORMATS = ("1993-02-14", "14-02-1993", "14/02/1993", "14.02.1993", "14 Februari 1993",
                 "14 Feb 1993", "14/2/1993", "14-2-1993", "February 14, 1993", "140293")
ADDRESS = "Jl. Melati Gang Buntu No. 7 RT 03 RW 05"
PHONE = "081377712345"
HOME_VILLAGE = "Karangrejo Wetan"


def certified(db, *, venue_type="village_hall", venue_name="Balai Desa Contoh",
              batch_village=None, serial=1, batch=None):
    """A participant who attended every day, passed every unit and got a certificate."""
    if batch is None:
        batch = BatchFactory(start_date=date(2026, 3, 2), status="done",
                             venue_type=venue_type, venue_name=venue_name,
                             village=batch_village)
        for position in range(2):
            CompetencyUnitFactory(course=batch.course, position=position)
    person = ParticipantFactory(
        full_name=f"Siti Aminah {serial}", birth_date=BIRTH, gender="F",
        nik=valid_nik(serial, BIRTH, female=True), address=ADDRESS, phone=PHONE,
        village=VillageFactory(name=HOME_VILLAGE), regency=batch.regency)
    enrolment = EnrolmentFactory(batch=batch, participant=person)
    db.session.add_all(AttendanceMark(enrolment_id=enrolment.id, batch_id=batch.id,
                                      day=batch.start_date + timedelta(days=n),
                                      status="present") for n in range(10))
    db.session.commit()
    db.session.expire_all()
    staff = UserFactory(staff=True, regency=batch.regency)
    for unit in batch.course.units:
        services.record_result(enrolment, unit.id, Result.COMPETENT, staff,
                               assessor="Hartono Asesor", assessed_on=batch.end_date, score=88)
    services.confirm_results(batch, staff)
    certificate = services.issue(enrolment, services.office_issuer(batch), staff)
    db.session.commit()
    return certificate


def assert_nothing_personal(body: str, certificate) -> None:
    person = certificate.enrolment.participant
    assert person.nik not in body
    assert person.nik[6:12] not in body and person.nik[-4:] not in body  # nor parts of it
    for written in BIRTH_FORMATS:
        assert written not in body, written
    assert ADDRESS not in body and "Melati" not in body
    assert PHONE not in body and "0813-7771" not in body
    assert HOME_VILLAGE not in body


def test_anonymous_visitors_see_a_valid_certificate_and_nothing_personal(client, db):
    certificate = certified(db)
    response = client.get(f"/verifikasi/{certificate.code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Location" not in response.headers
    assert "Sertifikat sah" in body and "Sertifikat dicabut" not in body
    batch = certificate.enrolment.batch
    for shown in ("Siti Aminah 1", batch.course.name, certificate.number,
                  f"Dinas Tenaga Kerja {batch.regency.name}", "2 Maret 2026", "31 Maret 2026",
                  format_date(certificate.issued_on, "long", locale="id"),
                  "Balai Desa Contoh"):
        assert shown in body, shown
    assert_nothing_personal(body, certificate)
    assert "Hartono" not in body  # nor the assessment behind it


def test_the_page_is_small_uncached_script_free_and_sets_no_cookie(client, db):
    certificate = certified(db)
    response = client.get(f"/verifikasi/{certificate.code}")
    body = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in body and "hx-" not in body
    assert len(response.data) < 4000
    assert "Set-Cookie" not in response.headers
    assert client.get("/verifikasi/").headers["Cache-Control"] == "no-store"


def test_a_revoked_certificate_says_so_with_its_date_but_not_the_reason(client, db):
    certificate = certified(db)
    services.revoke(certificate, "Berkas uji kompetensi dipalsukan oleh peserta",
                    UserFactory(staff=True))
    db.session.commit()
    body = client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert "Sertifikat dicabut" in body and "Sertifikat sah" not in body
    assert format_date(local_date(certificate.revoked_at), "long", locale="id") in body
    assert "dipalsukan" not in body and "Berkas uji" not in body
    assert_nothing_personal(body, certificate)


def _check(client, number, **holder):
    return client.post("/verifikasi/", data={"nomor": number, **holder})


def test_a_number_alone_reveals_nothing(client, db):
    certificate = certified(db)
    form = client.get("/verifikasi/", query_string={"nomor": certificate.number})
    body = form.get_data(as_text=True)
    assert form.status_code == 200 and 'name="nomor"' in body and 'method="post"' in body
    assert "Siti Aminah" not in body and "Sertifikat sah" not in body and "Cocok" not in body
    response = _check(client, certificate.number)
    assert response.status_code == 422
    assert "Isi nama pemegang atau tanggal lahirnya." in response.get_data(as_text=True)
    assert "Siti Aminah" not in response.get_data(as_text=True)


def test_a_number_with_the_holders_name_or_birth_date_answers_cocok_only(client, db):
    certificate = certified(db)
    batch = certificate.enrolment.batch
    # As people type it from paper: lower case, spaces around the slashes, any case of name.
    typed = " " + certificate.number.lower().replace("/", " / ") + " "
    for holder in ({"nama": "siti  AMINAH 1"}, {"tanggal_lahir": "1993-02-14"},
                   {"nama": "Siti Aminah 1", "tanggal_lahir": "1993-02-14"}):
        response = _check(client, typed, **holder)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, holder
        assert "Cocok" in body and "Tidak cocok" not in body and "sertifikat yang sah" in body
        for hidden in (batch.course.name, "Balai Desa", "2 Maret 2026"):
            assert hidden not in body, hidden
        assert_nothing_personal(body.replace('value="' + typed.strip(), ""), certificate)


def test_a_wrong_holder_and_an_unknown_number_get_the_same_answer(client, db):
    certificate = certified(db)
    answers = [_check(client, certificate.number, nama="Budi Santoso"),
               _check(client, certificate.number, tanggal_lahir="1993-02-15"),
               _check(client, certificate.number, nama="Siti Aminah 1",
                      tanggal_lahir="1990-01-01"),
               _check(client, "999/MTU-0000/I/2026", nama="Siti Aminah 1")]
    for response in answers:
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Tidak cocok" in body and "Siti Aminah" not in body
        assert "Sertifikat sah" not in body and "sertifikat yang sah" not in body
    bodies = {a.get_data(as_text=True).replace(certificate.number, "N")
              .replace("999/MTU-0000/I/2026", "N") for a in answers}
    assert len(bodies) == 1


def test_a_matching_revoked_certificate_says_it_no_longer_holds(client, db):
    certificate = certified(db)
    services.revoke(certificate, "Salah nama", UserFactory(staff=True))
    db.session.commit()
    body = _check(client, certificate.number, nama="Siti Aminah 1").get_data(as_text=True)
    assert "Cocok" in body and "sudah dicabut" in body and "Salah nama" not in body


def test_a_certificate_of_a_batch_not_finished_is_not_in_force(client, db):
    """Certificates issued before the rule (mid-course) are no longer shown as valid."""
    certificate = certified(db)
    batch = certificate.enrolment.batch
    batch.status = "running"
    db.session.commit()
    body = client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert "Sertifikat belum berlaku" in body and "Sertifikat sah" not in body
    body = _check(client, certificate.number, nama="Siti Aminah 1").get_data(as_text=True)
    assert "Cocok" in body and "belum berlaku" in body and "sertifikat yang sah" not in body


@pytest.mark.parametrize("url", [
    "/verifikasi/AAAAAAAAAAAAAAAA", "/verifikasi/" + "x" * 40, "/verifikasi/a.b",
])
def test_unknown_codes_and_numbers_get_the_same_plain_404(client, db, url):
    certified(db)
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in body
    assert "Siti Aminah" not in body and "Sertifikat sah" not in body


def test_a_prison_batch_shows_the_district_but_not_the_venue_or_village(client, db):
    prison_village = VillageFactory(name="Kebonsari Lor")
    certificate = certified(db, venue_type="prison",
                            venue_name="Lapas Perempuan Kelas IIA Malang",
                            batch_village=prison_village)
    body = client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert "Sertifikat sah" in body
    assert "Lapas" not in body and "Kebonsari" not in body
    assert certificate.enrolment.batch.regency.name in body
    assert_nothing_personal(body, certificate)


def test_lookups_are_throttled_per_address_across_both_pages(client, db, app, monkeypatch):
    certificate = certified(db)
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "3 per minute")
    limiter.reset()
    assert client.get(f"/verifikasi/{certificate.code}").status_code == 200
    assert client.get("/verifikasi/AAAAAAAAAAAAAAAA").status_code == 404
    assert _check(client, "1/2/3", nama="X").status_code == 200
    for response in (client.get(f"/verifikasi/{certificate.code}"),
                     _check(client, certificate.number, nama="Siti Aminah 1")):
        assert response.status_code == 429
        body = response.get_data(as_text=True)
        assert "Terlalu banyak percobaan" in body and "Siti Aminah" not in body
    other = client.get(f"/verifikasi/{certificate.code}",
                       environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_codes_are_random_and_reveal_nothing_of_each_other(db):
    first = certified(db, serial=1)
    second = certified(db, serial=2, batch=first.enrolment.batch)
    codes = [first.code, second.code]
    assert all(len(code) >= 16 for code in codes) and codes[0] != codes[1]
    assert len(os.path.commonprefix(codes)) <= 4
    values = [int.from_bytes(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)), "big")
              for code in codes]
    assert abs(values[0] - values[1]) > 1_000_000
    assert first.number != second.number  # numbers count up; codes do not

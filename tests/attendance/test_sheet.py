"""The printable attendance sheet (daftar hadir): one day portrait, one week landscape."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from mtu.attendance import services
from mtu.attendance.models import AttendanceMark, TrainingDay
from mtu.authz import Role
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    RegencyFactory,
    TrainerFactory,
    UserFactory,
    user_with_role,
)

START = date(2026, 3, 4)  # a Wednesday; the batch runs to Thursday 2 April


@pytest.fixture
def batch(db):
    """A running batch with a trainer, four participants (one late, one who left), marks."""
    regency = RegencyFactory(name="Kab. Pasuruan")
    batch = BatchFactory(regency=regency, start_date=START, status="running")
    trainer = TrainerFactory(name="Siti Rahmawati", regency=regency)
    batch.trainers.append(trainer)
    db.session.commit()
    names = ["Ahmad Fauzi", "Dewi Lestari", "Nur Hidayah", "Eko Prasetyo"]
    people = [EnrolmentFactory(batch=batch, participant=ParticipantFactory(
        full_name=name, name_key=name.lower(), regency=regency)) for name in names]
    people[2].joined_on = date(2026, 3, 6)
    people[3].status, people[3].left_on = "withdrawn", date(2026, 3, 5)
    db.session.add_all([
        AttendanceMark(enrolment_id=people[0].id, batch_id=batch.id, day=START, status="sick"),
        AttendanceMark(enrolment_id=people[1].id, batch_id=batch.id, day=START,
                       status="present"),
        TrainingDay(batch_id=batch.id, day=START, hours=8, topic="Membuat pola dasar")])
    db.session.commit()
    return batch, people


def _pdf(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    return PdfReader(BytesIO(response.data))


def _text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def staff(client, batch):
    user = UserFactory(staff=True, regency=batch[0].regency)
    client.login(user)
    return user


def test_the_week_sheet_is_landscape_with_names_masked_niks_and_marks(client, batch, staff):
    batch, people = batch
    reader = _pdf(client.get(f"/attendance/batches/{batch.id}/sheet.pdf?week=2026-03-02"))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = _text(reader)
    assert "DINAS TENAGA KERJA KABUPATEN PASURUAN" in text
    assert "DAFTAR HADIR PESERTA PELATIHAN" in text
    for enrolment in people:
        assert enrolment.participant.full_name in text
        assert enrolment.participant.nik not in text
    assert people[0].participant.masked_nik in text
    assert "Paraf pelatih" in text and "Membuat pola dasar" in text and "Siti Rahmawati" in text
    assert "Halaman 1 dari" in text


def test_the_week_is_clipped_to_the_batch(client, batch, staff):
    batch, _people = batch
    first = _text(_pdf(client.get(f"/attendance/batches/{batch.id}/sheet.pdf?week=2026-03-03")))
    assert "04/03" in first and "07/03" in first and "03/03" not in first
    assert "08/03" not in first  # a Sunday: no session day (mtu/calendar)
    last = _text(_pdf(client.get(f"/attendance/batches/{batch.id}/sheet.pdf?week=2026-04-01")))
    assert "30/03" in last and "02/04" in last and "03/04" not in last
    assert services.week_days(batch, date(2026, 4, 5)) == [
        date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)]


def test_the_day_sheet_is_portrait_and_lists_only_who_is_expected(client, batch, staff):
    batch, people = batch
    reader = _pdf(client.get(f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-03-05"))
    page = reader.pages[0]
    assert page.mediabox.width < page.mediabox.height
    text = _text(reader)
    assert people[0].participant.full_name in text and people[1].participant.full_name in text
    assert people[2].participant.full_name not in text  # joins on the 6th
    assert people[3].participant.full_name not in text  # left on the 5th
    assert "Tanda tangan" in text and "Kamis, 5 Maret 2026" in text


def test_a_day_outside_the_batch_or_no_date_is_not_found(client, batch, staff):
    batch, _people = batch
    url = f"/attendance/batches/{batch.id}/sheet.pdf"
    assert client.get(url + "?day=2026-03-03").status_code == 404
    assert client.get(url + "?day=kemarin").status_code == 404
    assert client.get(url + "?week=2026-13-01").status_code == 404


def test_a_trainer_prints_their_own_batch_only(client, batch, db):
    batch, _people = batch
    teacher = UserFactory(trainer=True)
    batch.trainers[0].user = teacher
    db.session.commit()
    client.login(teacher)
    assert client.get(f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-03-04") \
        .status_code == 200
    other = BatchFactory(start_date=START)
    assert client.get(f"/attendance/batches/{other.id}/sheet.pdf?day=2026-03-04") \
        .status_code == 404


def test_staff_of_another_district_get_404(client, batch):
    batch, _people = batch
    client.login(UserFactory(staff=True))
    assert client.get(f"/attendance/batches/{batch.id}/sheet.pdf").status_code == 404


@pytest.mark.parametrize("role", [Role.VILLAGE, Role.COMPANY])
def test_villages_and_companies_may_not_print(client, batch, role):
    batch, _people = batch
    client.login(user_with_role(role))
    assert client.get(f"/attendance/batches/{batch.id}/sheet.pdf").status_code == 403


def test_the_day_and_recap_pages_link_to_the_sheet(client, batch, staff):
    batch, _people = batch
    day = client.get(f"/attendance/batches/{batch.id}/2026-03-04").get_data(as_text=True)
    assert "Cetak daftar hadir hari ini" in day and "Cetak daftar hadir minggu ini" in day
    assert f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-03-04" in day
    recap = client.get(f"/attendance/batches/{batch.id}/recap").get_data(as_text=True)
    assert f"/attendance/batches/{batch.id}/sheet.pdf" in recap
    assert "Isi dari lembar bertanda tangan" in recap


@pytest.mark.parametrize("count", [16, 17, 18, 19, 20, 21, 22, 26])
def test_the_signatures_never_stand_alone_on_a_page(client, batch, staff, count):
    """A full package (16) fits one page; with more people the last rows go with the signatures."""
    batch, people = batch
    for number in range(count - 3):  # three of the four fixture people are on the list
        EnrolmentFactory(batch=batch, participant=ParticipantFactory(
            full_name=f"Peserta Tambahan {number + 1:02d}", regency=batch.regency))
    reader = _pdf(client.get(f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-03-09"))
    if count == 16:
        assert len(reader.pages) == 1
    last = reader.pages[-1].extract_text()
    assert "Mengetahui," in last and "Keterangan: H = hadir" in last
    assert "Peserta Tambahan" in last, f"{count} people: the signatures alone on the last page"

"""Report PDFs: the completion report of the demo's finished prison batch holds what the
office reports upward; the attendance sheet of a finished batch prints every week."""

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mtu.attendance.services import held_days
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.demo.seed import seed_demo
from mtu.extensions import db
from mtu.facilities import services as facilities
from mtu.participants.models import Enrolment, ParticipantView
from mtu.reports.models import Export
from mtu.templating import rupiah
from tests.factories import PASSWORD, BatchFactory, UserFactory, user_with_role


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    pages = PdfReader(BytesIO(response.get_data())).pages
    return "\n".join(page.extract_text() for page in pages)


@pytest.fixture
def demo(db):
    seed_demo()
    db.session.commit()


def _sign_in(client, email):
    client.login(db.session.scalar(select(UserFactory._meta.model).where(
        UserFactory._meta.model.email == email)), password="demo12345")


def _finished_prison_batch() -> Batch:
    return db.session.scalar(select(Batch).where(Batch.venue_type == "prison",
                                                 Batch.status == "done"))


def test_the_completion_report_of_the_finished_prison_batch(client, demo):
    batch = _finished_prison_batch()
    _sign_in(client, "malang@demo.example")
    detail = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    url = f"/reports/batches/{batch.id}/completion.pdf"
    assert url in detail
    text = pdf_text(client.get(url))
    assert "LAPORAN PELAKSANAAN PELATIHAN" in text
    assert "DINAS TENAGA KERJA KABUPATEN MALANG" in text
    assert "Lapas Perempuan Kelas IIA Malang" in text
    assert "Pelatihan sulam warga binaan" in text
    people = db.session.scalars(select(Enrolment).where(Enrolment.batch_id == batch.id)).all()
    assert len(people) == 16  # the demo's wave of 16 inmates
    for enrolment in people:
        assert enrolment.participant.full_name in text
        assert enrolment.participant.masked_nik in text
        assert enrolment.participant.nik not in text
    for heading in ("A. Peserta, kehadiran, hasil uji dan sertifikat", "B. Jurnal harian",
                    "C. Fasilitas yang diserahkan", "D. Penempatan lulusan"):
        assert heading in text
    assert "16 orang" in text  # taking part
    assert rupiah(facilities.sheet(batch).total) in text  # rupiah total of the hand-overs
    assert "Uang saku" in text and "SLM.01" in text
    assert "MTU-3507" in text  # certificate numbers of the district
    exports = db.session.scalars(select(Export)).all()
    assert [(e.dataset, e.format) for e in exports] == [("completion", "pdf")]
    looks = db.session.scalars(select(ParticipantView).where(
        ParticipantView.what == "export")).all()
    assert len({look.participant_id for look in looks}) == 16


def test_the_completion_report_is_for_the_office_of_the_batch(client, demo):
    batch = _finished_prison_batch()
    _sign_in(client, "staf@demo.example")  # Kab. Pasuruan
    assert client.get(f"/reports/batches/{batch.id}/completion.pdf").status_code == 404
    client.post_form("/auth/logout")
    _sign_in(client, "pelatih@demo.example")
    assert client.get(f"/reports/batches/{batch.id}/completion.pdf").status_code == 403
    assert client.get("/reports/batches/2147483648/completion.pdf").status_code == 404


def test_the_attendance_sheet_of_a_finished_batch_prints_every_week(client, demo):
    """The sheet linked from the page of a finished batch (its last week) and every other
    week and day of it answer a PDF, never a 500."""
    batch = _finished_prison_batch()
    _sign_in(client, "malang@demo.example")
    detail = client.get(f"/batches/{batch.id}").get_data(as_text=True)
    link = f"/attendance/batches/{batch.id}/sheet.pdf"
    assert f'href="{link}"' in detail
    assert "DAFTAR HADIR PESERTA PELATIHAN" in pdf_text(client.get(link))
    day = batch.start_date
    while day <= batch.end_date + timedelta(days=7):
        response = client.get(link, query_string={"week": day.isoformat()})
        assert response.status_code == 200, day
        day += timedelta(days=7)
    # Its last session day: the end date itself may be a Sunday or a day off, whose sheet
    # sends to the day's page (there is no blank sheet to sign).
    last = held_days(batch, batch.start_date, batch.end_date)[-1]
    response = client.get(link, query_string={"day": last.isoformat()})
    assert response.status_code == 200
    assert "DAFTAR HADIR PESERTA PELATIHAN" in pdf_text(response)
    if last != batch.end_date:
        response = client.get(link, query_string={"day": batch.end_date.isoformat()})
        assert response.status_code == 302


def test_a_sheet_with_long_names_and_a_seven_day_week_still_prints(client, db):
    """A name of 120 letters without a space and a week with sessions every day (make-up
    days) fit the sheet's table."""
    from mtu.attendance.models import AttendanceMark, TrainingDay
    from tests.factories import EnrolmentFactory

    staff = user_with_role(Role.STAFF)
    batch = BatchFactory(regency=staff.regency, status="done")
    for n in range(18):
        enrolment = EnrolmentFactory(batch=batch, participant__full_name="A" * 117 + f"{n:02d}")
        for offset in range(7):
            db.session.add(AttendanceMark(enrolment_id=enrolment.id, batch_id=batch.id,
                                          day=batch.start_date + timedelta(days=offset),
                                          status="present"))
    for offset in range(7):
        db.session.add(TrainingDay(batch_id=batch.id, hours=8, topic="X" * 200,
                                   day=batch.start_date + timedelta(days=offset)))
    db.session.commit()
    client.login(staff, PASSWORD)
    response = client.get(f"/attendance/batches/{batch.id}/sheet.pdf",
                          query_string={"week": batch.start_date.isoformat()})
    assert response.status_code == 200
    assert client.get(f"/reports/batches/{batch.id}/completion.pdf").status_code == 200


def test_the_completion_report_takes_as_many_queries_for_2_people_as_for_8(client, db,
                                                                           count_queries):
    """Every person of the report marked, certified and placed at a company, with a
    journal: no query per person or per day."""
    from datetime import date

    from mtu.attendance.models import AttendanceMark, TrainingDay
    from mtu.placements.models import Placement
    from tests.factories import CertificateFactory, CompanyFactory, EnrolmentFactory

    staff = user_with_role(Role.STAFF)
    batch = BatchFactory(regency=staff.regency, status="done")
    company = CompanyFactory()
    url = f"/reports/batches/{batch.id}/completion.pdf"

    def add_people(count):
        for _n in range(count):
            enrolment = EnrolmentFactory(batch=batch, status="passed")
            CertificateFactory(enrolment=enrolment)
            day = batch.start_date + timedelta(days=enrolment.id)  # one day each
            db.session.add(AttendanceMark(enrolment_id=enrolment.id, batch_id=batch.id,
                                          day=day, status="present"))
            db.session.add(TrainingDay(batch_id=batch.id, day=day))
            db.session.add(Placement(enrolment_id=enrolment.id, status="working",
                                     company_id=company.id, start_date=date(2026, 6, 1)))
        db.session.commit()

    client.login(staff, PASSWORD)
    add_people(2)
    few = count_queries(lambda: client.get(url))
    add_people(6)
    assert count_queries(lambda: client.get(url)) == few
    text = pdf_text(client.get(url))
    assert text.count(company.name) == 8 and "8 orang" in text

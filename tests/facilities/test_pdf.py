"""The receipt list PDF, and the generic render_pdf() behind it."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from mtu.facilities import services
from mtu.pdf import _local_files_only, render_pdf
from tests.facilities.conftest import attend


@pytest.fixture
def receipt_batch(district, db):
    services.add_standard_items(district.batch)
    people = district.enrol_many(16)
    items = services.items_of(district.batch)
    for person in people:
        for item in items:
            services.set_handover(person, item, True, district.staff, on=date(2026, 3, 2))
    late = people[5]
    late.joined_on = date(2026, 3, 11)
    db.session.commit()
    for person in people:
        attend(person, date(2026, 3, 11), 20) if person is late else attend(
            person, date(2026, 3, 1), 30)
    return district.batch, people


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_receipt_list_names_every_participant(client, district, receipt_batch):
    batch, people = receipt_batch
    client.login(district.staff)
    response = client.get(f"/facilities/batches/{batch.id}/receipt.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=tanda-terima-fasilitas-{batch.course.name.lower().replace(' ', '-')}"
        f"-gel1-2026.pdf")
    assert response.headers["Cache-Control"] == "private, no-store"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for person in people:
        assert person.participant.full_name in text
        assert person.participant.nik not in text
    assert "DAFTAR TANDA TERIMA FASILITAS" in text
    assert "1 Maret 2026" in text and "30 Maret 2026" in text  # Indonesian dates
    assert "APBD" in text and "Uang transport" in text
    # 15 people × 30 days + one from the 11th (20 days) of Rp50.000, 16 × the rest
    transport = (15 * 30 + 20) * 50_000
    others = 16 * sum(value for _name, value, per_day in services.STANDARD_ITEMS if not per_day)
    assert f"{transport + others:,}".replace(",", ".") in text
    assert "Mengetahui," in text and "Yang menyerahkan," in text


def test_an_empty_list_still_prints(client, district, db):
    client.login(district.staff)
    response = client.get(f"/facilities/batches/{district.batch.id}/receipt.pdf")
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")


def test_render_pdf_renders_any_template(app, district, receipt_batch):
    batch, _people = receipt_batch
    with app.test_request_context():
        pdf = render_pdf("facilities/receipt_pdf.html", batch=batch,
                         sheet=services.sheet(batch), today=date(2026, 3, 31))
    assert pdf.startswith(b"%PDF") and "Pasuruan, 31 Maret 2026" in _text(pdf)


def test_pdf_templates_may_load_static_files_but_nothing_else(app):
    with app.test_request_context():
        assert _local_files_only("/static/app.css", "").endswith("static/app.css")
        assert _local_files_only("/static/../mtu/config.py", "") == ""
        assert _local_files_only("https://example.com/logo.png", "") == ""
        assert _local_files_only("file:///etc/passwd", "") == ""

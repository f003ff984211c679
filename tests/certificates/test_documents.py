"""Certificate PDFs: what they print (and never print), the QR code, who may have them."""

from datetime import date
from io import BytesIO

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from mtu.certificates import services
from mtu.certificates.documents import file_name, qr_png, verification_url
from mtu.certificates.models import IssuerKind, Result
from mtu.extensions import db as _db
from mtu.proposals.models import VenueType
from tests.facilities.conftest import attend, enrolled
from tests.factories import (
    BatchFactory,
    CompetencyUnitFactory,
    CourseFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
)

NAMES = ["Siti Rahmawati", "Budi Santoso", "Dewi Lestari"]


class Office:
    def __init__(self, units=3, venue_type=VenueType.VILLAGE_HALL.value):
        self.regency = RegencyFactory(name="Kab. Pasuruan")
        self.village = VillageFactory(name="Bulukandang",
                                      parent__name="Prigen", parent__parent=self.regency)
        self.staff = UserFactory(staff=True, regency=self.regency, name="Staf Pasuruan")
        course = CourseFactory(name="Menjahit Pakaian")
        for n in range(units):
            CompetencyUnitFactory(course=course, code=f"C.141100.{n + 1:03d}.01",
                                  title=f"Menjahit bagian pakaian nomor {n + 1}", position=n)
        self.batch = BatchFactory(regency=self.regency, course=course, status="running",
                                  venue_type=venue_type, village=self.village,
                                  venue_name="Lapas Kelas IIB Pasuruan"
                                  if venue_type == VenueType.PRISON else "Balai Desa Bulukandang")
        _db.session.refresh(self.batch)

    def certify(self, count=1, **issuer):
        """Enrol, assess (all competent), confirm, attend all 30 days, and issue."""
        people = [enrolled(self.batch, self.staff, NAMES[n], n + 1, female=n % 2 == 0)
                  for n in range(count)]
        for person in people:
            for unit in self.batch.course.units:
                services.record_result(person, unit.id, Result.COMPETENT, self.staff,
                                       assessor="Asesor BNSP", assessed_on=date(2026, 3, 30))
        services.confirm_results(self.batch, self.staff)
        self.batch.status = "done"  # enrolled while running; certificates once finished
        _db.session.commit()
        issuer_of = services.office_issuer(self.batch)
        for key, value in issuer.items():
            setattr(issuer_of, key, value)
        certificates = []
        for person in people:
            attend(person, self.batch.start_date, 30)
            certificates.append(services.issue(person, issuer_of, self.staff))
        _db.session.commit()
        return certificates


@pytest.fixture
def office(db):
    return Office()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def test_a_certificate_prints_the_name_number_course_and_dates_but_no_nik(client, office):
    certificate, = office.certify()
    participant = certificate.enrolment.participant
    client.login(office.staff)
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f"inline; filename={file_name(certificate.number)}")
    assert "/" not in file_name(certificate.number)
    assert response.headers["Cache-Control"] == "private, no-store"
    pdf = response.get_data()
    assert _pages(pdf) == 1
    text = _text(pdf)
    assert "SERTIFIKAT KOMPETENSI" in text and f"Nomor: {certificate.number}" in text
    assert participant.full_name in text
    assert participant.nik not in text and "17 Agustus 1995" not in text
    assert "DINAS TENAGA KERJA KAB. PASURUAN" in text
    assert "Menjahit Pakaian" in text and "1 Maret 2026 s.d. 30 Maret 2026" in text
    assert "Balai Desa Bulukandang, Bulukandang, Prigen, Kab. Pasuruan" in text
    assert "KOMPETEN" in text and "C.141100.001.01" in text
    assert "Menjahit bagian pakaian nomor 3" in text
    assert "Pindai untuk memeriksa keaslian" in text and certificate.code in text
    assert f"Pasuruan, {certificate.issued_on.day}" in text
    assert "Kepala Dinas Tenaga Kerja" in text and "DICABUT" not in text


def test_the_qr_code_in_the_pdf_is_the_verification_url(app, client, office):
    certificate, = office.certify()
    with app.test_request_context():  # the test client's host, as the request below
        url = verification_url(certificate)
        png = qr_png(url)
    assert url == f"http://localhost/verifikasi/{certificate.code}"
    # segno's own reading of the code: the same payload, error correction M
    qr = segno.make(url, error="m", micro=False, boost_error=False)
    assert qr.error == "M"
    client.login(office.staff)
    pdf = client.get(f"/certificates/{certificate.id}.pdf").get_data()
    images = PdfReader(BytesIO(pdf)).pages[0].images
    assert len(images) == 1
    embedded = images[0].image.convert("1")
    expected = Image.open(BytesIO(png)).convert("1")
    assert embedded.size == expected.size and embedded.size[0] >= 400  # crisp at 30 mm
    assert embedded.tobytes() == expected.tobytes()
    # and that image is exactly the code's modules, one square of pixels each
    scale = expected.size[0] // (len(qr.matrix) + 8)
    for row, modules in enumerate(qr.matrix):
        for column, dark in enumerate(modules):
            pixel = expected.getpixel(((column + 4) * scale + scale // 2,
                                       (row + 4) * scale + scale // 2))
            assert (pixel == 0) == bool(dark)


def test_the_public_base_url_wins_when_set(app, office):
    certificate, = office.certify()
    app.config["PUBLIC_BASE_URL"] = "https://mtu.pasuruankab.go.id/"
    try:
        with app.test_request_context(base_url="http://10.0.0.5"):
            assert verification_url(certificate) == (
                f"https://mtu.pasuruankab.go.id/verifikasi/{certificate.code}")
    finally:
        app.config["PUBLIC_BASE_URL"] = ""


def test_a_prison_is_never_named_only_its_district(client, db):
    office = Office(venue_type=VenueType.PRISON.value)
    certificate, = office.certify()
    client.login(office.staff)
    text = _text(client.get(f"/certificates/{certificate.id}.pdf").get_data())
    assert "1 Maret 2026 s.d. 30 Maret 2026 di Kab. Pasuruan" in text
    assert "Lapas" not in text and "Bulukandang" not in text and "Prigen" not in text


def test_an_lsp_certificate_names_the_lsp_and_its_licence(client, office):
    certificate, = office.certify(kind=IssuerKind.LSP, name="LSP Garmen Jawa Timur",
                                  lsp_licence="BNSP-LSP-1234-ID", signatory_nip="",
                                  signatory_name="Dra. Sri Wahyuni",
                                  signatory_title="Ketua LSP Garmen Jawa Timur")
    client.login(office.staff)
    text = _text(client.get(f"/certificates/{certificate.id}.pdf").get_data())
    assert "LSP GARMEN JAWA TIMUR" in text and "Lisensi BNSP BNSP-LSP-1234-ID" in text
    assert "Dra. Sri Wahyuni" in text and "NIP" not in text


def test_the_signatory_nip_is_printed_when_known(app, client, office):
    app.config["CERTIFICATE_SIGNATORY_NIP"] = "197001011995031001"
    try:
        certificate, = office.certify()
    finally:
        app.config["CERTIFICATE_SIGNATORY_NIP"] = ""
    client.login(office.staff)
    assert "NIP 197001011995031001" in _text(
        client.get(f"/certificates/{certificate.id}.pdf").get_data())


def test_many_units_go_to_a_second_page(client, db):
    office = Office(units=9)
    certificate, = office.certify()
    client.login(office.staff)
    pdf = client.get(f"/certificates/{certificate.id}.pdf").get_data()
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 2
    front, back = (page.extract_text() for page in reader.pages)
    assert "9 unit kompetensi" in front and "C.141100.009.01" not in front
    assert "DAFTAR UNIT KOMPETENSI" in back and "C.141100.009.01" in back
    assert certificate.number in back


def test_a_revoked_certificate_prints_dicabut(client, office):
    certificate, = office.certify()
    services.revoke(certificate, "Data peserta keliru", office.staff)
    _db.session.commit()
    client.login(office.staff)
    text = _text(client.get(f"/certificates/{certificate.id}.pdf").get_data())
    assert "DICABUT" in text and "tidak berlaku" in text


def test_the_batch_pdf_prints_every_valid_certificate_one_per_page(client, office):
    certificates = office.certify(count=3)
    services.revoke(certificates[1], "Data peserta keliru", office.staff)
    _db.session.commit()
    client.login(office.staff)
    response = client.get(f"/certificates/batches/{office.batch.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "inline; filename=sertifikat-menjahit-pakaian-gel1-2026.pdf")
    pdf = response.get_data()
    assert _pages(pdf) == 2
    reader = PdfReader(BytesIO(pdf))
    for page, certificate in zip(reader.pages, [certificates[0], certificates[2]], strict=True):
        text = page.extract_text()
        assert certificate.enrolment.participant.full_name in text
        assert certificate.number in text
        assert certificate.enrolment.participant.nik not in text
        assert len(page.images) == 1
    assert certificates[1].enrolment.participant.full_name not in _text(pdf)
    assert "DICABUT" not in _text(pdf)


def test_a_batch_without_certificates_has_no_pdf(client, office):
    office.batch.status = "done"
    _db.session.commit()
    client.login(office.staff)
    assert client.get(f"/certificates/batches/{office.batch.id}.pdf").status_code == 404


def test_staff_of_another_district_get_404_and_others_403(app, client, office, login_as):
    certificate, = office.certify()
    login_as("staff")
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 404
    assert client.get(f"/certificates/batches/{office.batch.id}.pdf").status_code == 404
    assert client.get("/certificates/999999.pdf").status_code == 404
    for role in ("trainer", "village", "company", "agency"):
        other = app.test_client()
        other.login(user_with_role(role))
        assert other.get(f"/certificates/{certificate.id}.pdf").status_code == 403
        assert other.get(f"/certificates/batches/{office.batch.id}.pdf").status_code == 403


def test_an_admin_may_print_any(client, office, login_as):
    certificate, = office.certify()
    login_as("admin")
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 200
    assert client.get(f"/certificates/batches/{office.batch.id}.pdf").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, office):
    certificate, = office.certify()
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code in (302, 401)


def test_pdfs_of_a_batch_that_has_not_finished_are_refused_with_the_reason(client, office):
    """Certificates issued early (before this rule) print neither alone nor with the batch."""
    certificate, = office.certify()
    office.batch.status = "running"
    _db.session.commit()
    client.login(office.staff)
    for url in (f"/certificates/{certificate.id}.pdf",
                f"/certificates/batches/{office.batch.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 409, url
        assert response.mimetype == "text/html"
        assert "Paket belum ditandai selesai" in response.get_data(as_text=True)

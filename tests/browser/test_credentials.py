"""The holder downloads the signed credential from the QR page; anyone pastes it on the check
page and reads "sah"; staff revoke the certificate and the same credential reads "dicabut"."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.certificates.models import Certificate
from mtu.credentials import keys
from mtu.extensions import db
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def signing(app, tmp_path, monkeypatch):
    """Signed credentials on with a key made for this test (none from the repository)."""
    path = tmp_path / "credential-keys.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(path))
    keys.generate(path)
    return path


def test_download_paste_sah_then_revoke_and_dicabut(new_page, live_server, demo, signing,
                                                    console_errors, artifacts, tmp_path):
    certificate = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_(None))
                                    .order_by(Certificate.id))
    holder = new_page(PHONE, accept_downloads=True)
    holder.goto(f"{live_server}/verifikasi/{certificate.code}")
    expect(holder.get_by_text("Sertifikat sah")).to_be_visible()
    assert scroll_width(holder) <= PHONE["width"]
    holder.screenshot(path=artifacts / "verification-credential-360.png", full_page=True)
    with holder.expect_download() as arrival:
        holder.get_by_role("link", name="Unduh kredensial digital").click()
    download = arrival.value
    assert download.suggested_filename.startswith("kredensial-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    credential = saved.read_text()
    assert credential.startswith("eyJ") and credential.count(".") == 2

    employer = new_page(PHONE)
    employer.goto(f"{live_server}/verifikasi/kredensial")
    employer.get_by_label("Isi kredensial").fill(credential)
    employer.get_by_role("button", name="Periksa").click()
    verdict = employer.locator("#hasil")
    expect(verdict.get_by_text("Kredensial sah", exact=True)).to_be_visible()
    expect(verdict).to_contain_text(certificate.enrolment.participant.full_name)
    assert scroll_width(employer) <= PHONE["width"]
    employer.screenshot(path=artifacts / "credential-sah-360.png", full_page=True)

    staff = new_page()
    sign_in_as(staff, live_server, "staf@demo.example")
    staff.goto(f"{live_server}/certificates/batches/{certificate.enrolment.batch_id}")
    row = staff.locator("li.row", has_text=certificate.number)
    row.locator("summary", has_text="Cabut").click()
    row.get_by_label("Alasan pencabutan").fill("Data peserta keliru")
    row.get_by_role("button", name="Cabut sertifikat").click()
    expect(staff.locator("#messages")).to_contain_text("dicabut")

    employer.goto(f"{live_server}/verifikasi/kredensial")
    employer.get_by_label("atau unggah berkas .jwt").set_input_files(saved)
    employer.get_by_role("button", name="Periksa").click()
    expect(employer.locator("#hasil").get_by_text("Kredensial dicabut", exact=True)) \
        .to_be_visible()
    expect(employer.get_by_text("Kredensial sah", exact=True)).to_have_count(0)
    employer.screenshot(path=artifacts / "credential-dicabut-360.png", full_page=True)

    holder.goto(f"{live_server}/verifikasi/{certificate.code}")
    expect(holder.get_by_text("Sertifikat dicabut")).to_be_visible()
    expect(holder.get_by_role("link", name="Unduh kredensial digital")).to_have_count(0)
    assert console_errors == []

"""Reports in the browser: staff filter, take an XLSX (the button says the file is being
prepared until it starts) and the log shows who took it."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser


def test_staff_download_an_xlsx_of_their_participants(page, live_server, demo, console_errors,
                                                      artifacts):
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", name="Laporan & unduhan")).to_be_visible()
    page.get_by_label("Jenis tempat").select_option(label="Balai desa")
    expect(page).to_have_url(re.compile(r"venue=village_hall"))
    button = page.get_by_role("button", name="Peserta XLSX")
    with page.expect_download() as download_info:
        button.click()
        expect(page.get_by_role("button", name="Menyiapkan berkas…")).to_be_disabled()
    download = download_info.value
    assert download.suggested_filename.startswith("participants-")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIK", "Nama") and len(rows) > 16
    assert all(len(row[0]) == 16 for row in rows[1:])  # the office's own people: whole NIKs
    expect(button).to_be_enabled()  # the file started: the button is back
    page.get_by_label("Sumber dana").select_option(value="apbd")
    expect(page).to_have_url(re.compile(r"funding=apbd"))
    assert "token=" not in page.url  # the download's token went with the download only
    page.screenshot(path=artifacts / "reports-page.png", full_page=True)
    page.get_by_role("link", name="Riwayat unduhan").click()
    expect(page.locator("tbody tr").first).to_contain_text("Peserta (XLSX)")
    expect(page.locator("tbody tr").first).to_contain_text("Balai desa")
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_village_operator_reports_page_fits_a_phone(page, live_server, demo, console_errors,
                                                    artifacts):
    sign_in_as(page, live_server, "desa@demo.example")
    page.get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", name="Laporan & unduhan")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "reports-village-360.png", full_page=True)
    assert console_errors == []


def test_staff_download_the_completion_report_of_a_finished_batch(page, live_server, demo,
                                                                  console_errors):
    from pypdf import PdfReader

    sign_in_as(page, live_server, "malang@demo.example")
    page.goto(live_server + "/batches/?status=done")
    page.get_by_role("link", name="Sulam", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Laporan pelaksanaan (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("laporan-pelaksanaan-sulam-")
    text = "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "LAPORAN PELAKSANAAN PELATIHAN" in text and "C. Fasilitas yang diserahkan" in text
    assert console_errors == []

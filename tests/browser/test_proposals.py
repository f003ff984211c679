"""A village proposes training on a phone; the office verifies or rejects it, with or without JS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

VILLAGE = "desa@demo.example"
STAFF = "staf@demo.example"
STAFF_NAME = "Muhammad Farid (UPT LKD)"
PHONE_ERROR = "Nomor telepon tidak valid (contoh: 0812-3456-7890 atau +62 812 3456 7890)."
REASON = ("Banyak pemuda lulusan SMA belum bekerja; dua barbershop di desa siap menerima "
          "lulusan magang.")
PROPOSAL_URL = re.compile(r"/proposals/\d+$")
# A form answered 422 on purpose (htmx swaps it; a plain post shows it): Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"


def unexpected(console_errors):
    return [error for error in console_errors
            if not error.startswith(EXPECTED_422)]


def open_proposals(page):
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Usulan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Usulan pelatihan")


def status_badge(page):
    return page.locator("#workflow h2 .badge")


def timeline(page):
    return page.locator("#workflow ol.timeline > li")


def open_demo_membatik(page):
    """Staff narrow the list to "Diusulkan" and open Bulukandang's batik proposal."""
    open_proposals(page)
    page.get_by_label("Status").select_option(label="Diusulkan")
    rows = page.locator("#results li.row")
    expect(page).to_have_url(re.compile(r"[?&]status=proposed"))
    expect(rows).to_have_count(2)
    for badge in rows.locator(".badge").all():
        expect(badge).to_have_text("Diusulkan")
    row = rows.filter(has_text="Membatik")
    expect(row).to_contain_text("Bulukandang")
    row.get_by_role("link", name="Membatik").click()
    expect(page).to_have_url(PROPOSAL_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Membatik")
    expect(status_badge(page)).to_have_text("Diusulkan")


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_village_proposes_on_a_phone_and_sees_staff_verify_it(page, new_page, live_server, demo,
                                                              console_errors, artifacts):
    # The village operator, on a phone, fills in the proposal form.
    sign_in_as(page, live_server, VILLAGE)
    open_proposals(page)
    page.get_by_role("link", name="Ajukan usulan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajukan usulan pelatihan")
    page.get_by_label("Kejuruan yang diusulkan").select_option(label="Pangkas Rambut")
    page.get_by_label("Perkiraan jumlah calon peserta").fill("18")
    page.get_by_label("Tempat yang diinginkan").select_option(label="Balai desa")
    page.get_by_label("Nama tempat").fill("Balai Desa Bulukandang")
    page.get_by_label("Alasan dan kebutuhan warga").fill(REASON)
    page.get_by_label("Narahubung", exact=True).fill("Siti Rohmah")
    page.get_by_label("Telepon narahubung").fill("12345")
    page.get_by_role("button", name="Kirim usulan").click()

    # A wrong phone number: explained in Indonesian, and nothing typed is lost.
    phone = page.get_by_label("Telepon narahubung")
    expect(page.locator(".field.invalid .error")).to_have_text([PHONE_ERROR])
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_value("12345")
    expect(page.get_by_label("Alasan dan kebutuhan warga")).to_have_value(REASON)
    expect(page.get_by_label("Kejuruan yang diusulkan").locator("option:checked")).to_have_text(
        "Pangkas Rambut")
    expect(page.get_by_label("Perkiraan jumlah calon peserta")).to_have_value("18")
    expect(page.get_by_label("Narahubung", exact=True)).to_have_value("Siti Rohmah")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "proposal-form-error-360.png", full_page=True)

    phone.fill("0812-3456-7890")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page).to_have_url(PROPOSAL_URL)
    proposal_url = page.url
    expect(page.locator("#messages")).to_have_text(
        re.compile(r"^\s*Usulan USL-\d{4}-\d{5} terkirim\.\s*$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pangkas Rambut")
    expect(status_badge(page)).to_have_text("Diusulkan")
    expect(page.locator("dl.facts")).to_contain_text("18 orang")
    expect(page.locator("dl.facts")).to_contain_text(REASON)
    expect(page.locator("dl.facts")).to_contain_text("0812-3456-7890")  # stored normalised
    expect(page.get_by_role("button", name="Verifikasi")).to_have_count(0)  # office only

    # Staff, at their desk, find it in the list and verify it: htmx swaps the status in place.
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    open_proposals(staff)
    row = staff.locator("#results li.row").filter(has_text="Pangkas Rambut")
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text("Diusulkan")
    row.get_by_role("link", name="Pangkas Rambut").click()
    expect(staff).to_have_url(proposal_url)
    expect(status_badge(staff)).to_have_text("Diusulkan")
    expect(timeline(staff)).to_have_count(1)

    staff.evaluate("window.__marker = 1")
    staff.get_by_label("Catatan").fill("Sudah dicek ke desa, peminat cukup.")
    staff.get_by_role("button", name="Verifikasi").click()
    expect(status_badge(staff)).to_have_text("Diverifikasi")
    expect(timeline(staff)).to_have_count(2)
    expect(timeline(staff).last).to_contain_text("Diverifikasi")
    expect(timeline(staff).last).to_contain_text(STAFF_NAME)
    expect(timeline(staff).last).to_contain_text("Sudah dicek ke desa, peminat cukup.")
    expect(staff.get_by_role("button", name="Verifikasi")).to_have_count(0)
    expect(staff.locator("#workflow summary", has_text="Tolak")).to_be_visible()  # still possible
    # The next step at once, with a message: no reload needed.
    expect(staff.locator("#workflow [role=status]")).to_have_text(
        "Usulan diverifikasi. Langkah berikutnya: rencanakan paket pelatihannya.")
    expect(staff.get_by_role("link", name="Rencanakan paket dari usulan ini")).to_be_visible()
    assert staff.evaluate("window.__marker") == 1, "the page reloaded"
    staff.screenshot(path=artifacts / "proposal-detail-staff-1280.png", full_page=True)

    # The village operator reloads and sees the decision and the note.
    page.reload()
    expect(status_badge(page)).to_have_text("Diverifikasi")
    expect(timeline(page).last).to_contain_text("Sudah dicek ke desa, peminat cukup.")
    expect(page.get_by_role("link", name="Ubah")).to_have_count(0)  # decided: no more edits
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "proposal-detail-verified-360.png", full_page=True)
    assert unexpected(console_errors) == []  # the invalid submission answered 422


def test_staff_must_give_a_reason_to_reject(new_page, live_server, demo, console_errors):
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    open_demo_membatik(staff)
    staff.evaluate("window.__marker = 1")

    # "Tolak" is a danger-styled disclosure: it asks for the reason before anything happens.
    reject = staff.locator("#workflow summary", has_text="Tolak")
    expect(reject).to_have_css("color", "rgb(179, 38, 30)")
    reject.click()
    staff.get_by_role("button", name="Ya, tolak usulan").click()
    expect(staff.locator("#workflow .error")).to_have_text("Tuliskan alasan penolakan.")
    expect(staff.get_by_label("Alasan penolakan")).to_have_attribute("aria-invalid", "true")
    expect(status_badge(staff)).to_have_text("Diusulkan")
    expect(timeline(staff)).to_have_count(1)

    staff.get_by_label("Alasan penolakan").fill("Kuota kejuruan membatik tahun ini sudah penuh.")
    staff.get_by_role("button", name="Ya, tolak usulan").click()
    expect(status_badge(staff)).to_have_text("Ditolak")
    expect(staff.locator("#workflow [role=status]")).to_contain_text("Usulan ditolak.")
    expect(timeline(staff).last).to_contain_text("Kuota kejuruan membatik tahun ini sudah penuh.")
    expect(staff.locator("#workflow form")).to_have_count(0)  # nothing left to decide
    assert staff.evaluate("window.__marker") == 1, "the page reloaded"
    assert unexpected(console_errors) == []


def test_staff_verify_without_javascript(new_page, live_server, demo, console_errors):
    staff = new_page(java_script_enabled=False)
    sign_in_as(staff, live_server, STAFF)
    open_proposals(staff)
    staff.get_by_label("Status").select_option(label="Diusulkan")
    staff.get_by_role("button", name="Cari").click()  # no htmx: the plain GET form
    expect(staff).to_have_url(re.compile(r"[?&]status=proposed"))
    staff.locator("#results li.row").filter(has_text="Membatik").get_by_role(
        "link", name="Membatik").click()
    expect(staff).to_have_url(PROPOSAL_URL)
    proposal_url = staff.url

    staff.get_by_label("Catatan").fill("Diverifikasi tanpa JavaScript.")
    staff.get_by_role("button", name="Verifikasi").click()
    expect(staff).to_have_url(proposal_url)  # the plain post redirects back to the page
    expect(status_badge(staff)).to_have_text("Diverifikasi")
    expect(timeline(staff).last).to_contain_text("Diverifikasi tanpa JavaScript.")
    assert console_errors == []

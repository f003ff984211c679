"""A job fair on a phone: staff record the fair with its company and visitors, then register a
certified graduate with the company, record that they were taken on, and record the
placement that came from the fair."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

FAIR_URL = re.compile(r"/job-fairs/\d+$")


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_record_a_fair_and_a_registration(page, live_server, demo, console_errors,
                                                artifacts):
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.get_by_role("link", name="Bursa kerja", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bursa kerja")
    page.get_by_role("link", name="Tambah bursa kerja").click()
    page.get_by_label("Tanggal", exact=True).fill("2026-11-20")
    page.get_by_label("Tempat", exact=True).fill("Pendopo Kabupaten")
    page.get_by_label("Jumlah pengunjung").fill("148")
    page.get_by_label("CV Bhara Utama").check()
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Tambah bursa kerja").click()
    expect(page).to_have_url(FAIR_URL)
    expect(page.get_by_text("Bursa kerja Pendopo Kabupaten ditambahkan.")).to_be_visible()
    page.get_by_role("link", name="Catat pendaftaran").click()
    search = page.get_by_label("Cari nama lulusan")
    search.fill("a")
    expect(page).to_have_url(re.compile(r"registrations/new\?q=a$"))
    graduate = page.get_by_label("Lulusan", exact=True)
    expect(graduate.locator("option")).not_to_have_count(1)
    name = graduate.locator("option").nth(1).inner_text()
    graduate.select_option(label=name)
    page.get_by_label("Perusahaan", exact=True).select_option(label="CV Bhara Utama")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "job-fair-register-360.png", full_page=True)
    page.get_by_role("button", name="Simpan pendaftaran").click()
    expect(page).to_have_url(FAIR_URL)
    expect(page.get_by_text("Pendaftaran dicatat.")).to_be_visible()
    row = page.locator("li.row", has_text=name)
    expect(row).to_contain_text("CV Bhara Utama")
    row.get_by_role("button", name="Diterima", exact=True).click()
    expect(page.get_by_text("Hasil pendaftaran disimpan.")).to_be_visible()
    expect(page.locator("li.row", has_text=name).locator(".badge")).to_have_text("Diterima")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "job-fair-detail-360.png", full_page=True)
    # The accepted registration leads to recording the placement, which names the fair.
    page.locator("li.row", has_text=name).get_by_role("link", name="Catat penempatan").click()
    expect(page.get_by_label("Dari bursa kerja")).to_have_value(re.compile(r"^[1-9]"))
    page.get_by_label("Posisi / jabatan").fill("Operator jahit")
    page.get_by_label("Mulai").fill("2026-12-01")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Simpan penempatan").click()
    expect(page.get_by_text(f"Penempatan {name} dicatat.")).to_be_visible()
    page.get_by_role("link", name="Pendopo Kabupaten").click()
    expect(page.locator("#fair-placed")).to_have_text("1")
    expect(page.locator("#placements li.row")).to_contain_text(name)
    page.screenshot(path=artifacts / "job-fair-placements-360.png", full_page=True)
    assert console_errors == []

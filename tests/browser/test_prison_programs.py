"""Prison partnership programmes on a phone: staff register a prison, then start a programme
with four partner agencies (one row added with "Tambah baris"); the agency user sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

PROGRAMME_URL = re.compile(r"/programmes/\d+$")
AGENCY_URL = re.compile(r"/programmes/agencies/\d+$")
DISPERINDAG = "Dinas Perindustrian dan Perdagangan Kab. Malang"


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_create_an_agency_and_a_programme_with_four_partners(page, live_server, demo,
                                                                   console_errors, artifacts):
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.get_by_role("link", name="Instansi mitra", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instansi mitra")
    page.get_by_role("link", name="Tambah instansi").click()
    page.get_by_label("Nama instansi").fill("Lapas Kelas IIB Pasuruan")
    page.get_by_label("Jenis").select_option(label="Lembaga pemasyarakatan")
    page.get_by_label("Alamat").fill("Jl. Hayam Wuruk 2, Pasuruan")
    page.get_by_label("Nama kontak").fill("Ibu Kasi Giatja")
    page.get_by_label("Telepon kontak").fill("0812-3456-7001")
    page.get_by_role("button", name="Tambah instansi").click()
    expect(page).to_have_url(AGENCY_URL)
    expect(page.get_by_text("Instansi Lapas Kelas IIB Pasuruan ditambahkan.")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "prison-agency-360.png", full_page=True)

    page.locator("details.more summary").click()
    page.get_by_role("link", name="Program lapas", exact=True).click()
    page.get_by_role("link", name="Buat program").click()
    page.get_by_label("Nama program").fill("Pelatihan Menjahit Warga Binaan Pasuruan")
    page.get_by_label("Lapas", exact=True).select_option(label="Lapas Kelas IIB Pasuruan")
    page.get_by_label("Dasar hukum").fill("Instruksi Bupati Pasuruan No. 7 Tahun 2026")
    page.get_by_label("Tujuan").fill("Warga binaan mandiri secara ekonomi setelah bebas.")
    rows = [(DISPERINDAG, "Pengembangan usaha"), ("Dinas Koperasi dan UMKM Kab. Malang",
                                                 "Permodalan"),
            ("BPJS Ketenagakerjaan Cabang Malang", "Jaminan sosial"),
            ("Lapas Kelas IIB Pasuruan", "Pelatihan")]
    for index, (agency, role) in enumerate(rows):
        page.locator(f"#partners-{index}-agency_id").select_option(label=agency)
        page.locator(f"#partners-{index}-role").select_option(label=role)
    page.get_by_role("button", name="Tambah baris").click()
    expect(page.locator("#partners-4-agency_id")).to_be_visible()
    expect(page.get_by_label("Nama program")).to_have_value(
        "Pelatihan Menjahit Warga Binaan Pasuruan")
    page.locator("#partners-4-agency_id").select_option(label=DISPERINDAG)
    page.locator("#partners-4-role").select_option(label="Pemasaran")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "prison-programme-form-360.png", full_page=True)
    page.get_by_role("button", name="Buat program").click()
    expect(page).to_have_url(PROGRAMME_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pelatihan Menjahit Warga Binaan Pasuruan")
    partners = page.locator("#partners li")
    expect(partners).to_have_count(4)
    expect(partners.filter(has_text=DISPERINDAG)).to_contain_text(
        "Pengembangan usaha, Pemasaran")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "prison-programme-360.png", full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_demo_agency_sees_its_programmes_at_home(page, live_server, demo, console_errors,
                                                     artifacts):
    sign_in_as(page, live_server, "dinas@demo.example")
    expect(page.get_by_role("heading", name="Program kemitraan lapas")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "agency-home-360.png", full_page=True)
    assert console_errors == []

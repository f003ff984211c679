"""Partner companies on a phone: staff find a company, record an agreement and make its HR
account; the company user signs in to the portal."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

COMPANY_URL = re.compile(r"/companies/\d+$")


def _finished_sewing_batch() -> int:
    """The demo's finished Menjahit Pakaian batch (16 graduates)."""
    from sqlalchemy import select

    from mtu.batches.models import Batch
    from mtu.courses.models import Course
    from mtu.extensions import db

    return db.session.scalar(select(Batch.id).join(Batch.course).where(
        Batch.status == "done", Course.name == "Menjahit Pakaian"))


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_find_a_company_and_record_an_agreement(page, live_server, demo, console_errors,
                                                      artifacts):
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.get_by_role("link", name="Perusahaan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perusahaan mitra")
    page.get_by_label("Cari nama perusahaan").fill("bhara")
    expect(page.locator("#results li.row")).to_have_count(1)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "companies-list-360.png", full_page=True)
    page.get_by_role("link", name="CV Bhara Utama").click()
    expect(page).to_have_url(COMPANY_URL)
    page.get_by_text("Catat perjanjian").click()
    page.get_by_label("Nomor perjanjian").fill("560/77/426.110/2026")
    page.get_by_label("Mulai berlaku").fill("2026-01-05")
    page.get_by_label("Ruang lingkup").fill("Pelatihan dan penempatan lulusan")
    page.get_by_role("button", name="Simpan perjanjian").click()
    expect(page.get_by_text("Perjanjian kerja sama dicatat.")).to_be_visible()
    expect(page.get_by_text("560/77/426.110/2026")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "company-detail-360.png", full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_a_company_finds_a_consenting_graduate_and_marks_interest(page, live_server, demo,
                                                                  console_errors, artifacts):
    sign_in_as(page, live_server, "mitra@demo.example")
    page.screenshot(path=artifacts / "company-home-360.png", full_page=True)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Lulusan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lulusan pelatihan")
    page.get_by_label("Kejuruan").select_option(label="Menjahit Pakaian")
    rows = page.locator("#results li.row")
    expect(rows.first).to_contain_text("Menjahit Pakaian")
    name = rows.first.locator("strong").inner_text()
    page.get_by_label("Cari nama").fill(name)
    expect(rows).to_have_count(1)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "portal-graduates-360.png", full_page=True)
    rows.first.get_by_text("Tandai minat").click()
    rows.first.get_by_label("Catatan untuk Disnaker").fill("Operator jahit, mulai Januari")
    rows.first.get_by_role("button", name="Simpan minat").click()
    expect(page.locator("#results li.row").first).to_contain_text("Diminati")
    expect(page.get_by_text("Minat pada")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "portal-interest-360.png", full_page=True)
    assert console_errors == []


def test_interest_then_placement_shows_on_the_batch_page(new_page, live_server, demo,
                                                         console_errors, artifacts):
    """A company user finds a consenting graduate and marks interest; staff record the
    placement; the batch page then shows 1 of 16 placed."""
    company = new_page(PHONE)
    sign_in_as(company, live_server, "mitra@demo.example")
    company.goto(live_server + "/portal/graduates")
    company.get_by_label("Kejuruan").select_option(label="Menjahit Pakaian")
    rows = company.locator("#results li.row")
    expect(rows.first).to_contain_text("Menjahit Pakaian")
    name = rows.first.locator("strong").inner_text()
    rows.first.get_by_text("Tandai minat").click()
    rows.first.get_by_label("Catatan untuk Disnaker").fill("Operator jahit")
    rows.first.get_by_role("button", name="Simpan minat").click()
    expect(rows.first).to_contain_text("Diminati")

    staff = new_page(PHONE)
    sign_in_as(staff, live_server, "staf@demo.example")
    staff.goto(live_server + "/portal/interests")
    expect(staff.locator("#results")).to_contain_text(name)
    batch_url = live_server + f"/batches/{_finished_sewing_batch()}"
    staff.goto(batch_url)
    expect(staff.locator("#absorption")).to_have_text(re.compile(r"^0 dari 16 ditempatkan"))
    staff.locator("#absorption a").click()
    row = staff.locator("li.row", has_text=name)
    row.get_by_role("link", name="Catat penempatan").click()
    staff.get_by_label("Status").select_option(label="Bekerja")
    staff.get_by_label("Perusahaan").select_option(label="CV Bhara Utama")
    staff.get_by_label("Posisi / jabatan").fill("Operator jahit")
    staff.get_by_label("Mulai").fill("2026-11-02")
    assert scroll_width(staff) <= PHONE["width"]
    staff.screenshot(path=artifacts / "placement-form-360.png", full_page=True)
    staff.get_by_role("button", name="Simpan penempatan").click()
    expect(staff.get_by_text(f"Penempatan {name} dicatat.")).to_be_visible()
    staff.screenshot(path=artifacts / "placement-detail-360.png", full_page=True)
    staff.goto(batch_url)
    expect(staff.locator("#absorption")).to_have_text(re.compile(r"^1 dari 16 ditempatkan"))
    assert scroll_width(staff) <= PHONE["width"]
    staff.screenshot(path=artifacts / "batch-absorption-360.png", full_page=True)
    assert console_errors == []

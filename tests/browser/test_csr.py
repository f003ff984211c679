"""CSR on a phone: staff record a company's contribution for the batch it funds (htmx, no
reload); the batch page lists it; the company sees it read-only in its portal."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, scroll_width, sign_in_as
from tests.browser.test_companies import _finished_sewing_batch

pytestmark = pytest.mark.browser
# The form answered 422 on purpose (htmx swaps it in): Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"


def _company_id(name: str) -> int:
    from sqlalchemy import select

    from mtu.companies.models import Company
    from mtu.extensions import db

    return db.session.scalar(select(Company.id).where(Company.name == name))


def test_staff_record_a_contribution_and_the_company_sees_it(new_page, live_server, demo,
                                                             console_errors, artifacts):
    batch_id = _finished_sewing_batch()
    staff = new_page(PHONE)
    sign_in_as(staff, live_server, "staf@demo.example")
    staff.goto(live_server + f"/companies/{_company_id('CV Bhara Utama')}")
    staff.get_by_text("Catat kontribusi").click()
    staff.get_by_label("Bentuk").select_option(label="Barang")
    staff.get_by_label("Tanggal diberikan").fill("2026-03-02")
    staff.get_by_role("button", name="Simpan kontribusi").click()
    section = staff.locator("#contributions")
    expect(section.get_by_text("Sebutkan barang atau jasa yang diberikan.").first).to_be_visible()
    staff.get_by_label("Uraian").fill("10 mesin jahit portable")
    staff.get_by_label("Jumlah / perkiraan nilai (Rp)").fill("25.000.000")
    staff.get_by_label("Untuk paket pelatihan").select_option(value=str(batch_id))
    assert scroll_width(staff) <= PHONE["width"]
    staff.screenshot(path=artifacts / "csr-form-360.png", full_page=True)
    staff.get_by_role("button", name="Simpan kontribusi").click()
    expect(section.get_by_text("Kontribusi CSR dicatat.")).to_be_visible()
    expect(section.locator("li.row", has_text="Rp25.000.000")).to_contain_text(
        "10 mesin jahit portable")
    assert scroll_width(staff) <= PHONE["width"]
    staff.screenshot(path=artifacts / "csr-company-360.png", full_page=True)
    section.locator("li.row", has_text="Rp25.000.000").get_by_role("link").first.click()
    expect(staff.locator("#funding")).to_contain_text(re.compile(r"CV Bhara Utama.*Barang"))
    staff.screenshot(path=artifacts / "csr-batch-360.png", full_page=True)

    company = new_page(PHONE)
    sign_in_as(company, live_server, "mitra@demo.example")
    company.get_by_role("link", name="Pelatihan & CSR").click()
    expect(company.get_by_role("heading", level=1)).to_have_text(
        "Pelatihan di perusahaan dan CSR")
    company.locator(f'#results a[href="/portal/batches/{batch_id}"]').click()
    expect(company.locator("#contributions")).to_contain_text("Rp25.000.000")
    assert scroll_width(company) <= PHONE["width"]
    company.screenshot(path=artifacts / "portal-batch-360.png", full_page=True)
    assert [error for error in console_errors if not error.startswith(EXPECTED_422)] == []

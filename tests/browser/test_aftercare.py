"""A follow-up after release on a phone: staff open the inmate from the follow-up list and
record how she lives now, with the agency that helped and how to reach her."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mtu.clock import local_today
from mtu.regions.services import find_by_code
from tests.aftercare.conftest import make_inmate
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_record_a_follow_up_after_release(page, live_server, demo, db, console_errors,
                                                artifacts):
    today = local_today()
    make_inmate(find_by_code("35.14"), name="Sulastri Binaan",
                expected_release_on=today - timedelta(days=120))
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.get_by_role("link", name="Tindak lanjut WBP").click()
    page.get_by_role("link", name="Terlambat").click()
    expect(page.locator("li.row", has_text="Sulastri Binaan")).to_contain_text(
        "belum ada tindak lanjut setelah bebas")
    page.get_by_role("link", name="Sulastri Binaan").click()
    expect(page).to_have_url(re.compile(r"/aftercare/participants/\d+$"))
    page.get_by_label("Jenis tindak lanjut").select_option(label="Setelah bebas")
    page.get_by_label("Tanggal", exact=True).fill((today - timedelta(days=2)).isoformat())
    page.get_by_label("Instansi").select_option(
        label="Dinas Koperasi dan UMKM Kab. Malang")
    page.get_by_label("Catatan").fill("Membuka jasa sulam di rumah.")
    page.get_by_label("Tanggal bebas").fill((today - timedelta(days=110)).isoformat())
    page.get_by_label("Keadaan setelah bebas").select_option(label="Usaha berjalan")
    page.get_by_label("Kontak setelah bebas").fill("0812-3456-7001")
    page.get_by_label("Tindak lanjut berikutnya").fill((today + timedelta(days=90)).isoformat())
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "aftercare-form-360.png", full_page=True)
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.get_by_text("Tindak lanjut Sulastri Binaan dicatat.")).to_be_visible()
    row = page.locator("li.row", has_text="Setelah bebas")
    expect(row).to_contain_text("Usaha berjalan")
    expect(row).to_contain_text("0812-3456-7001")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "aftercare-person-360.png", full_page=True)
    page.goto(live_server + "/aftercare/?overdue=1")
    expect(page.get_by_text("Tidak ada yang terlambat.")).to_be_visible()
    assert console_errors == []

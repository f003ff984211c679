"""The dashboard on a phone: staff open it from the Data menu, change the year (htmx swaps the
figures and the address follows), and read the charts; without JavaScript the form still works."""

import re

import pytest
from playwright.sync_api import expect

from mtu.clock import local_today
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_change_the_year_and_see_the_charts(page, live_server, demo, console_errors,
                                                  artifacts, new_page):
    this_year = local_today().year
    sign_in_as(page, live_server, "staf@demo.example")
    page.locator("details.more summary").click()
    page.locator("details.more").get_by_role("link", name="Dasbor").click()
    expect(page.locator("#figures > h2")).to_have_text(f"Kab. Pasuruan · {this_year}")
    page.get_by_label("Tahun").select_option(str(this_year - 1))
    expect(page.locator("#figures > h2")).to_have_text(f"Kab. Pasuruan · {this_year - 1}")
    expect(page).to_have_url(re.compile(rf"year={this_year - 1}"))
    page.get_by_label("Tahun").select_option(str(this_year))
    expect(page.locator("#figures > h2")).to_have_text(f"Kab. Pasuruan · {this_year}")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(4)
    expect(page.get_by_role("img", name=re.compile("Peserta per kejuruan: Menjahit Pakaian"))
           ).to_be_visible()
    page.get_by_label("Kecamatan", exact=True).select_option(label="Lumbang")
    expect(page.locator("#figures > h2")).to_have_text(f"Lumbang, Kab. Pasuruan · {this_year}")
    page.get_by_label("Kecamatan", exact=True).select_option(label="Semua")
    expect(page.locator("#figures > h2")).to_have_text(f"Kab. Pasuruan · {this_year}")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "dashboard-360.png", full_page=True)
    assert console_errors == []

    plain = new_page(PHONE, java_script_enabled=False)
    sign_in_as(plain, live_server, "staf@demo.example")
    plain.goto(live_server + "/dashboard/")
    plain.get_by_label("Tahun").select_option(str(this_year - 1))
    plain.get_by_role("button", name="Tampilkan").click()
    expect(plain.locator("#figures > h2")).to_have_text(f"Kab. Pasuruan · {this_year - 1}")
    assert console_errors == []

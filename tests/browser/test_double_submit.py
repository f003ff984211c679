"""Two taps on "Kirim usulan" on a slow link create one proposal and land on it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from mtu.extensions import db
from mtu.proposals.models import Proposal
from tests.browser.conftest import PHONE, sign_in_as, throttle

pytestmark = pytest.mark.browser

PROPOSAL_URL = re.compile(r"/proposals/\d+$")
SAVED = re.compile(r"Usulan USL-\d{4}-\d{5} terkirim\.|Data ini sudah tersimpan sebelumnya\.")


def _count():
    db.session.commit()  # a fresh read of what the live server wrote
    return db.session.scalar(select(func.count()).select_from(Proposal))


def _fill(page):
    page.get_by_label("Kejuruan yang diusulkan").select_option(label="Pangkas Rambut")
    page.get_by_label("Perkiraan jumlah calon peserta").fill("18")
    page.get_by_label("Tempat yang diinginkan").select_option(label="Balai desa")
    page.get_by_label("Nama tempat").fill("Balai Desa Bulukandang")
    page.get_by_label("Alasan dan kebutuhan warga").fill("Banyak pemuda belum bekerja.")
    page.get_by_label("Narahubung", exact=True).fill("Siti Rohmah")
    page.get_by_label("Telepon narahubung").fill("0812-3456-7890")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_two_taps_on_kirim_on_a_slow_link_create_one_proposal(new_page, live_server, demo,
                                                              artifacts, javascript):
    page = new_page(PHONE, java_script_enabled=javascript)
    sign_in_as(page, live_server, "desa@demo.example") if javascript else _sign_in_plain(
        page, live_server)
    before = _count()
    page.goto(live_server + "/proposals/new")
    _fill(page)
    throttle(page)
    button = page.get_by_role("button", name="Kirim usulan")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Two taps 150 ms apart, wherever the first one has got to (a button disabled while in
    # flight ignores the second; otherwise the server must).
    page.mouse.click(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    expect(page).to_have_url(PROPOSAL_URL, timeout=15_000)
    expect(page.locator("#messages")).to_contain_text(SAVED, timeout=15_000)
    page.screenshot(path=artifacts / f"proposal-double-submit-{'js' if javascript else 'nojs'}"
                    "-360.png", full_page=True)
    assert _count() == before + 1


def _sign_in_plain(page, live_server):
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill("desa@demo.example")
    page.get_by_label("Kata sandi").fill("demo12345")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(live_server + "/")

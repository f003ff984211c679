"""The trainer's phone on a holiday: 17 August 2026 (the `holidays` package's Hari
Kemerdekaan), with the demo seeded around that day. Home says the day is off, the day page
says why and offers a make-up day, which is then marked like any other."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark
from mtu.batches.models import Batch, BatchStatus
from mtu.extensions import db
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

INDEPENDENCE = date(2026, 8, 17)
TRAINER = "pelatih@demo.example"
STAFF = "staf@demo.example"
REASON = "Hari Kemerdekaan Republik Indonesia"


@pytest.fixture
def on_17_august(today_is, national_holidays):
    """Before the demo is seeded: its dates are relative to this day."""
    today_is(INDEPENDENCE)


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_trainers_phone_on_17_august(on_17_august, demo, page, live_server, console_errors,
                                         artifacts):
    batch = db.session.scalar(select(Batch).where(Batch.status == BatchStatus.RUNNING,
                                                  Batch.venue_name == "Balai Desa Dhompo"))
    sign_in_as(page, live_server, TRAINER)
    expect(page.get_by_text(f"Hari ini libur: {REASON}")).to_be_visible()
    page.screenshot(path=artifacts / "calendar-phone-home-17-august.png", full_page=True)
    page.get_by_role("link", name="Buka hari ini").first.click()
    expect(page).to_have_url(f"{live_server}/attendance/batches/{batch.id}/2026-08-17")
    expect(page.get_by_role("heading", name="Hari libur")).to_be_visible()
    expect(page.get_by_text(f"Tidak ada sesi pelatihan: {REASON}.")).to_be_visible()
    expect(page.get_by_role("button", name="Semua hadir")).to_have_count(0)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "calendar-phone-day-off.png", full_page=True)
    page.get_by_role("link", name="Catat sebagai hari pengganti").click()
    expect(page.get_by_text("Hari pengganti")).to_be_visible()
    page.get_by_role("button", name="Semua hadir").click()
    expect(page.locator("li.unmarked")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("Hari pengganti")).to_be_visible()
    expect(page.get_by_role("link", name="Catat sebagai hari pengganti")).to_have_count(0)
    page.screenshot(path=artifacts / "calendar-phone-make-up-day.png", full_page=True)
    assert db.session.scalar(select(AttendanceMark.id).where(
        AttendanceMark.batch_id == batch.id, AttendanceMark.day == INDEPENDENCE)) is not None
    assert not console_errors


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_see_the_holidays_on_the_calendar_the_schedule_and_the_batch_form(
        on_17_august, demo, page, live_server, console_errors, artifacts):
    sign_in_as(page, live_server, STAFF)
    page.goto(live_server + "/calendar/")
    expect(page.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_text("Hari Jadi Kabupaten Pasuruan")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "calendar-phone-calendar.png", full_page=True)
    page.goto(live_server + "/batches/schedule")
    expect(page.locator("svg .day-off").first).to_be_attached()
    page.screenshot(path=artifacts / "calendar-phone-schedule.png", full_page=True)
    page.goto(live_server + "/batches/new")
    page.get_by_label("Kejuruan").select_option(label="Menjahit Pakaian")
    page.get_by_label("Tanggal mulai").fill("2026-08-03")
    page.get_by_label("Tanggal mulai").dispatch_event("change")  # at once: the counts queue
    expect(page.locator("#session-days")).to_contain_text(
        "30 hari kalender, 24 hari pelatihan, 2 hari libur: 17 Agustus")
    page.locator("#session-days").screenshot(path=artifacts / "calendar-batch-form-days.png")
    assert not console_errors

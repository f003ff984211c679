"""The trainer's day on a phone: from the home page to today's list in one tap, a mark per tap,
"Semua hadir" for the rest, and marks that are still there after a reload; and the same list
marked by staff in a browser without JavaScript."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark
from mtu.batches.models import Batch, BatchStatus
from mtu.clock import local_today
from mtu.courses.models import Course
from mtu.extensions import db
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sessions_every_day")]

STAFF = "staf@demo.example"
TRAINER = "pelatih@demo.example"
SEWING = "Menjahit Pakaian"
VENUE = "Balai Desa Dhompo"
# A form answered 422 on purpose (htmx swaps it; a plain post shows it): Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"
LABELS = {"present": "Hadir", "permitted": "Izin", "sick": "Sakit", "absent": "Alpa"}


def unexpected(console_errors):
    return [error for error in console_errors if not error.startswith(EXPECTED_422)]


def running_batch() -> Batch:
    return db.session.scalar(select(Batch).join(Course, Course.id == Batch.course_id)
                             .where(Course.name == SEWING, Batch.status == BatchStatus.RUNNING,
                                    Batch.venue_name == VENUE))


def day_url(batch, day) -> re.Pattern:
    return re.compile(rf"/attendance/batches/{batch.id}/{day.isoformat()}$")


def rows_of(page):
    return page.locator("#attendance ul.marks > li")


def radio(row, value):
    return row.locator(f"input[type=radio][value={value}]")


def tap(page, row, value):
    """Tap the mark's label in a row and wait for the server's row to replace it."""
    with page.expect_response(lambda r: r.url.endswith("/marks")
                              and r.request.method == "POST") as answer:
        row.locator("label", has_text=LABELS[value]).click()
    assert answer.value.status == 200


def marks_of(batch, day) -> dict[int, str]:
    db.session.expire_all()
    return {mark.enrolment_id: mark.status for mark in db.session.scalars(
        select(AttendanceMark).where(AttendanceMark.batch_id == batch.id,
                                     AttendanceMark.day == day))}


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_trainer_marks_today_on_a_phone_and_the_marks_stay(page, live_server, demo,
                                                           console_errors, artifacts):
    batch, today = running_batch(), local_today()
    assert marks_of(batch, today) == {}, "the demo leaves today for the trainer"

    sign_in_as(page, live_server, TRAINER)
    first_batch = page.locator("ul.rows > li.row").first
    expect(first_batch).to_contain_text(SEWING)
    expect(first_batch).to_contain_text(VENUE)
    open_today = first_batch.get_by_role("link", name="Buka hari ini")
    expect(open_today).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "attendance-home-trainer-360.png", full_page=True)

    open_today.click()
    expect(page).to_have_url(day_url(batch, today))
    expect(page.get_by_role("heading", name="Daftar hadir")).to_be_visible()
    rows = rows_of(page)
    expect(rows).to_have_count(16)
    expect(page.locator("#attendance li.unmarked")).to_have_count(16)
    expect(page.locator("#attendance h2 small")).to_have_text("0 dari 16 sudah ditandai")
    page.evaluate("window.__marker = 1")

    first_id = rows.nth(0).get_attribute("id")
    second_id = rows.nth(1).get_attribute("id")
    first, second = page.locator(f"#{first_id}"), page.locator(f"#{second_id}")

    tap(page, first, "present")
    expect(first).not_to_have_class(re.compile(r"\bunmarked\b"))
    expect(radio(first, "present")).to_be_checked()
    expect(radio(first, "present")).to_be_enabled()

    tap(page, second, "sick")
    expect(second).not_to_have_class(re.compile(r"\bunmarked\b"))
    expect(radio(second, "sick")).to_be_checked()
    expect(radio(second, "sick")).to_be_enabled()
    expect(radio(first, "present")).to_be_checked()

    page.get_by_role("button", name="Semua hadir").click()
    expect(page.locator("#attendance li.unmarked")).to_have_count(0)
    expect(page.locator("#attendance h2 small")).to_have_text("16 dari 16 sudah ditandai")
    expect(rows).to_have_count(16)
    expect(page.locator("#attendance input[type=radio]:checked")).to_have_count(16)
    expect(radio(second, "sick")).to_be_checked()
    expect(page.locator("#attendance input[value=present]:checked")).to_have_count(15)
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert scroll_width(page) <= PHONE["width"]

    stored = marks_of(batch, today)
    assert len(stored) == 16
    assert stored[int(second_id[1:])] == "sick"
    assert sorted(stored.values()).count("present") == 15

    page.reload()
    expect(page).to_have_url(day_url(batch, today))
    expect(rows).to_have_count(16)
    expect(page.locator("#attendance input[type=radio]:checked")).to_have_count(16)
    expect(radio(page.locator(f"#{first_id}"), "present")).to_be_checked()
    expect(radio(page.locator(f"#{second_id}"), "sick")).to_be_checked()
    expect(page.locator("#attendance li.unmarked")).to_have_count(0)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "attendance-day-trainer-360.png", full_page=True)
    assert unexpected(console_errors) == []


def test_staff_mark_the_day_without_javascript(new_page, live_server, demo, console_errors,
                                               artifacts):
    batch, today = running_batch(), local_today()
    page = new_page(java_script_enabled=False)
    sign_in_as(page, live_server, STAFF)
    page.goto(f"{live_server}/attendance/batches/{batch.id}/today")
    expect(page).to_have_url(day_url(batch, today))
    rows = rows_of(page)
    expect(rows).to_have_count(16)
    expect(page.locator("#attendance input[type=radio]:checked")).to_have_count(0)

    chosen = ["permitted", "absent", "sick"] + ["present"] * 13
    ids = [rows.nth(n).get_attribute("id") for n in range(16)]
    for row_id, value in zip(ids, chosen, strict=True):
        page.locator(f"#{row_id}").locator("label", has_text=LABELS[value]).click()
    for row_id, value in zip(ids, chosen, strict=True):
        expect(radio(page.locator(f"#{row_id}"), value)).to_be_checked()
    page.get_by_role("button", name="Simpan daftar hadir").click()

    expect(page).to_have_url(day_url(batch, today))
    expect(page.locator("#attendance h2 small")).to_have_text("16 dari 16 sudah ditandai")
    expect(page.locator("#attendance li.unmarked")).to_have_count(0)
    for row_id, value in zip(ids, chosen, strict=True):
        expect(radio(page.locator(f"#{row_id}"), value)).to_be_checked()
    stored = marks_of(batch, today)
    assert {f"e{enrolment}": status for enrolment, status in stored.items()} == dict(
        zip(ids, chosen, strict=True))
    page.screenshot(path=artifacts / "attendance-day-staff-nojs-1280.png", full_page=True)
    assert unexpected(console_errors) == []

"""Nothing looks saved until the server said so: a tap with no signal, a proxy's error page or a
refusal keeps the earlier mark on screen, says so in the row and offers to try again; the counter
and the spoken status follow each stored tap; focus stays on the tapped row; a plain form's
button is disabled while it is sent."""

import re

import pytest
from playwright.sync_api import expect

from mtu.batches.models import BatchStatus
from mtu.clock import local_today
from mtu.extensions import db
from tests.browser.conftest import PHONE, fill_password_change, sign_in_as
from tests.browser.test_attendance import (
    EXPECTED_422,
    TRAINER,
    marks_of,
    radio,
    rows_of,
    running_batch,
    tap,
)

pytestmark = pytest.mark.browser

MARKS_URL = re.compile(r"/marks$")
# What Chromium logs for the failures these tests cause on purpose.
EXPECTED = (EXPECTED_422, "Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
            "Failed to load resource: the server responded with a status of 502",
            "htmx:afterRequest", "htmx:sendError", "htmx:responseError")


def _todays_list(page, live_server):
    batch, today = running_batch(), local_today()
    sign_in_as(page, live_server, TRAINER)
    page.goto(f"{live_server}/attendance/batches/{batch.id}/{today.isoformat()}")
    return batch, today, rows_of(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_a_tap_with_no_signal_keeps_the_earlier_mark_and_offers_to_try_again(
        page, live_server, demo, console_errors, artifacts):
    batch, today, rows = _todays_list(page, live_server)
    total = rows.count()
    counter = page.locator("#mark-count")
    expect(counter).to_have_text(f"0 dari {total} sudah ditandai")
    first, second = rows.nth(0), rows.nth(1)
    name = first.locator(".who").inner_text()

    tap(page, first, "present")
    expect(counter).to_have_text(f"1 dari {total} sudah ditandai")
    expect(page.locator("#mark-status")).to_have_text(f"Tersimpan: {name}, Hadir.")
    tap(page, second, "absent")
    expect(counter).to_have_text(f"2 dari {total} sudah ditandai")

    page.context.set_offline(True)
    first.locator("label", has_text="Sakit").click()
    failure = first.locator(".request-failed")
    expect(failure).to_contain_text("Belum tersimpan: tidak ada sambungan internet.")
    expect(radio(first, "present")).to_be_checked()
    expect(radio(first, "sick")).not_to_be_checked()
    # caret="initial": hiding the caret would inject a style that the CSP blocks
    page.screenshot(path=artifacts / "attendance-tap-offline-360.png", caret="initial")
    enrolment_id = int(first.get_attribute("id")[1:])
    assert marks_of(batch, today)[enrolment_id] == "present"

    page.context.set_offline(False)
    with page.expect_response(MARKS_URL) as answer:
        failure.get_by_role("button", name="Coba lagi").click()
    assert answer.value.status == 200
    expect(radio(first, "sick")).to_be_checked()
    expect(first.locator(".request-failed")).to_have_count(0)
    expect(counter).to_have_text(f"2 dari {total} sudah ditandai")
    expect(page.locator("#mark-status")).to_have_text(f"Tersimpan: {name}, Sakit.")
    assert marks_of(batch, today)[enrolment_id] == "sick"
    page.screenshot(path=artifacts / "attendance-tap-retried-360.png", full_page=True)
    assert [e for e in console_errors if not e.startswith(EXPECTED)] == []


def test_a_proxy_error_page_is_not_shown_as_the_row(page, live_server, demo, console_errors,
                                                    artifacts):
    batch, today, rows = _todays_list(page, live_server)
    first = rows.nth(0)
    page.route(MARKS_URL, lambda route: route.fulfill(
        status=502, content_type="text/html", body="<html><h1>502 Bad Gateway</h1></html>"))
    first.locator("label", has_text="Izin").click()
    expect(first.locator(".request-failed")).to_contain_text("Belum tersimpan.")
    expect(page.get_by_text("502 Bad Gateway")).to_have_count(0)
    expect(radio(first, "permitted")).not_to_be_checked()
    assert marks_of(batch, today) == {}
    page.unroute(MARKS_URL)
    page.screenshot(path=artifacts / "attendance-tap-502.png", full_page=True)


def test_a_refused_tap_answers_its_row_with_the_reason(page, live_server, demo, console_errors,
                                                       artifacts):
    batch, today, rows = _todays_list(page, live_server)
    first, count = rows.nth(0), rows.count()
    batch.status = BatchStatus.CANCELLED  # cancelled by the office while the trainer's page is open
    db.session.commit()
    with page.expect_response(MARKS_URL) as answer:
        first.locator("label", has_text="Hadir").click()
    assert answer.value.status == 422
    expect(first.locator(".request-failed")).to_have_text("Paket ini dibatalkan.")
    expect(radio(first, "present")).not_to_be_checked()
    expect(rows).to_have_count(count)  # the row, not the whole list, came back
    page.screenshot(path=artifacts / "attendance-tap-refused.png", full_page=True)


def test_focus_stays_on_the_tapped_row_after_a_keyboard_mark(page, live_server, demo,
                                                            console_errors):
    batch, today, rows = _todays_list(page, live_server)
    first = rows.nth(0)
    radio(first, "present").focus()
    with page.expect_response(MARKS_URL):
        page.keyboard.press("Space")
    expect(radio(first, "present")).to_be_checked()
    expect(page.locator("#mark-status")).to_contain_text("Hadir")
    # htmx wires the swapped row up once it settles; a key pressed before that would go unheard.
    page.wait_for_function("() => !document.querySelector('.htmx-added, .htmx-settling')")
    assert page.evaluate("document.activeElement.id") == radio(first, "present").get_attribute(
        "id")
    with page.expect_response(MARKS_URL):
        page.keyboard.press("ArrowRight")
    expect(radio(first, "permitted")).to_be_checked()
    expect(page.locator("#mark-status")).to_contain_text("Izin")
    assert page.evaluate("document.activeElement.id") == radio(
        first, "permitted").get_attribute("id")
    assert marks_of(batch, today)[int(first.get_attribute("id")[1:])] == "permitted"


def test_a_plain_form_is_sent_once_however_often_it_is_tapped(page, live_server, demo,
                                                              console_errors):
    fill_password_change(page, live_server, TRAINER, "salah-sekali", "kata-sandi-baru-panjang")
    # The answer goes to a frame, so this page stays to be tapped again while it is sent.
    page.evaluate("""() => { const frame = document.createElement('iframe'); frame.name = 'answer';
                             document.body.append(frame);
                             document.querySelector('main form').target = 'answer'; }""")
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    button = page.get_by_role("button", name="Simpan")
    with page.expect_response(lambda response: response.request.method == "POST"):
        button.click()
        button.click(force=True)
        page.locator("main form").evaluate("form => form.requestSubmit()")
    expect(button).to_be_disabled()
    page.wait_for_timeout(300)
    assert sent == [live_server + "/auth/password"]


def test_an_htmx_form_disables_its_button_while_it_is_sent(page, live_server, demo,
                                                           console_errors):
    sign_in_as(page, live_server, "admin@demo.example")
    page.goto(live_server + "/courses/")
    held = []
    page.route(re.compile(r"/courses/\d+/active$"), lambda route: held.append(route))
    row = page.locator("li.row").filter(
        has=page.get_by_role("button", name="Nonaktifkan")).first
    row_id = row.get_attribute("id")
    button = page.locator(f"#{row_id} button")
    button.click()
    page.wait_for_timeout(300)
    assert len(held) == 1
    expect(button).to_be_disabled()
    held[0].continue_()
    expect(page.locator(f"#{row_id} button")).to_have_text("Aktifkan")
    expect(page.locator(f"#{row_id} button")).to_be_enabled()

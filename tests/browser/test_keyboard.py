"""The keyboard alone, on the trainer's phone: every step reachable by Tab, a visible focus on
each, and what a write did said in a live region or where the focus lands, so that a screen
reader user hears that a mark was saved or what a form refused."""

import re

import pytest
from playwright.sync_api import expect

from mtu.clock import local_today
from mtu.demo.seed import DEMO_PASSWORD
from tests.browser.conftest import LOGIN_URL, PHONE, fill_password_change, sign_in_as
from tests.browser.test_attendance import TRAINER, day_url, marks_of, rows_of, running_batch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sessions_every_day")]

FOCUSED = "document.activeElement"
MARKS_URL = re.compile(r"/marks$")
ALL_PRESENT_URL = re.compile(r"/all-present$")
# A refused form is answered 422 on purpose: Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"
# What Chromium and htmx log for a tap sent without signal.
OFFLINE = ("Failed to load resource: net::ERR_INTERNET_DISCONNECTED", "htmx:afterRequest",
           "htmx:sendError")


def tab_to(page, test: str, backwards=False, limit=60):
    """Press Tab (Shift+Tab) until the focused element passes `test`, a JavaScript expression
    of `element`; fail if it never does."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(element => Boolean({test}))({FOCUSED})"):
            return
    raise AssertionError(f"{test}: not reached by {key}")


def open_today(page, live_server):
    """The trainer signed in, on today's list of the demo's running batch."""
    batch, today = running_batch(), local_today()
    sign_in_as(page, live_server, TRAINER)
    page.goto(f"{live_server}/attendance/batches/{batch.id}/{today.isoformat()}")
    return batch, today


def outline(page, of=FOCUSED) -> str:
    """The outline drawn around the focused element (or what `of` names): style and width."""
    return page.evaluate(f"(s => s.outlineStyle + ' ' + s.outlineWidth)(getComputedStyle({of}))")


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_trainer_marks_the_day_with_the_keyboard_alone(page, live_server, demo,
                                                          console_errors):
    batch, today = running_batch(), local_today()
    page.goto(live_server + "/")
    expect(page).to_have_url(LOGIN_URL)
    tab_to(page, "element.type === 'email'")
    page.keyboard.type(TRAINER)
    tab_to(page, "element.type === 'password'")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    tab_to(page, "element.textContent.trim() === 'Buka hari ini'")
    assert outline(page) == "solid 3px"
    page.keyboard.press("Enter")
    expect(page).to_have_url(day_url(batch, today))

    rows = rows_of(page)
    first = rows.nth(0)
    name = first.locator(".who").inner_text()
    tab_to(page, "element.type === 'radio'")
    present = first.locator("input[value=present]")
    expect(present).to_be_focused()
    # The radio itself is hidden under its label: the label shows the focus.
    assert outline(page, f"{FOCUSED}.labels[0]") == "solid 3px"
    with page.expect_response(MARKS_URL) as answer:
        page.keyboard.press("Space")
    assert answer.value.status == 200
    expect(page.locator("#mark-status")).to_have_text(f"Tersimpan: {name}, Hadir.")
    expect(page.locator("#mark-status")).to_have_attribute("role", "status")
    expect(present).to_be_checked()
    expect(present).to_be_focused()  # the swapped row did not drop the keyboard

    tab_to(page, "element.textContent.trim() === 'Semua hadir'", backwards=True)
    assert outline(page) == "solid 3px"
    with page.expect_response(ALL_PRESENT_URL):
        page.keyboard.press("Enter")
    expect(page.locator("#mark-status")).to_have_text("Tersimpan: 15 peserta ditandai hadir.")
    expect(page.locator("#attendance h2 small")).to_have_text("16 dari 16 sudah ditandai")
    # The button went with the list it was in; the keyboard is at the list's heading, not lost.
    expect(page.locator("#attendance h2")).to_be_focused()
    assert sorted(marks_of(batch, today).values()) == ["present"] * 16
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_a_refused_journal_takes_the_keyboard_to_its_errors(page, live_server, demo,
                                                           console_errors):
    batch, today = open_today(page, live_server)
    hours = page.get_by_label("Jam pelajaran")
    hours.fill("99")
    tab_to(page, "element.textContent.trim() === 'Simpan jurnal'")
    with page.expect_response(re.compile(r"/journal$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 422
    summary = page.locator("#journal .errors")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Periksa isian berikut:")
    expect(summary.get_by_role("link", name="Jam pelajaran")).to_be_visible()
    expect(hours).to_have_attribute("aria-invalid", "true")
    error_id = hours.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_have_class("error")
    expect(hours).to_have_accessible_description(
        re.compile(page.locator(f"#{error_id}").inner_text()))
    assert [e for e in console_errors if not e.startswith(EXPECTED_422)] == []


def test_a_page_sent_back_with_errors_starts_the_keyboard_at_the_first(page, live_server, demo,
                                                                     console_errors):
    fill_password_change(page, live_server, TRAINER, "salah sekali", "kuda-lumping-2026")
    page.get_by_role("button", name="Simpan").click()
    current = page.get_by_label("Kata sandi sekarang")
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_be_focused()
    expect(current).to_have_accessible_description(re.compile(r"\S"))
    assert [e for e in console_errors if not e.startswith(EXPECTED_422)] == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_a_mark_sent_without_signal_is_said_and_sent_again_by_keyboard(page, live_server, demo,
                                                                      console_errors):
    batch, today = open_today(page, live_server)
    first = rows_of(page).nth(0)
    name = first.locator(".who").inner_text()
    present = first.locator("input[value=present]")
    tab_to(page, "element.type === 'radio'")
    expect(present).to_be_focused()

    page.context.set_offline(True)
    page.keyboard.press("Space")
    note = first.locator(".request-failed")
    expect(note).to_contain_text("Belum tersimpan: tidak ada sambungan internet.")
    expect(note).to_have_attribute("role", "alert")
    expect(present).not_to_be_checked()
    tab_to(page, "element.textContent.trim() === 'Coba lagi'")
    retry = note.get_by_role("button", name="Coba lagi")
    expect(retry).to_be_focused()
    assert outline(page) == "solid 3px"

    page.context.set_offline(False)
    with page.expect_response(MARKS_URL) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    expect(page.locator("#mark-status")).to_have_text(f"Tersimpan: {name}, Hadir.")
    expect(note).to_have_count(0)
    expect(present).to_be_checked()
    expect(present).to_be_focused()  # not left on <body> with the note's button
    assert marks_of(batch, today)[int(first.get_attribute("id")[1:])] == "present"
    assert [e for e in console_errors if not e.startswith(OFFLINE)] == []


def test_the_first_tab_offers_to_skip_the_menu(page, live_server, demo, console_errors,
                                                artifacts):
    """Staff's header holds a dozen links and menus: the first Tab shows a link past them."""
    sign_in_as(page, live_server, "staf@demo.example")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.screenshot(path=artifacts / "skip-link-1280.png")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the page's content, past the menu
    assert page.evaluate(f"Boolean({FOCUSED}.closest('main'))")
    assert console_errors == []

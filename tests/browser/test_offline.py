"""The trainer's day without signal (issue 16), on a 360×640 phone: marks and the journal wait on
the phone, survive a reload, are sent once when the signal returns (and once more changes
nothing), the newer of two marks holds with both in the history, an expired session keeps the
queue, and signing out clears what the phone kept."""

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.attendance import services
from mtu.attendance.models import Mark, MarkCorrection, TrainingDay
from mtu.auth.models import User
from mtu.clock import local_today
from mtu.extensions import db
from mtu.participants.models import Enrolment
from tests.browser.conftest import PHONE, scroll_width, sign_in, sign_in_as
from tests.browser.test_attendance import (
    LABELS,
    STAFF,
    TRAINER,
    day_url,
    marks_of,
    rows_of,
    running_batch,
    unexpected,
)
from tests.browser.test_writes import EXPECTED

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sessions_every_day")]

QUEUE = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("mtu", 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(
    "queue", {keyPath: "seq", autoIncrement: true});
  opening.onsuccess = () => {
    const request = opening.result.transaction("queue").objectStore("queue").getAll();
    request.onsuccess = () => { opening.result.close(); resolve(request.result); };
  };
  opening.onerror = () => reject(opening.error);
})"""
PUT_BACK = """(items) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("mtu", 1);
  opening.onsuccess = () => {
    const transaction = opening.result.transaction("queue", "readwrite");
    items.forEach((item) => transaction.objectStore("queue").put(item));
    transaction.oncomplete = () => { opening.result.close(); resolve(); };
  };
  opening.onerror = () => reject(opening.error);
})"""
KEPT = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      kept.push([request.url, await (await cache.match(request)).text()]);
    }
  }
  return kept;
}"""


def until(page, script, arg=None, timeout=5.0):
    """Wait until the page's async `script` gives a true value (wait_for_function does not
    wait for a promise)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(100)


def sent(page):
    """Wait until the phone's queue is empty."""
    until(page, f"async () => ({QUEUE})().then((items) => items.length === 0)")


def phone(new_page):
    """A phone in Indonesia, its service worker allowed."""
    return new_page(PHONE, service_workers="allow", timezone_id="Asia/Jakarta")


def open_today_ready_for_no_signal(page, live_server, batch, today):
    """Sign the trainer in and open today's page once its copy is kept on the phone."""
    sign_in_as(page, live_server, TRAINER)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_role("link", name="Buka hari ini").first.click()
    expect(page).to_have_url(day_url(batch, today))
    until(page, "() => caches.match(location.href).then(Boolean)")
    expect(rows_of(page)).to_have_count(16)


def waiting_rows(page):
    return page.locator("#attendance li.waiting")


def corrections(batch) -> list[tuple[str, str, bool, str]]:
    db.session.expire_all()
    return [(c.before, c.after, c.applied, c.changed_by.email) for c in db.session.scalars(
        select(MarkCorrection).join(MarkCorrection.mark)
        .where(MarkCorrection.mark.has(batch_id=batch.id)).order_by(MarkCorrection.id))]


def journals(batch, day) -> list[TrainingDay]:
    db.session.expire_all()
    return list(db.session.scalars(select(TrainingDay).where(TrainingDay.batch_id == batch.id,
                                                            TrainingDay.day == day)))


def test_a_day_marked_without_signal_is_sent_once_when_the_signal_returns(
        new_page, live_server, demo, console_errors, artifacts):
    batch, today = running_batch(), local_today()
    page = phone(new_page)
    open_today_ready_for_no_signal(page, live_server, batch, today)
    rows = rows_of(page)
    ids = [rows.nth(n).get_attribute("id") for n in range(16)]
    first = db.session.get(Enrolment, int(ids[0][1:]))

    # Staff mark the first participant izin online; the trainer's phone has no signal and
    # marks everyone hadir after that.
    staff = db.session.scalar(select(User).where(User.email == STAFF))
    services.set_mark(first, today, Mark.PERMITTED, staff)
    db.session.commit()
    page.context.set_offline(True)
    for row_id in ids:
        page.locator(f"#{row_id}").locator("label", has_text=LABELS["present"]).click()
    expect(waiting_rows(page)).to_have_count(16)
    expect(page.locator("#attendance input[value=present]:checked")).to_have_count(16)
    expect(page.locator("#attendance h2 small")).to_have_text("0 dari 16 sudah ditandai")
    expect(page.locator("#queue")).to_have_text(
        "16 tanda hadir menunggu dikirim. Belum ada sinyal.")
    # On a weekend the day has no planned unit to preselect: name one.
    page.get_by_label("Unit kompetensi").select_option(index=1)
    page.get_by_label("Catatan").fill("Ditulis di balai desa tanpa sinyal.")
    page.get_by_role("button", name="Simpan jurnal").click()
    expect(page.locator("#journal .waiting-note")).to_be_visible()
    expect(page.get_by_role("button", name="Simpan jurnal")).to_be_enabled()
    expect(page.locator("#queue")).to_have_text(
        "16 tanda hadir dan 1 jurnal menunggu dikirim. Belum ada sinyal.")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "offline-waiting-360.png", full_page=True)

    page.reload()
    expect(page).to_have_url(day_url(batch, today))
    expect(waiting_rows(page)).to_have_count(16)
    expect(page.locator("#attendance input[value=present]:checked")).to_have_count(16)
    expect(page.get_by_label("Catatan")).to_have_value("Ditulis di balai desa tanpa sinyal.")
    expect(page.locator("#queue")).to_contain_text("16 tanda hadir dan 1 jurnal")
    assert marks_of(batch, today) == {first.id: "permitted"}, "nothing sent yet"
    assert journals(batch, today) == []
    # The home page and "Buka hari ini" open without signal too.
    page.goto(live_server + "/")
    page.get_by_role("link", name="Buka hari ini").first.click()
    expect(page).to_have_url(day_url(batch, today))
    expect(waiting_rows(page)).to_have_count(16)
    queued = page.evaluate(QUEUE)
    assert [item["kind"] for item in queued] == ["mark"] * 16 + ["journal"]

    page.context.set_offline(False)
    expect(waiting_rows(page)).to_have_count(0)
    expect(page.locator("#queue")).to_be_hidden()
    expect(page.locator("#attendance h2 small")).to_have_text("16 dari 16 sudah ditandai")
    expect(page.locator("#journal")).to_contain_text("Jurnal tersimpan.")
    stored = marks_of(batch, today)
    assert len(stored) == 16 and set(stored.values()) == {"present"}
    [journal] = journals(batch, today)
    assert journal.notes == "Ditulis di balai desa tanpa sinyal."
    # The newer mark holds; the history has both.
    assert corrections(batch) == [("permitted", "present", True, TRAINER)]

    # The same queue sent once more (say its answers were lost): nothing changes.
    page.evaluate(PUT_BACK, queued)
    page.reload()
    sent(page)
    expect(page.locator("#attendance h2 small")).to_have_text("16 dari 16 sudah ditandai")
    assert len(marks_of(batch, today)) == 16
    assert len(journals(batch, today)) == 1
    assert corrections(batch) == [("permitted", "present", True, TRAINER)]

    # The phone kept the trainer's pages and files only, and no NIK.
    kept = page.evaluate(KEPT)
    paths = {url[len(live_server):].split("?")[0] for url, _text in kept}
    assert paths == {"/", f"/attendance/batches/{batch.id}/{today.isoformat()}",
                     "/static/app.css", "/static/mtu.js"}, paths
    niks = [e.participant.nik for e in db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id))]
    assert not [nik for nik in niks for _url, text in kept if nik in text]

    # Something still waits when the trainer signs out (another account's mark, say).
    page.evaluate(PUT_BACK, [dict(queued[0], user="0")])
    assert len(page.evaluate(QUEUE)) == 1
    page.locator("details.account summary").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("Email")).to_be_visible()
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate(QUEUE) == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations()"
                         ".then((all) => all.length)") == 0
    assert unexpected(console_errors) == []


def test_a_queue_waits_through_an_expired_session(new_page, live_server, demo,
                                                  console_errors):
    batch, today = running_batch(), local_today()
    page = phone(new_page)
    open_today_ready_for_no_signal(page, live_server, batch, today)
    rows = rows_of(page)
    page.context.set_offline(True)
    for n, value in enumerate(["sick", "absent"]):
        rows.nth(n).locator("label", has_text=LABELS[value]).click()
    expect(waiting_rows(page)).to_have_count(2)

    page.context.clear_cookies()  # the session ended while there was no signal
    page.context.set_offline(False)
    expect(page.locator("#queue")).to_contain_text(
        "2 tanda hadir menunggu dikirim. Sesi Anda berakhir: masuk lagi untuk mengirimnya.")
    assert marks_of(batch, today) == {}
    page.locator("#queue").get_by_role("link", name="Masuk").click()
    sign_in(page, TRAINER)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    sent(page)
    assert sorted(marks_of(batch, today).values()) == ["absent", "sick"]
    signed_out = "status of 401 (UNAUTHORIZED) (http://127.0.0.1"  # asking for a token
    assert [e for e in unexpected(console_errors) if not e.startswith(
        f"Failed to load resource: the server responded with a {signed_out}")] == []


def test_without_a_service_worker_a_tap_without_signal_fails_as_before(
        new_page, live_server, demo, console_errors):
    batch, today = running_batch(), local_today()
    page = new_page(PHONE, service_workers="block")
    page.add_init_script("delete Navigator.prototype.serviceWorker")  # an older browser
    sign_in_as(page, live_server, TRAINER)
    page.goto(f"{live_server}/attendance/batches/{batch.id}/today")
    row = rows_of(page).first
    page.context.set_offline(True)
    row.locator("label", has_text=LABELS["present"]).click()
    expect(row.locator("+ .request-failed, .request-failed")).to_contain_text(
        "Belum tersimpan: tidak ada sambungan internet.")
    expect(row.locator("input[value=present]")).not_to_be_checked()
    expect(page.locator("#queue")).to_have_count(0)
    page.context.set_offline(False)
    with page.expect_response(lambda r: r.url.endswith("/marks")) as answer:
        page.get_by_role("button", name="Coba lagi").click()
    assert answer.value.status == 200
    expect(rows_of(page).first.locator("input[value=present]")).to_be_checked()
    assert len(marks_of(batch, today)) == 1
    assert [e for e in console_errors if not e.startswith(EXPECTED)] == []


def test_a_tap_left_unanswered_waits_and_is_sent_once(new_page, live_server, demo,
                                                     console_errors):
    """Signal, but the answer never comes (the link drops mid-way): the mark waits instead of
    failing, and goes when the page is next opened."""
    batch, today = running_batch(), local_today()
    page = phone(new_page)
    open_today_ready_for_no_signal(page, live_server, batch, today)
    page.route("**/marks", lambda route: route.abort("connectionreset"))
    rows_of(page).first.locator("label", has_text=LABELS["sick"]).click()
    expect(waiting_rows(page)).to_have_count(1)
    expect(page.locator(".request-failed")).to_have_count(0)
    expect(page.locator("#queue")).to_have_text("1 tanda hadir menunggu dikirim.")
    page.unroute("**/marks")
    page.reload()
    sent(page)
    expect(waiting_rows(page)).to_have_count(0)
    assert list(marks_of(batch, today).values()) == ["sick"]
    reset = "Failed to load resource: net::ERR_CONNECTION_RESET"
    assert [e for e in console_errors if not e.startswith((*EXPECTED, reset))] == []

"""Staff plan a batch from a waiting proposal, run into a booking conflict, and read the
year's schedule on a phone."""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.batches.models import Batch
from mtu.batches.schedule import Window
from mtu.clock import local_today
from mtu.extensions import db
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

STAFF = "staf@demo.example"
FOOD = "Pengolahan Makanan dan Minuman"
BATCH_URL = re.compile(r"/batches/\d+$")
PROPOSAL_URL = re.compile(r"/proposals/\d+$")
# A form answered 422 on purpose (a plain post shows it): Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"
# "27 Jan 2027 – 25 Feb 2027: MTU-02, Rina Marlina"
SLOT = re.compile(r"^(\d{1,2} \w+ \d{4}) – \d{1,2} \w+ \d{4}: (MTU-\d\d), (.+)$")


def unexpected(console_errors):
    return [error for error in console_errors
            if not error.startswith(EXPECTED_422)]


def counted(page):
    """The batch form's session-day count is in (no htmx request under way)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def nav(page, name):
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name=name, exact=True).click()


def checked_option(select):
    return select.locator("option:checked")


def test_staff_plan_a_batch_from_a_waiting_proposal(new_page, live_server, demo,
                                                    console_errors, artifacts):
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)

    # The queue lists Sambisirah's food-processing proposal, verified and waiting.
    nav(staff, "Antrean")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Antrean usulan")
    row = staff.locator("ul.rows li.row").filter(has_text=FOOD)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sambisirah")
    row.get_by_role("link", name=FOOD).click()
    expect(staff).to_have_url(PROPOSAL_URL)
    proposal_url = staff.url
    expect(staff.get_by_role("heading", level=1)).to_have_text(FOOD)
    expect(staff.locator("#workflow h2 .badge")).to_have_text("Diverifikasi")
    reference = re.match(r"USL-\d{4}-\d{5}", staff.locator("main p.muted").first.inner_text())
    assert reference, "no proposal reference under the heading"
    reference = reference.group(0)

    # The earliest free dates: a date range, a unit carrying the equipment, a trainer.
    card = staff.locator("section.card").filter(
        has=staff.get_by_role("heading", name="Jadwal tercepat"))
    slots = card.locator("ul.links li")
    expect(slots.first).to_have_text(SLOT)
    first_start, unit_code, trainer = SLOT.match(slots.first.inner_text().strip()).groups()
    assert unit_code == "MTU-02"  # the only unit with a gas stove and cookware
    assert trainer == "Rina Marlina"  # the only food-processing trainer
    staff.screenshot(path=artifacts / "proposal-slots-1280.png", full_page=True)

    # The planning form comes prefilled from the proposal and that first slot.
    card.get_by_role("link", name="Rencanakan paket dari usulan ini").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Rencanakan paket pelatihan")
    proposals = staff.locator("ul#proposal_ids")
    expect(proposals.get_by_label(re.compile("^" + reference))).to_be_checked()
    expect(proposals.locator("input:checked")).to_have_count(1)
    expect(checked_option(staff.get_by_label("Kejuruan", exact=True))).to_have_text(FOOD)
    expect(staff.get_by_label("Nama tempat")).to_have_value("Balai Desa Sambisirah")
    start = staff.get_by_label("Tanggal mulai")
    expect(start).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    start_date = start.input_value()
    assert format_date(date.fromisoformat(start_date), "d MMM y",
                       locale="id") == first_start
    expect(checked_option(staff.get_by_label("Unit MTU"))).to_have_text(
        re.compile("^" + unit_code + " · "))
    trainers = staff.locator("ul#trainer_ids")
    expect(trainers.get_by_label(re.compile("^" + trainer))).to_be_checked()
    expect(trainers.locator("input:checked")).to_have_count(1)

    staff.get_by_role("button", name="Simpan paket").click()
    expect(staff).to_have_url(BATCH_URL)
    batch_url = staff.url
    flash = staff.locator("#messages")
    expect(flash).to_have_text(re.compile(
        rf"^\s*Paket {FOOD} · Gelombang \d+/{start_date[:4]} · Balai Desa Sambisirah "
        r"direncanakan\.\s*$"))
    title = re.search(r"Paket (.+) direncanakan\.", flash.inner_text()).group(1)
    expect(staff.get_by_role("heading", level=1)).to_have_text(FOOD)
    expect(staff.locator("#status h2 .badge")).to_have_text("Direncanakan")
    facts = staff.locator("dl.facts")
    expect(facts).to_contain_text("MTU-02 · MTU Boga dan Teknik")
    expect(facts).to_contain_text(trainer)
    expect(facts).to_contain_text("30 hari")
    served = staff.locator("#status ul.links li")
    expect(served).to_have_count(1)
    expect(served).to_contain_text("Dijadwalkan")
    staff.screenshot(path=artifacts / "batch-detail-planned-1280.png", full_page=True)

    # The proposal now says it is scheduled, and links back to its batch.
    served.get_by_role("link", name=reference).click()
    expect(staff).to_have_url(proposal_url)
    expect(staff.locator("#workflow h2 .badge")).to_have_text("Dijadwalkan")
    batch_link = staff.locator("#workflow").get_by_role("link", name=title, exact=True)
    expect(batch_link).to_have_attribute("href", re.compile(r"/batches/\d+$"))
    expect(staff.get_by_role("heading", name="Jadwal tercepat")).to_have_count(0)
    expect(staff.get_by_role("button", name="Verifikasi")).to_have_count(0)
    batch_link.click()
    expect(staff).to_have_url(batch_url)
    assert console_errors == []


def test_a_booked_unit_and_trainer_are_refused_in_indonesian(new_page, live_server, demo,
                                                             console_errors, artifacts):
    # The demo's sewing batch at Balai Desa Dhompo started ten days ago and is running.
    dhompo = db.session.scalar(select(Batch).where(Batch.venue_name == "Balai Desa Dhompo"))
    assert dhompo.start_date == local_today() - timedelta(days=10)
    booked = (f"{dhompo.title} ({dhompo.start_date:%d/%m/%Y}–{dhompo.end_date:%d/%m/%Y})")
    db.session.commit()  # end the read transaction before the server writes

    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    nav(staff, "Paket")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Paket pelatihan")
    staff.get_by_role("link", name="Rencanakan paket", exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Rencanakan paket pelatihan")

    # Each change asks for the session-day count; one asked while another loads cancels it,
    # which htmx logs as an error: each answer is awaited, as a person's pace would.
    staff.get_by_label("Kejuruan", exact=True).select_option(label="Menjahit Pakaian")
    counted(staff)
    staff.get_by_label("Nama tempat").fill("Balai Desa Karangsentul")
    staff.get_by_label("Tanggal mulai").fill(dhompo.start_date.isoformat())
    counted(staff)
    staff.get_by_label("Unit MTU").select_option(label="MTU-01 · MTU Garmen dan Kriya")
    counted(staff)
    staff.locator("ul#trainer_ids").get_by_label(re.compile("^Alex Putra Utama")).check()
    staff.get_by_role("button", name="Simpan paket").click()

    # Refused (422), in Indonesian, naming what is in the way; nothing typed is lost.
    errors = staff.locator(".flash.error[role=alert]")
    expect(errors).to_contain_text("Periksa isian berikut:")
    expect(errors.locator("li")).to_have_text([
        f"Unit MTU-01 sudah dipakai paket {booked}.",
        f"Pelatih Alex Putra Utama sudah mengajar paket {booked}.",
    ])
    expect(errors).to_contain_text("Balai Desa Dhompo")
    expect(staff).to_have_url(re.compile(r"/batches/new$"))
    expect(staff.get_by_label("Nama tempat")).to_have_value("Balai Desa Karangsentul")
    expect(staff.get_by_label("Tanggal mulai")).to_have_value(dhompo.start_date.isoformat())
    expect(checked_option(staff.get_by_label("Kejuruan", exact=True))).to_have_text(
        "Menjahit Pakaian")
    expect(checked_option(staff.get_by_label("Unit MTU"))).to_have_text(
        "MTU-01 · MTU Garmen dan Kriya")
    expect(staff.locator("ul#trainer_ids").get_by_label(
        re.compile("^Alex Putra Utama"))).to_be_checked()
    staff.screenshot(path=artifacts / "batch-form-conflict-1280.png", full_page=True)
    assert any(error.startswith(EXPECTED_422) for error in console_errors)
    assert unexpected(console_errors) == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_schedule_on_a_phone(page, live_server, demo, console_errors, artifacts):
    window = Window.from_month_before(local_today())
    sign_in_as(page, live_server, STAFF)
    nav(page, "Jadwal")
    # It opens on the month before today, so that today and its batches are in view.
    period = (f"{format_date(window.first, 'MMM y', locale='id')} – "
              f"{format_date(window.last, 'MMM y', locale='id')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jadwal {period}")

    lanes = page.locator("section.lane")
    expect(lanes.locator("h3").filter(has_text=re.compile("^MTU-0[12] · "))).to_have_text(
        [re.compile("^MTU-01 · "), re.compile("^MTU-02 · ")])
    for code in ("MTU-01", "MTU-02"):
        lane = lanes.filter(has=page.locator("h3", has_text=code))
        expect(lane.locator("svg.year")).to_have_count(1)
    assert page.locator("svg.year rect.booking").count() > 0
    expect(page.locator("svg.year line.today").first).to_be_attached()
    for line in page.locator("svg.year line.today").all():
        box = line.bounding_box()
        assert box and 0 < box["x"] < PHONE["width"], "today is off-screen"
    gaps = page.locator("ul.bookings li.gap")
    expect(gaps.first).to_have_text(re.compile(r"^Kosong: .+ \(\d+ hari\)$"))
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "schedule-360.png", full_page=True)

    year = window.first.year
    page.get_by_role("link", name=f"‹ Jan–Des {year}").click()
    expect(page).to_have_url(re.compile(rf"[?&]year={year}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jadwal {year}")
    page.get_by_role("link", name=f"{year + 1} ›").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jadwal {year + 1}")
    expect(page.get_by_role("link", name=f"‹ {year}")).to_be_visible()
    expect(page.get_by_role("link", name="Mulai bulan lalu")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert console_errors == []


def test_staff_plan_a_prison_batch_without_a_unit(new_page, live_server, demo, console_errors,
                                                  artifacts):
    """Issue 23: the LPK brings its own equipment into a prison; no MTU unit goes."""
    start = (local_today() + timedelta(days=60)).isoformat()
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    nav(staff, "Paket")
    staff.get_by_role("link", name="Rencanakan paket", exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Rencanakan paket pelatihan")

    # Each change asks for the session-day count: awaited, as in the test above.
    staff.get_by_label("Kejuruan", exact=True).select_option(label="Membatik")
    counted(staff)
    staff.get_by_label("Jenis tempat").select_option(label="Lapas")
    staff.get_by_label("Nama tempat").fill("Lapas Kelas IIB Pasuruan")
    staff.get_by_label("Tanggal mulai").fill(start)
    staff.locator("ul#trainer_ids").get_by_label(re.compile("^Sri Wahyuni")).check()
    counted(staff)
    provider = staff.get_by_label("Peralatan dibawa oleh")
    # With a unit chosen the question does not arise; without one it is asked (CSS only).
    staff.get_by_label("Unit MTU").select_option(label="MTU-01 · MTU Garmen dan Kriya")
    counted(staff)
    expect(provider).to_be_hidden()
    staff.get_by_label("Unit MTU").select_option(label="— Tanpa unit MTU —")
    counted(staff)
    expect(provider).to_be_visible()
    staff.get_by_role("button", name="Simpan paket").click()

    # Not said who brings the equipment: asked beside the field, nothing typed is lost.
    expect(staff).to_have_url(re.compile(r"/batches/new$"))
    expect(staff.locator(".field.invalid").filter(has=provider)).to_contain_text(
        "Tanpa unit MTU, pilih siapa yang membawa peralatan.")
    expect(staff.get_by_label("Nama tempat")).to_have_value("Lapas Kelas IIB Pasuruan")
    expect(checked_option(staff.get_by_label("Unit MTU"))).to_have_text("— Tanpa unit MTU —")
    staff.get_by_label("Peralatan dibawa oleh").scroll_into_view_if_needed()
    staff.screenshot(path=artifacts / "batch-form-without-unit-1280.png")
    staff.get_by_label("Peralatan dibawa oleh").select_option(label="LPK pelatih")
    staff.get_by_role("button", name="Simpan paket").click()

    expect(staff).to_have_url(BATCH_URL)
    expect(staff.locator("#messages")).to_contain_text("Lapas Kelas IIB Pasuruan direncanakan.")
    facts = staff.locator("dl.facts")
    expect(facts).to_contain_text("Tanpa unit")
    equipment = staff.locator("#equipment")
    expect(equipment.locator("strong")).to_have_text(
        "Peralatan dibawa oleh LPK Mitra Terampil Pasuruan")
    expect(equipment.locator("ul.checklist li")).to_have_text(
        ["Canting dan gawangan", "Kompor batik"])
    staff.screenshot(path=artifacts / "batch-without-unit-1280.png", full_page=True)
    batch = db.session.scalar(select(Batch).where(
        Batch.venue_name == "Lapas Kelas IIB Pasuruan"))
    assert batch.unit_id is None and batch.equipment_provider == "lpk"
    db.session.commit()
    assert any(error.startswith(EXPECTED_422) for error in console_errors)
    assert unexpected(console_errors) == []


def test_a_change_while_the_day_count_loads_waits_for_it(new_page, live_server, demo,
                                                         console_errors):
    """On a slow link the staff change the dates before the first count is in: the second
    count waits its turn and the last one stays (no request cut off, nothing logged)."""
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    held = []
    staff.route(re.compile(r"/batches/session-days\?"),
                lambda route: held.append(route) if not held else route.continue_())
    staff.goto(live_server + "/batches/new")
    staff.get_by_label("Kejuruan", exact=True).select_option(label="Menjahit Pakaian")
    staff.wait_for_function("() => document.querySelector('.htmx-request')")
    assert len(held) == 1  # the first count, still on its way
    staff.get_by_label("Tanggal mulai").fill("2027-03-01")
    staff.get_by_label("Tanggal mulai").dispatch_event("change")
    held[0].continue_()
    expect(staff.locator("#session-days")).to_contain_text("30 hari kalender")
    counted(staff)
    assert console_errors == []

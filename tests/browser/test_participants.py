"""Staff enrol people in a batch by NIK on a phone, a withdrawal lets the waiting list move up,
and a trainer reads the roster of the batch they teach without seeing whole NIKs."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mtu.batches.models import Batch, BatchStatus
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.participants.models import Enrolment, Participant
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser

STAFF = "staf@demo.example"
TRAINER = "pelatih@demo.example"
BREAD = "Pembuatan Roti dan Kue"
WIRING = "Instalasi Listrik"
SEWING = "Menjahit Pakaian"
NEW_NIK = "3514045708010123"  # Kab. Pasuruan, a woman born 17-08-(20)01
NEW_NAME = "Wulan Sekar Arum"
ROSTER_URL = re.compile(r"/participants/batches/\d+$")
MASKED_NIK = re.compile(r"^\d{4}\*{8}\d{4}$")
# A form answered 422 on purpose (htmx swaps it; a plain post shows it): Chromium logs that.
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"


def unexpected(console_errors):
    return [error for error in console_errors
            if not error.startswith(EXPECTED_422)]


def masked(nik):
    return f"{nik[:4]}********{nik[-4:]}"


def open_roster(page, course, venue):
    """Paket → the batch of `course` held at `venue` → Peserta."""
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Paket", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paket pelatihan")
    row = page.locator("#results li.row").filter(has_text=venue).filter(has_text=course)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=course).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course)
    page.get_by_role("main").get_by_role("link", name="Peserta", exact=True).click()
    expect(page).to_have_url(ROSTER_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Peserta paket")


def group(page, label):
    """The rows under the roster's heading "<label> (n)"."""
    heading = page.locator("#roster h2").filter(has_text=re.compile(rf"^{label} \(\d+\)$"))
    return heading.locator("xpath=following-sibling::ol[1]").locator("> li")


def heading_of(page, label):
    return page.locator("#roster h2").filter(has_text=re.compile(rf"^{label} \(\d+\)$"))


def names_in(rows):
    """'3. Siti Rahayu' → 'Siti Rahayu', for every row."""
    return [re.sub(r"^\d+\.\s*", "", text.strip())
            for text in rows.locator("strong").all_inner_texts()]


def nik_lookup(page):
    return page.locator("#nik-lookup")


def batch_people(course, status):
    """(name, NIK) of everyone enrolled in the demo batch of `course` with `status`."""
    return db.session.execute(
        select(Participant.full_name, Participant.nik)
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .join(Batch, Batch.id == Enrolment.batch_id).join(Course, Course.id == Batch.course_id)
        .where(Course.name == course, Batch.status == status)
        .order_by(Participant.id)).all()


def start_of(course, status):
    return db.session.scalar(select(Batch.start_date).join(Course, Course.id == Batch.course_id)
                             .where(Course.name == course, Batch.status == status))


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_staff_enrol_a_known_and_a_new_person_by_nik_on_a_phone(page, live_server, demo,
                                                                 console_errors, artifacts):
    # Someone who finished the Bulukandang sewing course, not in the bread batch.
    known_name, known_nik = batch_people(SEWING, BatchStatus.DONE)[0]
    same_year = start_of(SEWING, BatchStatus.DONE).year == start_of(BREAD, BatchStatus.PLANNED).year
    assert db.session.scalar(select(Participant.id).where(Participant.nik == NEW_NIK)) is None

    sign_in_as(page, live_server, STAFF)
    open_roster(page, BREAD, "UPT LKD")
    expect(heading_of(page, "Terdaftar")).to_have_text("Terdaftar (6)")
    expect(heading_of(page, "Diterima")).to_have_count(0)
    card = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Daftarkan peserta"))
    nik_field = card.get_by_label("NIK peserta")

    # A known NIK, typed digit by digit: who it is, what they trained in, one button to enrol.
    nik_field.press_sequentially(known_nik)
    found = nik_lookup(page)
    expect(found).to_contain_text("NIK ini sudah terdaftar:")
    expect(found.get_by_role("link", name=known_name)).to_be_visible()
    expect(found.locator("ul.links li")).to_have_count(1)
    expect(found.locator("ul.links li")).to_contain_text(SEWING)
    enrol = found.get_by_role("button", name=f"Daftarkan {known_name} ke paket ini")
    expect(enrol).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    found.screenshot(path=artifacts / "participant-lookup-known-360.png")
    page.screenshot(path=artifacts / "participant-lookup-known-page-360.png", full_page=True)

    enrol.click()
    expect(page).to_have_url(ROSTER_URL)
    expect(page.locator("#messages .flash.success")).to_have_text(f"{known_name}: Diterima.")
    # A course earlier the same year: staff are warned, and the enrolment goes ahead anyway.
    warning = page.locator("#messages .flash.warning")
    if same_year:
        expect(warning).to_have_text(re.compile(
            rf"^{known_name} sudah ikut pelatihan tahun ini: {SEWING}"))
    else:
        expect(warning).to_have_count(0)
    page.screenshot(path=artifacts / "participant-roster-enrolled-360.png", full_page=True)
    accepted = group(page, "Diterima")
    expect(heading_of(page, "Diterima")).to_have_text("Diterima (1)")
    expect(accepted).to_have_count(1)
    expect(accepted.first).to_contain_text(known_name)
    expect(accepted.first.locator("small")).to_have_text(masked(known_nik))
    assert MASKED_NIK.match(accepted.first.locator("small").inner_text().strip())
    expect(heading_of(page, "Terdaftar")).to_have_text("Terdaftar (6)")
    assert known_nik not in page.content(), "the roster shows a whole NIK"
    expect(card.get_by_label("NIK peserta")).to_have_value("")

    # A new, valid NIK: what it says, and a button to record the person for this batch (a
    # POST: the NIK never travels in a URL).
    page.evaluate("window.__marker = 1")
    card.get_by_label("NIK peserta").press_sequentially(NEW_NIK)
    expect(nik_lookup(page)).to_contain_text(
        "NIK valid dan belum terdaftar: Perempuan, lahir 17-08-..01.")
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    nik_lookup(page).screenshot(path=artifacts / "participant-lookup-new-360.png")
    nik_lookup(page).get_by_role("button", name="Catat peserta baru").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Catat peserta")
    expect(page.get_by_text(f"Untuk paket {BREAD}")).to_be_visible()
    expect(page.get_by_label("NIK", exact=True)).to_have_value(NEW_NIK)
    page.get_by_label("Nama lengkap").fill(NEW_NAME)
    page.get_by_label("Jenis kelamin").select_option(label="Perempuan")
    page.get_by_label("Tanggal lahir").fill("2001-08-17")
    page.get_by_label("Telepon").fill("0812-3456-7001")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "participant-new-form-360.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(ROSTER_URL)
    expect(page.locator("#messages .flash.success")).to_have_text(f"{NEW_NAME} tercatat.")
    expect(heading_of(page, "Diterima")).to_have_text("Diterima (2)")
    new_row = group(page, "Diterima").filter(has_text=NEW_NAME)
    expect(new_row).to_have_count(1)
    expect(new_row.locator("small")).to_have_text(masked(NEW_NIK))
    assert NEW_NIK not in page.content(), "the roster shows a whole NIK"

    # A short NIK is explained as it is typed, without reloading the page.
    page.evaluate("window.__marker = 2")
    page.get_by_label("NIK peserta").fill("12345")
    expect(nik_lookup(page).locator(".error")).to_have_text("NIK harus 16 angka (tertulis 5).")
    assert page.evaluate("window.__marker") == 2, "the page reloaded"
    expect(page.get_by_label("NIK peserta")).to_have_value("12345")

    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "participant-roster-360.png", full_page=True)
    assert unexpected(console_errors) == []


def test_withdrawal_moves_the_waiting_list_up_in_place(new_page, live_server, demo,
                                                       console_errors, artifacts):
    staff = new_page()
    sign_in_as(staff, live_server, STAFF)
    open_roster(staff, WIRING, "Kantor Kecamatan Kraton")
    accepted, waiting = group(staff, "Diterima"), group(staff, "Cadangan")
    expect(accepted).to_have_count(16)
    expect(waiting).to_have_count(3)
    expect(staff.locator("#roster p.muted")).to_have_text(
        "Diterima 16 dari kuota 16 · cadangan 3")
    leaving = names_in(accepted)[0]
    old_waiting = names_in(waiting)

    staff.evaluate("window.__marker = 1")
    row = accepted.first
    row.locator("summary", has_text="Mundur").click()
    row.get_by_label("Alasan mengundurkan diri").fill("Diterima kerja di pabrik")
    row.get_by_role("button", name=re.compile(r"^Ya, .* mundur$")).click()
    expect(staff.locator("#roster .flash").last).to_have_text(
        f"{old_waiting[0]} naik dari daftar cadangan.")
    expect(staff.locator("#roster .flash").first).to_have_text(f"{leaving} mengundurkan diri.")
    expect(waiting).to_have_count(2)
    assert names_in(waiting) == old_waiting[1:]
    expect(accepted).to_have_count(16)
    assert old_waiting[0] in names_in(accepted)
    assert leaving not in names_in(accepted)
    expect(group(staff, "Mengundurkan diri")).to_have_count(1)
    expect(group(staff, "Mengundurkan diri").first).to_contain_text(leaving)
    expect(group(staff, "Mengundurkan diri").get_by_role("button")).to_have_count(0)
    expect(staff.locator("#roster p.muted")).to_have_text(
        "Diterima 16 dari kuota 16 · cadangan 2")
    assert staff.evaluate("window.__marker") == 1, "the page reloaded"
    staff.screenshot(path=artifacts / "participant-roster-withdrawn-1280.png", full_page=True)
    assert unexpected(console_errors) == []


def test_trainer_reads_the_roster_with_masked_niks_only(new_page, live_server, demo,
                                                       console_errors, artifacts):
    people = batch_people(SEWING, BatchStatus.RUNNING)
    trainer = new_page()
    sign_in_as(trainer, live_server, TRAINER)
    open_roster(trainer, SEWING, "Balai Desa Dhompo")

    accepted = group(trainer, "Diterima")
    expect(heading_of(trainer, "Diterima")).to_have_text("Diterima (16)")
    expect(accepted).to_have_count(16)
    shown = names_in(accepted)
    assert set(shown) <= {name for name, _nik in people}
    for nik in accepted.locator("small").all_inner_texts():
        assert MASKED_NIK.match(nik.strip()), nik
    html = trainer.content()
    for _name, nik in people:
        assert nik not in html, "the trainer sees a whole NIK"
    expect(accepted.get_by_role("link")).to_have_count(0)  # no profiles for trainers
    expect(trainer.get_by_role("heading", name="Daftarkan peserta")).to_have_count(0)
    expect(trainer.get_by_label("NIK peserta")).to_have_count(0)
    expect(trainer.get_by_text("Mundur")).to_have_count(0)
    expect(trainer.get_by_role("button", name="Terima")).to_have_count(0)
    trainer.screenshot(path=artifacts / "participant-roster-trainer-1280.png", full_page=True)
    assert unexpected(console_errors) == []

"""A prison programme's coordination (issue 15): staff create the programme with four agencies
and record a meeting with two action items; the agency's user marks its item done on a phone;
the programme PDF shows it."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from mtu.clock import local_today
from mtu.extensions import db
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser
DISPERINDAG = "Dinas Perindustrian dan Perdagangan Kab. Malang"
KOPERASI = "Dinas Koperasi dan UMKM Kab. Malang"
BPJS = "BPJS Ketenagakerjaan Cabang Malang"
PRISON = "Lapas Perempuan Kelas IIA Malang (Kebonsari)"
# What Chromium logs for the save sent without signal on purpose.
OFFLINE = ("Failed to load resource: net::ERR_INTERNET_DISCONNECTED", "htmx:sendError",
           "htmx:afterRequest")


def _create_programme_with_four_agencies(staff, live_server) -> int:
    """Staff start the programme on its form, with four partner agencies; its id."""
    staff.goto(live_server + "/programmes/new")
    staff.get_by_label("Nama program").fill("Sulam Warga Binaan Uji")
    staff.get_by_label("Lapas", exact=True).select_option(label=PRISON)
    staff.get_by_label("Dasar hukum").fill("Instruksi Bupati No. 7 Tahun 2026")
    for index, (agency, role) in enumerate(((DISPERINDAG, "Pemasaran"),
                                            (KOPERASI, "Permodalan"),
                                            (BPJS, "Jaminan sosial"), (PRISON, "Pelatihan"))):
        staff.locator(f"#partners-{index}-agency_id").select_option(label=agency)
        staff.locator(f"#partners-{index}-role").select_option(label=role)
    staff.get_by_role("button", name="Buat program").click()
    expect(staff).to_have_url(re.compile(r"/programmes/\d+$"))
    expect(staff.locator("#partners li")).to_have_count(4)
    return int(staff.url.rsplit("/", 1)[1])


def test_meeting_action_items_done_on_a_phone_and_in_the_pdf(new_page, live_server, demo,
                                                             console_errors, artifacts):
    today = local_today()
    staff = new_page()
    sign_in_as(staff, live_server, "staf@demo.example")
    programme_id = _create_programme_with_four_agencies(staff, live_server)
    staff.get_by_role("link", name="Catat rapat").click()
    staff.get_by_label("Tempat").fill("Aula Lapas Uji")
    staff.get_by_label("Pimpinan rapat").fill("Kabid Pelatihan Disnaker")
    staff.get_by_label(DISPERINDAG).check()
    staff.get_by_label(KOPERASI).check()
    staff.get_by_label("Keputusan").fill("Pameran produk sulam\nAkses permodalan")
    staff.screenshot(path=artifacts / "prison-meeting-form.png", full_page=True)
    staff.get_by_role("button", name="Simpan rapat").click()
    expect(staff).to_have_url(re.compile(r"/programmes/meetings/\d+$"))
    expect(staff.get_by_text("Rapat koordinasi dicatat.")).to_be_visible()

    for description, agency, days in (("Fasilitasi pameran produk sulam", DISPERINDAG, 14),
                                      ("Akses permodalan KUR", KOPERASI, 30)):
        staff.get_by_label("Tindak lanjut", exact=True).fill(description)
        staff.get_by_label("Instansi penanggung jawab").select_option(label=agency)
        staff.get_by_label("Batas waktu").fill((today + timedelta(days=days)).isoformat())
        staff.get_by_role("button", name="Tambah tindak lanjut").click()
        expect(staff.locator("#actions li.action", has_text=description)).to_be_visible()
    expect(staff.locator("#actions li.action")).to_have_count(2)
    expect(staff.get_by_label("Tindak lanjut", exact=True)).to_have_value("")
    staff.screenshot(path=artifacts / "prison-meeting-desktop.png", full_page=True)

    agency = new_page(PHONE)
    sign_in_as(agency, live_server, "dinas@demo.example")
    tasks = agency.locator("#tasks")
    expect(tasks).to_contain_text("Tugas instansi Anda")
    row = tasks.locator("li.action", has_text="Fasilitasi pameran produk sulam")
    expect(row).to_contain_text("Belum dikerjakan")
    expect(tasks).not_to_contain_text("Akses permodalan KUR")
    # Without signal nothing looks saved: the select goes back to what the server holds.
    agency.context.set_offline(True)
    row.get_by_label("Status").select_option("done")
    row.get_by_label("Catatan").fill("Pameran 12 Oktober di alun-alun")
    assert scroll_width(agency) <= PHONE["width"]
    row.get_by_role("button", name="Simpan").click()
    failure = row.locator(".request-failed")
    expect(failure).to_contain_text("Belum tersimpan: tidak ada sambungan internet.")
    expect(row.get_by_label("Status")).to_have_value("open")
    expect(row.locator(".badge")).to_have_text("Belum dikerjakan")
    agency.screenshot(path=artifacts / "prison-agency-offline-360.png", full_page=True)
    agency.context.set_offline(False)
    failure.get_by_role("button", name="Coba lagi").click()
    expect(row).to_contain_text("Tersimpan: Selesai.")
    expect(row.locator(".badge")).to_have_text("Selesai")
    assert scroll_width(agency) <= PHONE["width"]
    agency.screenshot(path=artifacts / "prison-agency-home-360.png", full_page=True)

    # The programme's report, downloaded as the agency's user: the item is done.
    agency.goto(live_server + f"/programmes/meetings/{_last_meeting_id(programme_id)}")
    link = agency.get_by_role("link", name="Laporan program (PDF)")
    pdf = agency.context.request.get(live_server + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (artifacts / "prison-programme-report.pdf").write_bytes(pdf.body())
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.body())).pages)
    assert "Fasilitasi pameran produk sulam" in text
    assert "Pameran 12 Oktober di alun-alun" in text
    assert re.search(r"Selesai", text) and "Akses permodalan KUR" in text
    assert [e for e in console_errors if not e.startswith(OFFLINE)] == []


def _last_meeting_id(programme_id):
    from mtu.prison_programs.models import Meeting

    db.session.commit()
    return db.session.scalar(select(Meeting.id).where(Meeting.programme_id == programme_id)
                             .order_by(Meeting.id.desc()).limit(1))

"""From the village's OpenSID file to a batch: the operator of Bulukandang uploads the
"unduh" export, filters and ticks two residents; staff enrol the candidates in one step and
the batch's one seat goes to the first, the other waits in line."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mtu.clock import local_today
from mtu.proposals.models import Status
from mtu.regions.services import find_by_code
from tests.browser.conftest import PHONE, scroll_width, sign_in_as
from tests.candidates.conftest import SAMPLES
from tests.factories import BatchFactory, ProposalFactory

pytestmark = pytest.mark.browser


def test_from_the_opensid_file_to_candidates_enrolled_in_a_batch(page, new_page, live_server,
                                                                   demo, db, console_errors,
                                                                   artifacts):
    village = find_by_code("35.14.04.2006")
    start = local_today() + timedelta(days=40)
    batch = BatchFactory(regency=village.parent.parent, quota=1, year=start.year,
                         start_date=start, venue_name="Balai Desa Bulukandang")
    proposal = ProposalFactory(village=village, status=Status.SCHEDULED.value,
                               vocation_text="Barista", course=None, batch=batch)
    sign_in_as(page, live_server, "desa@demo.example")
    page.goto(f"{live_server}/proposals/{proposal.id}")
    page.get_by_role("link", name="Daftar calon").click()
    page.get_by_role("link", name="Ambil dari data penduduk (OpenSID)").click()
    page.get_by_label("Berkas data penduduk dari OpenSID").set_input_files(
        SAMPLES / "Penduduk_unduh.xls")
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_text("4 dari 4 penduduk cocok dengan saringan")).to_be_visible()
    expect(page.get_by_text("NIK ini dari kecamatan lain (kode 35.14.05)")).to_be_visible()
    page.get_by_label("Jenis kelamin").select_option(label="Perempuan")
    expect(page.get_by_text("2 dari 4 penduduk cocok")).to_be_visible()
    expect(page.get_by_role("cell", name="AHMAD RIZKI")).to_have_count(0)
    page.screenshot(path=artifacts / "candidates-filtered.png", full_page=True)
    page.get_by_label("Jenis kelamin").select_option(label="Semua")
    expect(page.get_by_text("4 dari 4 penduduk cocok")).to_be_visible()
    page.get_by_label("Usulkan AHMAD RIZKI").check()
    page.get_by_label("Usulkan SITI AMINAH").check()
    expect(page.get_by_label("Usulkan BUDI SANTOSO")).to_be_disabled()
    page.get_by_role("button", name="Simpan yang dicentang sebagai calon").click()
    expect(page.get_by_text("2 calon peserta disimpan.")).to_be_visible()
    page.screenshot(path=artifacts / "candidates-ticked.png", full_page=True)
    page.get_by_role("button", name="Selesai: hapus data penduduk dari berkas").click()
    expect(page.get_by_role("button", name="Hapus SITI AMINAH dari calon")).to_be_visible()
    page.screenshot(path=artifacts / "candidates-list.png", full_page=True)

    staff = new_page()
    sign_in_as(staff, live_server, "staf@demo.example")
    staff.goto(f"{live_server}/proposals/{proposal.id}/candidates")
    staff.get_by_role("button", name="Daftarkan 2 calon ke paket").click()
    expect(staff.get_by_text("1 calon diterima di paket, 1 masuk daftar cadangan "
                             "(2 orang baru dicatat).")).to_be_visible()
    expect(staff.get_by_text("Didaftarkan ke paket")).to_have_count(2)
    expect(staff.get_by_role("button", name="Daftarkan")).to_have_count(0)
    expect(staff.get_by_role("button", name="Hapus")).to_have_count(0)  # enrolled: they stay
    staff.screenshot(path=artifacts / "candidates-enrolled.png", full_page=True)
    staff.goto(f"{live_server}/participants/batches/{batch.id}")
    expect(staff.get_by_text("AHMAD RIZKI").first).to_be_visible()
    staff.screenshot(path=artifacts / "candidates-roster.png", full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_the_residents_fit_a_phone(page, live_server, demo, db, console_errors, artifacts):
    proposal = ProposalFactory(village=find_by_code("35.14.04.2006"), vocation_text="Barista",
                               course=None)
    sign_in_as(page, live_server, "desa@demo.example")
    page.goto(f"{live_server}/proposals/{proposal.id}/residents")
    page.get_by_label("Berkas data penduduk dari OpenSID").set_input_files(
        SAMPLES / "Penduduk_unduh.xls")
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_text("4 dari 4 penduduk cocok dengan saringan")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "candidates-residents-360.png", full_page=True)
    assert console_errors == []

"""A village of Kec. Lumbang (35.14.04), which the samples' NIKs belong to, its proposal, and
the two OpenSID formats: the committed "unduh" .xls (an HTML table) and an XLSX built here."""

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.factories import ProposalFactory, SubdistrictFactory, VillageFactory, nik_regions

SAMPLES = Path(__file__).parent / "samples"

# The XLSX as OpenSID's Database › Ekspor writes it (header names from
# donjo-app/views/export/penduduk_excel.php), with a title row above as exports have.
XLSX_HEADER = ["Alamat", "Dusun", "RW", "RT", "Nama", "Nomor KK", "Nomor NIK", "Jenis Kelamin",
               "Tempat Lahir", "Tanggal Lahir", "Agama", "Pendidikan (dLm KK)",
               "Pendidikan (sdg ditemph)", "Pekerjaan", "Kawin", "Hub. Keluarga", "Nama Ayah",
               "Nama Ibu"]
XLSX_ROWS = [
    ["JL. MAWAR 3", "KRAJAN", "002", "001", "AHMAD RIZKI", "3514041201100001",
     "3514041708950001", "LAKI-LAKI", "PASURUAN", datetime(1995, 8, 17), "ISLAM",
     "SLTA / SEDERAJAT", "TIDAK SEDANG SEKOLAH", "BELUM/TIDAK BEKERJA", "BELUM KAWIN", "ANAK",
     "SAMSUL", "SITI"],
    ["JL. MELATI 7", "SUMBER", "003", "004", "SITI AMINAH", "3514041201100002",
     "3514045203000002", "PEREMPUAN", "MALANG", "12-03-2000", "ISLAM", "DIPLOMA IV/ STRATA I",
     "", "WIRASWASTA", "KAWIN", "ISTRI", "HASAN", "AMINAH"],
    ["JL. KENANGA 1", "KRAJAN", "002", "003", "BUDI SANTOSO", "3514051201100003",
     "3514051005900003", "LAKI-LAKI", "PROBOLINGGO", "10-05-1990", "ISLAM",
     "TAMAT SD / SEDERAJAT", "", "PETANI/PEKEBUN", "KAWIN", "KEPALA KELUARGA", "SUPARNO", "SRI"],
]


def xlsx_bytes(rows=XLSX_ROWS, header=XLSX_HEADER, title=True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["DATA PENDUDUK"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unduh_bytes() -> bytes:
    return (SAMPLES / "Penduduk_unduh.xls").read_bytes()


@pytest.fixture
def village(db):
    subdistrict = SubdistrictFactory(code="35.14.04", name="Lumbang", parent=nik_regions())
    return VillageFactory(code="35.14.04.2006", name="Bulukandang", parent=subdistrict)


@pytest.fixture
def proposal(village):
    return ProposalFactory(village=village, candidates=10)

"""Reading OpenSID's exports: both formats mapped to MTU's words, broken files refused."""

import io
import zipfile

import pytest

from mtu.candidates import opensid
from mtu.participants.import_files import ImportFileError
from tests.candidates.conftest import XLSX_HEADER, unduh_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def test_the_unduh_html_table_is_read_and_mapped():
    residents, _notices = opensid.read_residents(unduh_bytes())
    first, second, third, fourth = residents
    assert (first.nik, first.full_name, first.gender, first.birth_place, first.birth_date) == (
        "3514041708950001", "AHMAD RIZKI", "M", "PASURUAN", "1995-08-17")
    assert (first.address, first.dusun, first.rt, first.rw) == ("JL. MAWAR 3", "KRAJAN", "001",
                                                                "002")
    assert (first.education, first.occupation, first.employment) == (
        "senior", "BELUM/TIDAK BEKERJA", "job_seeker")
    assert (second.gender, second.birth_date, second.education) == ("F", "2000-03-12", "degree")
    assert (third.education, third.employment) == ("primary", "worker")
    assert (fourth.education, fourth.employment) == ("junior", "job_seeker")
    # Nothing else is kept: no KK number, religion, parents.
    assert set(vars(first)) == {"line", "nik", "full_name", "gender", "birth_place",
                                "birth_date", "address", "dusun", "rt", "rw", "education",
                                "education_text", "occupation", "employment", "flags"}


def test_the_xlsx_export_is_read_with_excel_dates_and_text_dates():
    residents, _notices = opensid.read_residents(xlsx_bytes())
    first, second, _third = residents
    assert (first.nik, first.birth_date, first.gender) == ("3514041708950001", "1995-08-17", "M")
    assert (second.birth_date, second.employment) == ("2000-03-12", "self_employed")


def test_the_import_templates_codes_are_understood():
    header = ["nama", "nik", "sex", "tempatlahir", "tanggallahir", "pendidikan_kk_id",
              "pekerjaan_id", "dusun", "rt", "rw", "alamat"]
    row = ["ANI", "3514045203000002", 2, "MALANG", 36597, 7, 1, "SUMBER", "004", "003", "-"]
    resident, = opensid.read_residents(xlsx_bytes([row], header, title=False))[0]
    assert (resident.gender, resident.birth_date, resident.education) == ("F", "2000-03-12",
                                                                          "diploma")
    assert (resident.occupation, resident.employment) == ("BELUM/TIDAK BEKERJA", "job_seeker")


@pytest.mark.parametrize("value, expected", [
    ("17-08-1995", "1995-08-17"), ("17/08/1995", "1995-08-17"), ("1995-08-17", "1995-08-17"),
    ("07 Juni 1995", "1995-06-07"), ("31-02-1995", "31-02-1995"), ("kemarin", "kemarin"),
])
def test_dates(value, expected):
    assert opensid.date_of(value) == expected


@pytest.mark.parametrize("text, level", [
    ("TIDAK / BELUM SEKOLAH", "none"), ("BELUM TAMAT SD/SEDERAJAT", "none"),
    ("TAMAT SD / SEDERAJAT", "primary"), ("SLTP/SEDERAJAT", "junior"),
    ("SLTA / SEDERAJAT", "senior"), ("DIPLOMA I / II", "diploma"),
    ("AKADEMI/ DIPLOMA III/S. MUDA", "diploma"), ("DIPLOMA IV/ STRATA I", "degree"),
    ("STRATA II", "degree"), ("STRATA III", "degree"), ("PAUD", None),
])
def test_education_levels(text, level):
    assert opensid.education_of(text) == level


def _zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "Berkas kosong."),
    (b"x" * (2 * 1024 * 1024 + 1), "lebih dari 2 MB"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "Excel 97"),
    (b"NIK;Nama\n3514041708950001;Ani\n", "bukan ekspor data penduduk OpenSID"),
    (_zip_of("hello.txt", b"hi"), "rusak"),
    (b"<html><body><table><tr><th>Nama</th><th>Alamat</th></tr>"
     b"<tr><td>ANI</td><td>JL</td></tr></table></body></html>", "Kolom NIK tidak ditemukan"),
])
def test_bad_files_are_refused_with_their_message(data, message):
    with pytest.raises(ImportFileError) as refused:
        opensid.read_residents(data)
    assert message in str(refused.value)


def test_a_file_without_nik_column_in_xlsx_is_refused():
    header = [name for name in XLSX_HEADER if name != "Nomor NIK"]
    with pytest.raises(ImportFileError, match="Kolom NIK tidak ditemukan"):
        opensid.read_residents(xlsx_bytes([["JL"] * len(header)], header))


def test_more_than_5000_residents_are_refused(monkeypatch):
    monkeypatch.setattr(opensid, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError, match="lebih dari 2 penduduk"):
        opensid.read_residents(unduh_bytes())

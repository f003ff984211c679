"""The bulk import of participants: reading CSV and XLSX, checking rows, importing all or none."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from mtu.authz import Role
from mtu.participants import import_checks, importing
from mtu.participants.importing import ImportChanged, ImportFileError, Row
from mtu.participants.models import Enrolment, Participant, ParticipantImport
from mtu.reports.models import Export
from mtu.rules import RuleError
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    ProvinceFactory,
    RegencyFactory,
    SubdistrictFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
    valid_nik,
)

HEADER = "nik,nama,jenis_kelamin,tanggal_lahir,alamat,desa,telepon,pendidikan,status_kerja"
BUDI = "3514041708950001"  # male, 17-08-1995
SITI = "3514045708950002"  # female, 17-08-1995


@dataclass
class Place:
    regency: object
    village: object
    staff: object
    batch: object


@pytest.fixture
def place(db):
    """Kab. Pasuruan with Desa Bulukandang, a staff member and a batch open for registration."""
    regency = RegencyFactory(code="35.14", name="Kab. Pasuruan",
                             parent=ProvinceFactory(code="35", name="Jawa Timur"))
    subdistrict = SubdistrictFactory(code="35.14.04", name="Lumbang", parent=regency)
    village = VillageFactory(code="35.14.04.2006", name="Bulukandang", parent=subdistrict)
    staff = UserFactory(staff=True, regency=regency)
    batch = BatchFactory(regency=regency, status="registration", quota=16)
    return Place(regency, village, staff, batch)


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def _xlsx(rows, sheets=1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Lain {number}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(*lines: str) -> list[Row]:
    return importing.parse_file("peserta.csv", _csv(*lines)).rows


def _problems(results) -> dict[int, list[str]]:
    return {result.line: result.problems for result in results}


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- Reading files ---------------------------------------------------------------------


def test_csv_columns_are_found_whatever_their_case_spacing_and_order(db):
    data = ("\ufeffNama Lengkap;NIK;Jenis Kelamin;Tanggal Lahir (YYYY-MM-DD)*;Catatan\n"
            f"Budi Santoso;{BUDI};L;17/08/1995;x\n\n"
            f"Siti Aminah;{SITI};P;17-08-1995;\n").encode()
    parsed = importing.parse_file("data.csv", data)
    assert [row.line for row in parsed.rows] == [2, 4]  # the row numbers the file shows
    assert parsed.rows[0].values == {"nama": "Budi Santoso", "nik": BUDI,
                                     "jenis_kelamin": "L", "tanggal_lahir": "17/08/1995"}
    assert parsed.blank_lines == [3]
    assert parsed.notices == ["Kolom yang tidak dikenal diabaikan: catatan."]


def test_a_csv_saved_by_old_excel_in_cp1252_is_read(db):
    data = f"nik,nama,jenis_kelamin,tanggal_lahir\n{BUDI},Andr\xe9 Wijaya,L,1995-08-17\n"
    parsed = importing.parse_file("data.csv", data.encode("cp1252"))
    assert parsed.rows[0]["nama"] == "André Wijaya"


def test_xlsx_cells_are_read_as_the_spreadsheet_shows_them(db):
    data = _xlsx([
        ["Daftar peserta"],  # a title above the header is read as the header row: refused
    ])
    with pytest.raises(ImportFileError):
        importing.parse_file("p.xlsx", data)
    data = _xlsx([
        ["NIK", "Nama", "Jenis kelamin", "Tanggal lahir", "Telepon"],
        [BUDI, "Budi Santoso", "L", datetime(1995, 8, 17), 81234567890],
        [None, None, None, None, None],
        [3514045708950002, "Siti Aminah", "P", "17/08/1995", "+62 812 3456 7890"],
        [3514045708950010, "Ani", "P", date(1995, 8, 17), None],
    ], sheets=2)
    parsed = importing.parse_file("peserta.xlsx", data)
    assert [row.line for row in parsed.rows] == [2, 4, 5]
    budi, siti, ani = parsed.rows
    assert budi.values == {"nik": BUDI, "nama": "Budi Santoso", "jenis_kelamin": "L",
                           "tanggal_lahir": "1995-08-17", "telepon": "081234567890"}
    assert siti["nik"] == SITI and not siti.flags
    assert ani.flags == [importing.NIK_AS_NUMBER]  # Excel may have cut its last digit
    assert parsed.notices == ["Hanya lembar pertama (“Sheet”) yang dibaca."]


def test_a_file_is_told_apart_by_its_content_not_its_name(db):
    xlsx = _xlsx([["nik", "nama", "jenis_kelamin", "tanggal_lahir"],
                  [BUDI, "Budi", "L", "1995-08-17"]])
    assert importing.parse_file("peserta.csv", xlsx).rows[0]["nama"] == "Budi"


@pytest.mark.parametrize("filename, data, message", [
    ("a.csv", b"", "Berkas kosong."),
    ("a.csv", b"\n\n  \n", "Berkas kosong."),
    ("a.csv", b"nik,nama,jenis_kelamin,tanggal_lahir\n", "hanya berisi baris judul"),
    ("a.csv", b"nik,nama\n1,2\n", "Kolom wajib tidak ada: jenis_kelamin, tanggal_lahir."),
    ("a.csv", b"nik,nama,nik,jenis_kelamin,tanggal_lahir\n", "Kolom nik muncul dua kali"),
    ("a.csv", "nik,nama\n".encode("utf-16"), "bukan CSV atau XLSX"),
    ("a.csv", b"\x81\x8d\x8f\x90\x9d", "tidak terbaca"),
    ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Format .xls"),
    ("a.xlsx", b"PK\x03\x04 not really a zip", ".xlsx ini rusak"),
    ("a.xlsx", b"nik,nama\n", ".xlsx ini rusak"),
    ("a.csv", b'nik,nama,jenis_kelamin,tanggal_lahir\n"x' + b"y" * 200_000 + b'"\n', "CSV rusak"),
])
def test_unreadable_files_are_explained(db, filename, data, message):
    with pytest.raises(ImportFileError) as refused:
        importing.parse_file(filename, data)
    assert message in str(refused.value)


def test_a_damaged_xlsx_is_explained(db):
    data = bytearray(_xlsx([["nik", "nama", "jenis_kelamin", "tanggal_lahir"]]))
    data[200:400] = b"\0" * 200
    with pytest.raises(ImportFileError, match="rusak"):
        importing.parse_file("p.xlsx", bytes(data))


def test_at_most_2000_rows(db):
    line = f"{BUDI},Budi,L,1995-08-17"
    assert len(importing.parse_file("a.csv", _csv(*[line] * 2000, header=HEADER)).rows) == 2000
    with pytest.raises(ImportFileError, match="lebih dari 2.000 baris"):
        importing.parse_file("a.csv", _csv(*[line] * 2001))


# --- Checking rows ---------------------------------------------------------------------


def test_every_problem_of_every_row_is_listed(place):
    rows = _rows(
        f"{BUDI},Budi Santoso,L,1995-08-17,Dusun Krajan,35.14.04.2006,0812 3456 7890,SMK,"
        "pekerja",
        "351404170895001,Tanpa Digit,L,1995-08-17,,,,,",
        ",,,,Dusun Krajan,,,,",
        f"{SITI},Siti,L,1995-08-18,,,12345,S9,pensiun",
        f"{valid_nik(3)},Ana,L,31/02/1995,,Desa Entah,,,",
        f"{valid_nik(4)},Ani,X,2095-08-17,,,,,",
    )
    results = importing.validate_rows(rows, place.batch, place.staff)
    assert _problems(results) == {
        2: [],
        3: ["NIK harus 16 angka (tertulis 15)."],
        4: ["NIK wajib diisi.", "Nama wajib diisi.", "Jenis kelamin wajib diisi.",
            "Tanggal lahir wajib diisi."],
        5: ["Menurut NIK, jenis kelaminnya Perempuan.",
            "Tanggal lahir tidak sama dengan yang tertulis di NIK (17-08-..95).",
            "Nomor telepon “12345” tidak valid (contoh: 0812-3456-7890 atau +62 812 3456 7890).",
            "Pendidikan “S9” tidak dikenal; isi SD, SMP, SMA, SMK, D1–D4, S1, S2 atau tidak "
            "sekolah.",
            "Status kerja “pensiun” tidak dikenal; isi pencari kerja, pekerja, warga binaan "
            "atau wirausaha."],
        6: ["Tanggal lahir “31/02/1995” tidak dikenali; tulis 1995-08-17 atau 17/08/1995.",
            "Desa/kelurahan “Desa Entah” tidak ditemukan; tulis namanya persis atau kode "
            "Kemendagri-nya (mis. 35.14.04.2006)."],
        7: ["Jenis kelamin harus L atau P (tertulis “X”).",
            "Tanggal lahir tidak boleh di masa depan."],
    }
    data = results[0].data
    assert (data.nik, data.gender, data.birth_date, data.village, data.phone, data.education,
            data.employment) == (BUDI, "M", date(1995, 8, 17), place.village, "081234567890",
                                 "senior", "worker")


def test_missing_optional_values_are_said_not_guessed_silently(place):
    [result] = importing.validate_rows(_rows(f"{BUDI},Budi,L,1995-08-17,,,,,"), place.batch)
    assert result.valid and (result.data.education, result.data.employment) == (
        "senior", "job_seeker")
    assert result.notes == ["Pendidikan kosong: dicatat SMA/SMK/sederajat.",
                            "Status kerja kosong: dicatat Pencari kerja."]


def test_villages_by_code_or_exact_name(place):
    other = VillageFactory(name="Bulukandang")  # a namesake in another district
    twin = VillageFactory(name="Sumberejo", parent=place.village.parent)
    VillageFactory(name="Sumberejo", parent=SubdistrictFactory(parent=place.regency))
    rows = _rows(*[f"{valid_nik(n)},Orang {n},L,1995-08-17,,{desa},,," for n, desa in enumerate(
        ["35.14.04.2006", "3514042006", "desa bulukandang", other.code, "Sumberejo",
         "35.14.04.9999"], 1)])
    results = importing.validate_rows(rows, place.batch)
    assert [r.data.village if r.valid else None for r in results] == [
        place.village, place.village, place.village, other, None, None]
    assert "Ada beberapa desa/kelurahan bernama “Sumberejo”" in results[4].problems[0]
    assert "“35.14.04.9999” tidak ditemukan" in results[5].problems[0]
    assert twin.code != other.code


def test_duplicate_niks_within_the_file_flag_both_rows(place):
    rows = _rows(f"{BUDI},Budi,L,1995-08-17", f"{SITI},Siti,P,1995-08-17",
                 "3514 0417 0895 0001,Budi S,L,1995-08-17")
    results = importing.validate_rows(rows, place.batch)
    assert _problems(results) == {2: ["NIK yang sama juga ada di baris 4."], 3: [],
                                  4: ["NIK yang sama juga ada di baris 2."]}


def test_known_people_are_enrolled_as_they_are_and_refusals_show_before_import(place):
    budi = ParticipantFactory(nik=BUDI, full_name="Budi Santoso")
    siti = ParticipantFactory(nik=SITI, full_name="Siti Aminah", gender="F")
    ana = ParticipantFactory(nik=valid_nik(3), full_name="Ana")
    dewi = ParticipantFactory(nik=valid_nik(4, female=True), full_name="Dewi", gender="F")
    EnrolmentFactory(participant=siti, batch=place.batch, status="waitlisted")
    overlapping = BatchFactory(regency=place.regency, start_date=date(2026, 3, 15))
    EnrolmentFactory(participant=ana, batch=overlapping)
    earlier = BatchFactory(regency=place.regency, start_date=date(2026, 1, 1))
    EnrolmentFactory(participant=dewi, batch=earlier, status="passed")
    EnrolmentFactory(participant=budi, batch=overlapping, status="withdrawn")
    rows = _rows(f"{BUDI},budi  santoso,L,1995-08-17", f"{SITI},Siti,P,1995-08-17",
                 f"{ana.nik},Ana,L,1995-08-17", f"{dewi.nik},Dewi Lestari,P,1995-08-17")
    results = importing.validate_rows(rows, place.batch)
    assert _problems(results) == {
        2: [], 3: ["Sudah terdaftar di paket ini (Cadangan)."],
        4: [f"Sedang mengikuti paket lain pada tanggal yang sama: {overlapping.title}."], 5: []}
    assert results[0].existing == budi and results[0].notes[0] == (
        "Sudah tercatat sebagai peserta: Budi Santoso; datanya tidak diubah.")
    assert "Nama di berkas berbeda: “Dewi Lestari”." in results[3].notes
    assert f"Sudah ikut pelatihan tahun ini: {earlier.title}." in results[3].notes


def test_checking_does_not_query_per_row(place, count_queries):
    people = [ParticipantFactory(nik=valid_nik(n)) for n in range(1, 41)]
    for person in people[::2]:
        EnrolmentFactory(participant=person, batch=BatchFactory(regency=place.regency))

    def check(count):
        rows = _rows(*[f"{p.nik},{p.full_name},L,1995-08-17,,35.14.04.2006,,,"
                       for p in people[:count]] + [f"{valid_nik(900 + n)},Baru {n},L,1995-08-17"
                                                   f",,Bulukandang,,," for n in range(count)])
        return count_queries(lambda: importing.validate_rows(rows, place.batch))

    check(1)  # loads the batch the factories' commit expired
    assert check(40) == check(4) == 4  # villages by code, by name, NIK regions, people


def test_a_user_without_a_district_must_give_new_peoples_village(place):
    admin = user_with_role(Role.ADMIN)
    rows = _rows(f"{BUDI},Budi,L,1995-08-17,,,,,", f"{SITI},Siti,P,1995-08-17,,Bulukandang,,,")
    assert _problems(importing.validate_rows(rows, place.batch, admin)) == {
        2: ["Desa/kelurahan wajib diisi untuk peserta baru: akun Anda tidak terikat pada satu "
            "kabupaten."], 3: []}


# --- Importing -------------------------------------------------------------------------


def _stage(place, *lines):
    staged = importing.stage(place.batch, "peserta.csv", _csv(*lines), place.staff)
    importing.db.session.commit()
    return staged


def test_import_creates_new_people_enrols_known_ones_and_fills_the_waiting_list(place, db):
    place.batch.quota = 2
    known = ParticipantFactory(nik=SITI, full_name="Siti Aminah", gender="F", phone="",
                               regency=place.regency)
    staged = _stage(place, f"{BUDI},Budi Santoso,L,1995-08-17,Dusun Krajan,Bulukandang,"
                           "0812-3456-7890,SMK,pekerja",
                    f"{SITI},Siti A.,P,1995-08-17,,,081299990000,,",
                    f"{valid_nik(3)},Ana,L,1995-08-17", "salah,Salah,L,1995-08-17")
    outcome = importing.import_valid(staged, place.staff, {2, 3, 4})
    db.session.commit()
    assert (outcome.created, outcome.existing, outcome.accepted, outcome.waitlisted,
            outcome.rejected) == (2, 1, 2, 1, 1)
    statuses = dict(db.session.execute(select(Participant.full_name, Enrolment.status).join(
        Enrolment, Enrolment.participant_id == Participant.id)).all())
    assert statuses == {"Budi Santoso": "accepted", "Siti Aminah": "accepted",
                        "Ana": "waitlisted"}
    db.session.refresh(known)
    assert (known.full_name, known.phone) == ("Siti Aminah", "")  # enrolled as is
    budi = db.session.scalar(select(Participant).where(Participant.nik == BUDI))
    assert (budi.village, budi.phone, budi.employment, budi.regency) == (
        place.village, "081234567890", "worker", place.regency)
    assert staged.imported_at is not None
    after = importing.results_of(staged, place.staff)  # what happened, not a new check
    assert [(r.line, r.outcome) for r in after] == [
        (2, "accepted"), (3, "accepted"), (4, "waitlisted"), (5, "rejected")]
    assert after[3].problems == ["NIK hanya berisi angka."]


def test_import_refuses_when_the_valid_rows_changed_since_the_preview(place, db):
    ana = ParticipantFactory(nik=valid_nik(3), full_name="Ana")
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17", f"{ana.nik},Ana,L,1995-08-17")
    EnrolmentFactory(participant=ana, batch=place.batch)  # enrolled by hand meanwhile
    with pytest.raises(ImportChanged) as changed:
        importing.import_valid(staged, place.staff, {2, 3})
    db.session.rollback()
    assert changed.value.messages[1] == (
        "Baris 3 kini bermasalah: Sudah terdaftar di paket ini (Diterima).")
    assert _count(db, Participant) == 1 and staged.imported_at is None


def test_a_refusal_in_the_middle_leaves_nothing_behind(place, db, monkeypatch):
    siti = ParticipantFactory(nik=SITI, full_name="Siti", gender="F", regency=place.regency)
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17", f"{SITI},Siti,P,1995-08-17")
    # Enrolled after the rows were checked: the enrolment's own rules still refuse her.
    monkeypatch.setattr(import_checks, "_check_clashes", lambda *args, **kwargs: None)
    EnrolmentFactory(participant=siti, batch=place.batch, status="accepted")
    with pytest.raises(RuleError) as refused:
        importing.import_valid(staged, place.staff, {2, 3})
    assert refused.value.messages == [
        "Baris 3: Siti sudah terdaftar di paket ini (Diterima)."]
    db.session.rollback()
    assert _count(db, Participant) == 1 and _count(db, Enrolment) == 1
    db.session.refresh(staged)
    assert staged.imported_at is None


def test_a_file_is_imported_once(place, db):
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17")
    importing.import_valid(staged, place.staff, {2})
    db.session.commit()
    with pytest.raises(RuleError, match="sudah diimpor"):
        importing.import_valid(staged, place.staff, {2})


def test_lines_travel_as_compact_ranges():
    assert importing.encode_lines([7, 2, 3, 4, 9, 10]) == "2-4,7,9-10"
    assert importing.decode_lines("2-4,7,9-10", [2, 3, 4, 5, 7, 8, 9, 10]) == {2, 3, 4, 7, 9, 10}
    assert importing.decode_lines("", [2]) == set()
    assert importing.decode_lines("2-x", [2]) is None
    for text in ("²", "2-²", "٢", "2-٤", "9" * 30, f"1-{'9' * 5000}"):
        assert importing.decode_lines(text, [2]) is None, text[:20]


def test_dates_and_village_codes_in_files_are_ascii_digits_only():
    assert importing._parse_date("17/08/1995") == date(1995, 8, 17)
    assert importing._parse_date("١٧/٠٨/١٩٩٥") is None
    assert importing._village_code("3514042006") == "35.14.04.2006"
    assert importing._village_code("٣٥١٤٠٤٢٠٠٦") is None


# --- Pages -----------------------------------------------------------------------------


def _upload(client, batch, data, filename="peserta.csv"):
    fields = {} if data is None else {"file": (io.BytesIO(data), filename)}
    return client.post_form(f"/participants/batches/{batch.id}/import", fields,
                            content_type="multipart/form-data")


def _expected(page: str) -> str:
    return page.split('name="expected" value="')[1].split('"')[0]


def test_upload_preview_and_import_through_the_pages(client, place, db):
    client.login(place.staff)
    form = client.get(f"/participants/batches/{place.batch.id}/import").get_data(as_text=True)
    assert f"/participants/batches/{place.batch.id}/import-template.csv" in form
    response = _upload(client, place.batch, _csv(
        f"{BUDI},Budi Santoso,L,1995-08-17", f"{SITI},Siti,L,1995-08-17",
        f"{valid_nik(3)},Ana,L,1995-08-17"))
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    staged = db.session.scalar(select(ParticipantImport))
    assert preview_url == f"/participants/imports/{staged.id}"
    page = client.get(preview_url).get_data(as_text=True)
    assert "Impor 2 baris yang valid" in page and "Menurut NIK, jenis kelaminnya Perempuan." in page
    assert page.index("Siti") < page.index("Budi Santoso")  # problems first
    assert f"/participants/imports/{staged.id}/rejected.csv" in page
    assert _count(db, Participant) == 0  # nothing saved before the decision
    response = client.post_form(f"/participants/imports/{staged.id}/confirm",
                                {"expected": _expected(page)})
    assert response.status_code == 302 and response.headers["Location"] == preview_url
    result = client.get(preview_url).get_data(as_text=True)
    assert "2 peserta diimpor: 2 diterima, 0 masuk daftar cadangan (2 orang baru)." in result
    assert "Impor 2 baris" not in result and "Hasil impor" in result
    assert _count(db, Enrolment) == 2


def test_confirm_shows_rows_that_changed_and_imports_nothing(client, place, db):
    client.login(place.staff)
    ana = ParticipantFactory(nik=valid_nik(3), full_name="Ana")
    staged_url = _upload(client, place.batch, _csv(
        f"{BUDI},Budi,L,1995-08-17", f"{ana.nik},Ana,L,1995-08-17")).headers["Location"]
    expected = _expected(client.get(staged_url).get_data(as_text=True))
    assert expected == "2-3"
    EnrolmentFactory(participant=ana, batch=BatchFactory(regency=place.regency))
    response = client.post_form(f"{staged_url}/confirm", {"expected": expected})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Data berubah sejak pratinjau; belum ada yang diimpor." in page
    assert "Baris 3 kini bermasalah: Sedang mengikuti paket lain" in page
    assert _count(db, Enrolment) == 1 and "Impor 1 baris yang valid" in page
    response = client.post_form(f"{staged_url}/confirm", {"expected": _expected(page)})
    assert response.status_code == 302 and _count(db, Enrolment) == 2


def test_a_second_confirm_says_it_was_done(client, place, db):
    client.login(place.staff)
    url = _upload(client, place.batch, _csv(f"{BUDI},Budi,L,1995-08-17")).headers["Location"]
    client.post_form(f"{url}/confirm", {"expected": "2"})
    response = client.post_form(f"{url}/confirm", {"expected": "2"}, follow_redirects=True)
    assert "File ini sudah diimpor." in response.get_data(as_text=True)
    assert _count(db, Enrolment) == 1


def test_rejected_rows_download_with_reasons(client, place, db):
    client.login(place.staff)
    url = _upload(client, place.batch, _csv(
        f"{BUDI},Budi,L,1995-08-17,Jl. Mawar 1,,,,", f"{SITI},Siti,L,1995-08-17,,,,,",
        f"{SITI},Siti Lagi,P,1995-08-17,,,12,,")).headers["Location"]
    response = client.get(f"{url}/rejected.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ditolak-peserta.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(row["baris"], row["nama"]) for row in rows] == [("3", "Siti"), ("4", "Siti Lagi")]
    assert rows[0]["alasan"] == ("Menurut NIK, jenis kelaminnya Perempuan. "
                                 "NIK yang sama juga ada di baris 4.")
    assert rows[1]["telepon"] == "12" and "Nomor telepon “12” tidak valid" in rows[1]["alasan"]
    client.post_form(f"{url}/confirm", {"expected": "2"})
    assert client.get(f"{url}/rejected.csv").get_data(as_text=True) == text
    # Rows with NIKs taken out: each download in the export log (issue 20).
    exports = db.session.execute(select(Export.user_id, Export.dataset, Export.format,
                                        Export.rows, Export.filters)).all()
    assert exports == [(place.staff.id, "import_rejected", "csv", 2,
                        f"{place.batch.title} · peserta.csv")] * 2


def test_the_template_has_the_columns_and_its_example_row_is_never_imported(client, place):
    client.login(place.staff)
    response = client.get(f"/participants/batches/{place.batch.id}/import-template.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    header, example = text.lstrip("\ufeff").splitlines()
    assert header == ",".join(importing.COLUMNS)
    assert example.startswith("3514041708950001,Contoh Peserta (hapus baris ini),L,1995-08-17")
    [result] = importing.validate_rows(importing.parse_file("t.csv", text.encode()).rows,
                                       place.batch)
    assert result.problems == ["Ini baris contoh dari templat; hapus sebelum mengunggah."]


def test_xlsx_upload(client, place, db):
    client.login(place.staff)
    data = _xlsx([["nik", "nama", "jenis_kelamin", "tanggal_lahir"],
                  [BUDI, "Budi", "L", datetime(1995, 8, 17)]])
    url = _upload(client, place.batch, data, "peserta.xlsx").headers["Location"]
    assert "Impor 1 baris yang valid" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("data, filename, message", [
    (None, "", "Pilih berkas yang akan diunggah."),
    (b"", "kosong.csv", "Berkas kosong."),
    (b"nik,nama\n1,2\n", "a.csv", "Kolom wajib tidak ada: jenis_kelamin, tanggal_lahir."),
    (b"PK\x03\x04rusak", "a.xlsx", "Berkas .xlsx ini rusak atau bukan berkas Excel."),
    (b"\n\n", "a.csv", "Berkas kosong."),
])
def test_unreadable_uploads_are_explained_on_the_form(client, place, db, data, filename,
                                                      message):
    client.login(place.staff)
    response = _upload(client, place.batch, data, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(db, ParticipantImport) == 0


def test_an_oversized_upload_is_refused_in_indonesian(client, place, db):
    client.login(place.staff)
    response = _upload(client, place.batch, b"x" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert _count(db, ParticipantImport) == 0


def test_a_closed_batch_takes_no_file(client, place, db):
    client.login(place.staff)
    place.batch.status = "done"
    db.session.commit()
    response = _upload(client, place.batch, _csv(f"{BUDI},Budi,L,1995-08-17"))
    assert response.status_code == 422
    assert "Paket berstatus Selesai tidak menerima peserta." in response.get_data(as_text=True)


def test_cancel_deletes_the_staged_file(client, place, db):
    client.login(place.staff)
    url = _upload(client, place.batch, _csv(f"{BUDI},Budi,L,1995-08-17")).headers["Location"]
    response = client.post_form(f"{url}/cancel")
    assert response.headers["Location"] == f"/participants/batches/{place.batch.id}/import"
    assert _count(db, ParticipantImport) == 0 and _count(db, Participant) == 0
    assert client.get(url).status_code == 404


def test_a_large_preview_shows_problems_first_a_page_at_a_time(client, place, db):
    client.login(place.staff)
    lines = [f"{valid_nik(n)},Orang {n},L,1995-08-17" for n in range(1, 120)]
    lines[100] = "123,Salah Satu,L,1995-08-17"
    url = _upload(client, place.batch, _csv(*lines)).headers["Location"]
    first = client.get(url).get_data(as_text=True)
    assert "Impor 118 baris yang valid" in first and "Halaman 1 dari 3" in first
    assert first.index("Salah Satu") < first.index("Orang 1\n")
    assert first.count("<li class=\"row wrap\">") == 50
    assert "Orang 119" in client.get(f"{url}?page=3").get_data(as_text=True)


def test_staging_drops_abandoned_files(place, db):
    old = _stage(place, f"{BUDI},Budi,L,1995-08-17")
    old.created_at = datetime(2020, 1, 1)
    db.session.commit()
    _stage(place, f"{BUDI},Budi,L,1995-08-17")
    assert [moment > datetime(2020, 1, 2) for moment in db.session.scalars(
        select(ParticipantImport.created_at))] == [True]


# --- Access ----------------------------------------------------------------------------


def _urls(batch_id, import_id):
    return [("GET", f"/participants/batches/{batch_id}/import"),
            ("POST", f"/participants/batches/{batch_id}/import"),
            ("GET", f"/participants/batches/{batch_id}/import-template.csv"),
            ("GET", f"/participants/imports/{import_id}"),
            ("POST", f"/participants/imports/{import_id}/confirm"),
            ("POST", f"/participants/imports/{import_id}/cancel"),
            ("GET", f"/participants/imports/{import_id}/rejected.csv")]


def test_staff_of_another_district_get_404(client, place, db):
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17")
    client.login(UserFactory(staff=True))
    token = client.csrf_token()
    for method, url in _urls(place.batch.id, staged.id):
        response = client.open(url, method=method, data={"csrf_token": token, "expected": "2"})
        assert response.status_code == 404, (method, url)
    assert _count(db, Participant) == 0 and _count(db, ParticipantImport) == 1


def test_an_admin_may_import_anywhere(client, place, db):
    client.login(user_with_role(Role.ADMIN))
    url = _upload(client, place.batch, _csv(
        f"{BUDI},Budi,L,1995-08-17,,Bulukandang,,,")).headers["Location"]
    assert client.post_form(f"{url}/confirm", {"expected": "2"}).status_code == 302
    assert db.session.scalar(select(Participant.regency_id)) == place.regency.id


@pytest.mark.parametrize("role", [Role.TRAINER, Role.VILLAGE, Role.COMPANY])
def test_other_roles_get_403(client, place, role):
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17")
    client.login(user_with_role(role))
    token = client.csrf_token()
    for method, url in _urls(place.batch.id, staged.id):
        response = client.open(url, method=method, data={"csrf_token": token, "expected": "2"})
        assert response.status_code == 403, (method, url)


def test_csrf_is_required(client, place, db):
    staged = _stage(place, f"{BUDI},Budi,L,1995-08-17")
    client.login(place.staff)
    response = client.post(f"/participants/batches/{place.batch.id}/import", data={
        "file": (io.BytesIO(_csv(f"{SITI},Siti,P,1995-08-17")), "p.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "Formulir kedaluwarsa" in response.get_data(
        as_text=True)
    for action in ("confirm", "cancel"):
        response = client.post(f"/participants/imports/{staged.id}/{action}",
                               data={"expected": "2"})
        assert response.status_code == 400
    assert _count(db, ParticipantImport) == 1 and _count(db, Participant) == 0


# --- Keeping personal data no longer than needed -------------------------------------------


def _staged_count(db) -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(ParticipantImport))


def _age(db, staged, days):
    from datetime import timedelta

    from mtu.clock import utc_now

    staged.created_at = utc_now() - timedelta(days=days)
    db.session.commit()


def test_purge_deletes_files_past_retention_imported_or_not(app, place, db):
    old = importing.stage(place.batch, "lama.csv", _csv(f"{BUDI},Budi,L,1995-08-17"),
                          place.staff)
    recent = importing.stage(place.batch, "baru.csv", _csv(f"{SITI},Siti,P,1995-08-17"),
                             place.staff)
    importing.import_valid(old, place.staff, {2})
    db.session.commit()
    _age(db, old, 8)
    _age(db, recent, 2)
    result = app.test_cli_runner().invoke(args=["imports", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 berkas impor" in result.output and "7 hari" in result.output
    assert _staged_count(db) == 1
    assert _count(db, Enrolment) == 1  # the people imported stay
    result = app.test_cli_runner().invoke(args=["imports", "purge", "--days", "1"])
    assert "1 berkas impor" in result.output and _staged_count(db) == 0


def test_staging_a_new_file_purges_old_ones(app, place, db, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_RETENTION_DAYS", 3)
    old = importing.stage(place.batch, "lama.csv", _csv(f"{BUDI},Budi,L,1995-08-17"),
                          place.staff)
    importing.import_valid(old, place.staff, {2})
    db.session.commit()
    _age(db, old, 4)
    importing.stage(place.batch, "baru.csv", _csv(f"{SITI},Siti,P,1995-08-17"), place.staff)
    db.session.commit()
    assert [s.filename for s in db.session.scalars(select(ParticipantImport))] == ["baru.csv"]


def test_done_deletes_the_imported_file_with_its_rejected_rows(client, place, db):
    client.login(place.staff)
    url = _upload(client, place.batch, _csv(f"{BUDI},Budi,L,1995-08-17",
                                            f"{SITI},Siti,L,1995-08-17")).headers["Location"]
    refused = client.post_form(f"{url}/done", follow_redirects=True)
    assert "belum diimpor" in refused.get_data(as_text=True) and _staged_count(db) == 1
    client.post_form(f"{url}/confirm", {"expected": "2"})
    page = client.get(url).get_data(as_text=True)
    assert f"{url}/done" in page and "dihapus otomatis 7 hari" in page
    response = client.post_form(f"{url}/done")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/participants/batches/{place.batch.id}")
    assert _staged_count(db) == 0 and _count(db, Enrolment) == 1
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/rejected.csv").status_code == 404

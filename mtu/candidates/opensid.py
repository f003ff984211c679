"""Reading a village's resident list as OpenSID exports it: the XLSX and the older "unduh" .xls.

What OpenSID writes (read with the search tool in the OpenSID/OpenSID repository):

- donjo-app/views/sid/kependudukan/penduduk_unduh.php sends penduduk_cetak.php with the
  header `Content-Disposition: attachment; filename=Penduduk_<date>.xls`: the ".xls" is an HTML
  table (UTF-8, `mso-number-format:"\\@"` so that Excel keeps NIKs as text) under a title
  (`get_identitas()`, "DATA PENDUDUK"). Its columns: No, No. KK, Nama, NIK, Alamat, <sebutan
  dusun> (the village's word for it: Dusun, Lingkungan, Banjar…), RW, RT, Jenis Kelamin, Tempat
  Lahir, Tanggal Lahir (`tgl_indo`: "07 Juni 1995"), Umur, Agama, Pendidikan (dlm KK),
  Pekerjaan, Kawin, Hub. Keluarga, Nama Ayah, Nama Ibu, Status. With "privasi NIK" on, NIK and
  No. KK are censored (`sensor_nik_kk`) and cannot be used.
- donjo-app/views/sid/kependudukan/penduduk_excel.php (older): NIK, Nama, No. KK, Dusun, RW, RT,
  "Pendidikan (dLm KK)", "Pendidikan (sdg ditemph)", Pekerjaan, Tanggal Lahir, Tempat Lahir…
- donjo-app/views/export/penduduk_excel.php (Database › Ekspor): Alamat, Dusun, RW, RT, Nama,
  Nomor KK, "Nomor NIK", Jenis Kelamin, Tempat Lahir, Tanggal Lahir, Agama, "Pendidikan (dLm
  KK)"… and in its older form the codes of the import template (`sex`, `pendidikan_kk_id`,
  `pekerjaan_id`).
- The import template (assets/import/FormatImportExcel.xlsm, format_impor_excel; its columns
  in donjo-app/models/Import_model.php): alamat, dusun, rw, rt, nama, no_kk, nik, sex (1 = laki-
  laki, 2 = perempuan), tempatlahir, tanggallahir, agama_id, pendidikan_kk_id (1–10),
  pendidikan_sedang_id, pekerjaan_id (1–89)… An XLSX saved from either export, or filled in
  from this template, has one of these header rows.
- Value spellings (tables tweb_penduduk_pendidikan_kk and tweb_penduduk_pekerjaan, also in
  OpenSID's seeders): Jenis Kelamin LAKI-LAKI / PEREMPUAN; Pendidikan 1 TIDAK / BELUM SEKOLAH,
  2 BELUM TAMAT SD/SEDERAJAT, 3 TAMAT SD / SEDERAJAT, 4 SLTP/SEDERAJAT, 5 SLTA / SEDERAJAT,
  6 DIPLOMA I / II, 7 AKADEMI/ DIPLOMA III/S. MUDA, 8 DIPLOMA IV/ STRATA I, 9 STRATA II,
  10 STRATA III; Pekerjaan 1 BELUM/TIDAK BEKERJA, 2 MENGURUS RUMAH TANGGA, 3 PELAJAR/MAHASISWA,
  4 PENSIUNAN, … 84 PEDAGANG, 88 WIRASWASTA, 89 LAINNYA.

Only the columns MTU keeps are read (NIK, name, sex, birth place and date, address, dusun, RT,
RW, education, occupation); every other cell is dropped as the row is read. The file is never
stored. Limits and messages follow mtu/participants/import_files.py (2 MB, XLSX through
openpyxl read-only with defusedxml and the unpacked-size check), with 5 000 rows at most.
"""

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from lxml import etree
from lxml import html as lxml_html
from openpyxl.utils.datetime import from_excel

from mtu.csvfiles import unguard
from mtu.numbers import parse_int
from mtu.participants.import_files import MAX_BYTES, ImportFileError, _xlsx_records
from mtu.participants.models import Education, Employment, Gender

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 30  # the title lines above OpenSID's header row

HEADERS = {
    "nik": "nik", "nomor nik": "nik", "no nik": "nik",
    "nama": "nama", "nama lengkap": "nama",
    "jenis kelamin": "sex", "sex": "sex", "jk": "sex", "l p": "sex",
    "tempat lahir": "birth_place", "tempatlahir": "birth_place",
    "tanggal lahir": "birth_date", "tanggallahir": "birth_date", "tgl lahir": "birth_date",
    "alamat": "address",
    **dict.fromkeys(("dusun", "lingkungan", "banjar", "jorong", "dukuh", "korong"), "dusun"),
    "rw": "rw", "rt": "rt",
    **dict.fromkeys(("pendidikan (dlm kk)", "pendidikan dlm kk", "pendidikan kk id",
                     "pendidikan kk", "pendidikan"), "education"),
    **dict.fromkeys(("pekerjaan", "pekerjaan id"), "occupation"),
}
LIMITS = {"nama": 120, "birth_place": 60, "address": 200, "dusun": 60, "rt": 5, "rw": 5,
          "occupation": 80, "education": 60}

GENDERS = {**dict.fromkeys(("lakilaki", "laki", "l", "1", "pria"), Gender.MALE),
           **dict.fromkeys(("perempuan", "p", "2", "wanita"), Gender.FEMALE)}
EDUCATION_NAMES = ["TIDAK / BELUM SEKOLAH", "BELUM TAMAT SD/SEDERAJAT", "TAMAT SD / SEDERAJAT",
                   "SLTP/SEDERAJAT", "SLTA / SEDERAJAT", "DIPLOMA I / II",
                   "AKADEMI/ DIPLOMA III/S. MUDA", "DIPLOMA IV/ STRATA I", "STRATA II",
                   "STRATA III"]
EDUCATION_LEVELS = [Education.NONE, Education.NONE, Education.PRIMARY, Education.JUNIOR,
                    Education.SENIOR, Education.DIPLOMA, Education.DIPLOMA, Education.DEGREE,
                    Education.DEGREE, Education.DEGREE]
OCCUPATION_CODES = {"1": "BELUM/TIDAK BEKERJA", "2": "MENGURUS RUMAH TANGGA",
                    "3": "PELAJAR/MAHASISWA", "4": "PENSIUNAN", "84": "PEDAGANG",
                    "88": "WIRASWASTA", "89": "LAINNYA"}
# Not working (a training's first audience), or working on one's own account; anything else
# is some employment.
NOT_WORKING = {"belumtidakbekerja", "tidakbekerja", "belumbekerja", "mengurusrumahtangga",
               "pelajarmahasiswa", "pensiunan"}
OWN_ACCOUNT = {"wiraswasta", "wirausaha", "pedagang", "perdagangan"}
MONTHS = {name: number for number, names in enumerate(
    [("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"), ("april", "apr"),
     ("mei",), ("juni", "jun"), ("juli", "jul"), ("agustus", "agu", "agt", "ags"),
     ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov", "nop", "nopember"),
     ("desember", "des")], start=1) for name in names}
NIK_AS_NUMBER = "nik_as_number"


@dataclass
class Resident:
    """One row of the export, only what MTU keeps; values as written, mapped where MTU has
    its own words (gender, education level, employment) and None where they are unknown."""

    line: int
    nik: str
    full_name: str
    gender: str | None
    birth_place: str
    birth_date: str  # ISO date when read, else what the file says
    address: str
    dusun: str
    rt: str
    rw: str
    education: str | None
    education_text: str
    occupation: str
    employment: str
    flags: list[str]

    def as_json(self) -> dict:
        return asdict(self)

    @property
    def birth(self) -> date | None:
        try:
            return date.fromisoformat(self.birth_date)
        except ValueError:
            return None


def key(text: str) -> str:
    """'BELUM/TIDAK BEKERJA' → 'belumtidakbekerja': spelling variants compare equal."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _header_key(text) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9()]+", " ", str(text or "").lower())).strip()


def education_of(text: str) -> str | None:
    """An OpenSID education (its words or its code 1–10) as MTU's level."""
    code = parse_int(text, 1, len(EDUCATION_NAMES))
    if code is not None:
        return EDUCATION_LEVELS[code - 1].value
    for name, level in zip(EDUCATION_NAMES, EDUCATION_LEVELS, strict=True):
        if key(name) == key(text):
            return level.value
    return None


def occupation_of(text: str) -> tuple[str, str]:
    """(OpenSID's words, MTU's employment) for an occupation or its code."""
    text = OCCUPATION_CODES.get(text.strip(), text.strip())
    if key(text) in NOT_WORKING or not text:
        return text, Employment.JOB_SEEKER.value
    if key(text) in OWN_ACCOUNT:
        return text, Employment.SELF_EMPLOYED.value
    return text, Employment.WORKER.value


def date_of(value) -> str:
    """A birth date as ISO text: Excel dates and serials, 17-08-1995, 17/08/1995, 1995-08-17
    and OpenSID's '17 Agustus 1995'; anything else is returned as written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:
            return from_excel(value).date().isoformat()
        return str(value)
    text = " ".join(str(value or "").split())
    match = (re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
             or re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text))
    if match and text.isascii():
        parts = [int(part) for part in match.groups()]
        day, month, year = parts if len(match.group(1)) <= 2 else parts[::-1]
    else:
        words = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
        if not words or words.group(2).lower() not in MONTHS or not text.isascii():
            return text
        day, month, year = int(words.group(1)), MONTHS[words.group(2).lower()], \
            int(words.group(3))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unguard(" ".join(str(value).replace("\x00", "").split()))


# --- The two formats -------------------------------------------------------------------


def _html_records(data: bytes):
    """The rows of an HTML table saved as .xls: every <tr>'s cells, as text."""
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False)
    try:
        root = lxml_html.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        raise ImportFileError(_("Berkas .xls ini rusak atau tidak dapat dibaca.")) from None
    for number, row in enumerate(root.iter("tr"), start=1):
        yield number, ["".join(cell.itertext()) for cell in row if cell.tag in ("td", "th")]


def _looks_like_html(data: bytes) -> bool:
    start = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<head", b"<meta"))


def _records(data: bytes):
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_records(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Berkas ini .xls lama (Excel 97–2003), bukan unduhan OpenSID. "
                                "Unggah berkas asli dari OpenSID, atau simpan sebagai “Buku "
                                "Kerja Excel (.xlsx)”."))
    if _looks_like_html(data):
        return _html_records(data)
    raise ImportFileError(_("Berkas ini bukan ekspor data penduduk OpenSID. Unggah berkas "
                            ".xlsx atau .xls hasil unduhan menu Kependudukan › Penduduk."))


def read_residents(data: bytes) -> tuple[list[Resident], list[str]]:
    """The residents of an OpenSID export and notices about the file; ImportFileError (whole
    file refused, nothing kept) when it is not one or is over a limit."""
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Berkas lebih dari 2 MB; unduh dari OpenSID per dusun lalu "
                                "unggah satu per satu."))
    residents, notices, positions = [], [], None
    for line, cells in _records(data):
        if line == 0:
            notices.append(cells)
            continue
        if positions is None:
            positions = _header(cells)
            if positions is None and line >= HEADER_SEARCH_ROWS:
                break
            continue
        values, flags = {}, []
        for position, column in positions.items():
            value = cells[position] if position < len(cells) else None
            if column == "nik" and isinstance(value, int | float) \
                    and not isinstance(value, bool):
                flags.append(NIK_AS_NUMBER)
            values[column] = date_of(value) if column == "birth_date" else _text(value)
        if not any(values.values()):
            continue
        if len(residents) == MAX_ROWS:
            raise ImportFileError(_("Berkas berisi lebih dari %(max)s penduduk; unduh dari "
                                    "OpenSID per dusun lalu unggah satu per satu.",
                                    max=format_decimal(MAX_ROWS)))
        residents.append(_resident(line, values, flags))
    if positions is None:
        raise ImportFileError(_("Kolom NIK tidak ditemukan. Unggah berkas dari OpenSID "
                                "(Kependudukan › Penduduk › Unduh atau Ekspor) tanpa mengubah "
                                "baris judulnya."))
    if not residents:
        raise ImportFileError(_("Berkas hanya berisi baris judul; tidak ada data penduduk."))
    return residents, notices


def _header(cells) -> dict[int, str] | None:
    """Where each kept column is, when this row is the header (it has NIK); else None."""
    positions = {}
    for position, cell in enumerate(cells):
        column = HEADERS.get(_header_key(cell))
        if column is not None and column not in positions.values():
            positions[position] = column
    return positions if "nik" in positions.values() else None


def _resident(line: int, values: dict, flags: list[str]) -> Resident:
    get = values.get
    for column, limit in LIMITS.items():
        if len(get(column, "")) > limit:
            values[column] = get(column, "")[:limit]
    occupation, employment = occupation_of(get("occupation", ""))
    gender = GENDERS.get(key(get("sex", "")))
    return Resident(
        line=line, nik=get("nik", "").replace(" ", ""), full_name=get("nama", ""),
        gender=gender.value if gender else None, birth_place=get("birth_place", ""),
        birth_date=get("birth_date", ""), address=get("address", ""), dusun=get("dusun", ""),
        rt=get("rt", ""), rw=get("rw", ""), education=education_of(get("education", "")),
        education_text=get("education", ""), occupation=occupation, employment=employment,
        flags=flags)

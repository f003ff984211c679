"""Reading participant files (CSV or XLSX) into rows, with the limits that keep a
hostile or broken file from hurting the server. Checking the rows is importing.py's job."""

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from defusedxml import DefusedXmlException
from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl import load_workbook

from mtu.csvfiles import unguard
from mtu.rules import RuleError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # a 2 MB zip must not unpack into gigabytes
MAX_COLUMNS = 60

COLUMNS = ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "desa", "telepon",
           "pendidikan", "status_kerja", "disabilitas")
REQUIRED = ("nik", "nama", "jenis_kelamin", "tanggal_lahir")
COLUMN_ALIASES = {
    "nama_lengkap": "nama", "jk": "jenis_kelamin", "l/p": "jenis_kelamin",
    "tgl_lahir": "tanggal_lahir", "desa/kelurahan": "desa", "kelurahan": "desa",
    "hp": "telepon", "no_hp": "telepon", "nomor_hp": "telepon", "no_telepon": "telepon",
    "pendidikan_terakhir": "pendidikan", "status_pekerjaan": "status_kerja",
    "pekerjaan": "status_kerja",
}
LIMITS = {"nama": 120, "alamat": 300, "disabilitas": 160}
EXAMPLE_NAME = "Contoh Peserta (hapus baris ini)"

NIK_AS_NUMBER = "nik_as_number"


class ImportFileError(RuleError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class Row:
    """One data row as written in the file: its row number there and its text per column."""

    line: int
    values: dict[str, str]
    flags: list[str] = field(default_factory=list)

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class ParsedFile:
    rows: list[Row]
    blank_lines: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# --- Reading the file ------------------------------------------------------------------


def parse_file(filename: str, data: bytes) -> ParsedFile:
    """The rows of a CSV or XLSX file, told apart by content; ImportFileError when unreadable."""
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Berkas lebih dari 2 MB; bagi menjadi beberapa berkas."))
    if data.startswith(b"PK\x03\x04"):
        return _table(_xlsx_records(data))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Format .xls (Excel 97–2003) tidak didukung. Simpan sebagai "
                                "“Buku Kerja Excel (.xlsx)” atau “CSV UTF-8”."))
    if filename.lower().endswith(".xlsx"):
        raise ImportFileError(_("Berkas .xlsx ini rusak atau bukan berkas Excel."))
    return _table(_csv_records(data))


def _csv_records(data: bytes):
    if b"\x00" in data:
        raise ImportFileError(_("Berkas ini bukan CSV atau XLSX. Di Excel pilih Simpan Sebagai "
                                "“CSV UTF-8” atau “Buku Kerja Excel (.xlsx)”."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("Huruf di berkas CSV ini tidak terbaca. Simpan ulang sebagai "
                                "“CSV UTF-8”."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel with Indonesian settings separates with semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        raise ImportFileError(_("Berkas CSV rusak di sekitar baris %(line)d (%(error)s).",
                                line=number + 1, error=error)) from None


def _defused(error: BaseException | None) -> bool:
    """True when defusedxml (which openpyxl parses with when installed) refused the XML:
    entity declarations (billion laughs, external entities) or a DTD."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _xlsx_records(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("Berkas .xlsx ini rusak atau bukan berkas Excel.")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(_("Isi berkas Excel ini terlalu besar; simpan hanya lembar "
                                "daftar peserta."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            if len(workbook.worksheets) > 1:
                yield 0, _("Hanya lembar pertama (“%(sheet)s”) yang dibaca.", sheet=sheet.title)
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            yield from enumerate(rows, start=1)
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        if _defused(error):
            raise ImportFileError(_("Berkas .xlsx ini memuat isi XML yang tidak diizinkan "
                                    "(entitas atau DTD). Buka di Excel lalu simpan ulang.")
                                  ) from None
        raise ImportFileError(_("Berkas .xlsx ini rusak atau tidak dapat dibaca. Buka di Excel "
                                "lalu simpan ulang.")) from None


def _column_name(text) -> str:
    """'Tanggal Lahir (YYYY-MM-DD)*' → 'tanggal_lahir'."""
    name = re.sub(r"\(.*?\)|\*", "", str(text or "")).strip().lower()
    name = re.sub(r"[\s\-]+", "_", name)
    return COLUMN_ALIASES.get(name, name)


def _header(cells, line: int) -> dict[int, str]:
    positions = {}
    for position, cell in enumerate(cells):
        name = _column_name(cell)
        if name in COLUMNS:
            if name in positions.values():
                raise ImportFileError(_("Kolom %(column)s muncul dua kali di baris judul.",
                                        column=name))
            positions[position] = name
    missing = [column for column in REQUIRED if column not in positions.values()]
    if missing:
        raise ImportFileError(_(
            "Kolom wajib tidak ada: %(missing)s. Baris judul (baris %(line)d) harus memuat "
            "%(required)s; unduh templat untuk contohnya.", missing=", ".join(missing),
            line=line, required=", ".join(REQUIRED)))
    return positions


def _cell_text(value, column: str, flags: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if column == "nik" and digits.endswith("0"):
            flags.append(NIK_AS_NUMBER)
        if column == "telepon" and digits.startswith("8"):
            digits = "0" + digits  # the leading zero a number cell drops
        return digits
    return unguard(str(value).replace("\x00", "").strip())


def _table(records) -> ParsedFile:
    parsed = ParsedFile(rows=[])
    positions, pending_blank = None, []
    for line, cells in records:
        if line == 0:
            parsed.notices.append(cells)
            continue
        if positions is None:
            if any(_cell_text(cell, "", []) for cell in cells):
                positions = _header(cells, line)
                extra = sorted({_column_name(c) for c in cells if _column_name(c)} - set(COLUMNS))
                if extra:
                    parsed.notices.append(_("Kolom yang tidak dikenal diabaikan: %(columns)s.",
                                            columns=", ".join(extra)))
            continue
        flags = []
        values = {column: _cell_text(cells[position], column, flags)
                  for position, column in positions.items() if position < len(cells)}
        if not any(_cell_text(cell, "", []) for cell in cells):
            pending_blank.append(line)
            continue
        parsed.blank_lines.extend(pending_blank)
        pending_blank = []
        if len(parsed.rows) == MAX_ROWS:
            raise ImportFileError(_("Berkas berisi lebih dari %(max)s baris data; bagi menjadi "
                                    "beberapa berkas.", max=format_decimal(MAX_ROWS)))
        parsed.rows.append(Row(line, values, flags))
    if positions is None:
        raise ImportFileError(_("Berkas kosong."))
    if not parsed.rows:
        raise ImportFileError(_("Berkas hanya berisi baris judul; tidak ada data peserta."))
    return parsed



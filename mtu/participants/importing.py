"""Bulk import of a batch's participants from a CSV or XLSX file: parse, check every row, import.

A file is parsed once, on upload, and staged in ParticipantImport.rows_json so that any app
server can finish it. Its rows are checked again on every preview and at import, against the
database as it is then; the import refuses to run when the set of valid rows is no longer the
one staff confirmed, so that no row is ever skipped without being shown.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.forms import normalise_phone
from mtu.numbers import parse_int
from mtu.participants import nik as nik_rules
from mtu.participants import scope, services
from mtu.participants.import_files import (  # noqa: F401  (re-exported for views and tests)
    COLUMNS,
    EXAMPLE_NAME,
    LIMITS,
    MAX_BYTES,
    MAX_ROWS,
    NIK_AS_NUMBER,
    REQUIRED,
    ImportFileError,
    ParsedFile,
    Row,
    parse_file,
)
from mtu.participants.models import (
    ACTIVE_STATUSES,
    Education,
    Employment,
    Enrolment,
    Gender,
    Participant,
    ParticipantImport,
)
from mtu.participants.services import ParticipantData
from mtu.regions.models import Level, Region
from mtu.regions.services import find_by_exact_name
from mtu.rules import RuleError

STALE_AFTER = timedelta(days=1)

GENDERS = {**dict.fromkeys(("l", "lk", "lakilaki", "laki", "pria", "m"), Gender.MALE),
           **dict.fromkeys(("p", "pr", "perempuan", "wanita", "f"), Gender.FEMALE)}
EDUCATION = {
    **dict.fromkeys(("tidaksekolah", "belumsekolah", "tidakbelumsekolah", "tidaktamatsd"),
                    Education.NONE),
    **dict.fromkeys(("sd", "mi", "sdsederajat", "paketa"), Education.PRIMARY),
    **dict.fromkeys(("smp", "mts", "sltp", "smpsederajat", "paketb"), Education.JUNIOR),
    **dict.fromkeys(("sma", "smk", "ma", "mak", "slta", "smasmksederajat", "paketc"),
                    Education.SENIOR),
    **dict.fromkeys(("d1", "d2", "d3", "d4", "diploma", "diplomad1d4"), Education.DIPLOMA),
    **dict.fromkeys(("s1", "s2", "s3", "s1ataulebih"), Education.DEGREE),
    **{value.value: value for value in Education},
}
EMPLOYMENT = {
    **dict.fromkeys(("pencarikerja", "belumbekerja", "tidakbekerja"), Employment.JOB_SEEKER),
    **dict.fromkeys(("pekerja", "bekerja", "karyawan"), Employment.WORKER),
    **dict.fromkeys(("wargabinaan", "wbp"), Employment.INMATE),
    **dict.fromkeys(("wirausaha", "wiraswasta"), Employment.SELF_EMPLOYED),
    **{value.value: value for value in Employment},
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
VILLAGE_CODE = re.compile(r"[0-9]+(\.[0-9]+)+")
VILLAGE_PREFIX = re.compile(r"^(desa|kelurahan|kel\.)\s+", re.IGNORECASE)
# Excel keeps 15 significant digits: a NIK typed into a number cell loses its last one.


class ImportChanged(RuleError):
    """The valid rows are no longer the ones staff confirmed; `results` are the new checks."""

    def __init__(self, messages, results):
        super().__init__(messages)
        self.results = results


@dataclass
class RowResult:
    """What a check found about one row; `data` is what would be saved when it is valid."""

    row: Row
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: ParticipantData | None = None
    existing: Participant | None = None
    proven: bool = False  # another office's person, enrolled on the row's name and birth date
    outcome: str = ""  # after the import: the enrolment status, or "rejected"

    @property
    def line(self) -> int:
        return self.row.line

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class ImportOutcome:
    created: int = 0
    existing: int = 0
    accepted: int = 0
    waitlisted: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)


# --- Checking the rows -----------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[\s.\-/_()]+", "", text.lower())


def _parse_date(text: str) -> date | None:
    if not text.isascii():  # strptime reads '١٢' as 12: ASCII digits only
        return None
    for candidate in (text, text.split(" ")[0]):
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
    return None


class _Villages:
    """Villages by Kemendagri code or exact name, looked up once per distinct text: names
    within the batch's district first, then anywhere when only one village has the name."""

    def __init__(self, texts, regency_id: int):
        self.found: dict[str, Region | None] = {}
        self.ambiguous: set[str] = set()
        codes = {_village_code(text) for text in texts} - {None}
        if codes:
            for village in db.session.scalars(select(Region).where(
                    Region.code.in_(codes), Region.level == Level.VILLAGE)):
                self.found[village.code] = village
        names = {_village_name(text).lower() for text in texts if not _village_code(text)}
        if names:
            subdistricts = select(Region.id).where(Region.parent_id == regency_id)
            local: dict[str, list[Region]] = {}
            for village in db.session.scalars(select(Region).where(
                    Region.level == Level.VILLAGE, Region.parent_id.in_(subdistricts),
                    func.lower(Region.name).in_(names))):
                local.setdefault(village.name.lower(), []).append(village)
            for name, villages in local.items():
                self.found[name] = villages[0] if len(villages) == 1 else None
                if len(villages) > 1:
                    self.ambiguous.add(name)

    def get(self, text: str) -> Region | None:
        code = _village_code(text)
        key = code or _village_name(text).lower()
        if key not in self.found:
            self.found[key] = None if code else find_by_exact_name(_village_name(text),
                                                                   Level.VILLAGE)
        return self.found[key]

    def problem(self, text: str) -> str:
        if _village_name(text).lower() in self.ambiguous:
            return _("Ada beberapa desa/kelurahan bernama “%(name)s”; tulis kode Kemendagri-nya "
                     "(mis. 35.14.04.2006).", name=text)
        return _("Desa/kelurahan “%(name)s” tidak ditemukan; tulis namanya persis atau kode "
                 "Kemendagri-nya (mis. 35.14.04.2006).", name=text)


def _village_code(text: str) -> str | None:
    """'35.14.04.2006' as written, '3514042006' with its dots; None for a name."""
    text = text.replace(" ", "")
    if re.fullmatch(r"[0-9]{10}", text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text if VILLAGE_CODE.fullmatch(text) else None


def _village_name(text: str) -> str:
    return VILLAGE_PREFIX.sub("", " ".join(text.split()))


def _check_fields(row: Row, villages: _Villages, user: User | None) -> RowResult:
    """Everything the row says on its own: required fields, formats, the NIK's own facts."""
    result = RowResult(row)
    problems, notes = result.problems, result.notes
    labels = {"nik": _("NIK"), "nama": _("Nama"), "jenis_kelamin": _("Jenis kelamin"),
              "tanggal_lahir": _("Tanggal lahir")}
    for column in REQUIRED:
        if not row[column]:
            problems.append(_("%(field)s wajib diisi.", field=labels[column]))
    if row["nama"] == EXAMPLE_NAME:
        problems.append(_("Ini baris contoh dari templat; hapus sebelum mengunggah."))
    for column, limit in LIMITS.items():
        if len(row[column]) > limit:
            problems.append(_("Kolom %(column)s paling banyak %(max)d karakter.",
                              column=column, max=limit))
    facts = None
    if row["nik"]:
        if NIK_AS_NUMBER in row.flags:
            problems.append(_("NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya "
                              "bisa hilang; ubah format kolom NIK menjadi Teks lalu ketik ulang."))
        try:
            facts = nik_rules.read(row["nik"])
        except ValueError as error:
            problems.append(str(error))
    gender = GENDERS.get(_key(row["jenis_kelamin"]))
    if row["jenis_kelamin"] and gender is None:
        problems.append(_("Jenis kelamin harus L atau P (tertulis “%(value)s”).",
                          value=row["jenis_kelamin"]))
    birth_date = _parse_date(row["tanggal_lahir"]) if row["tanggal_lahir"] else None
    if row["tanggal_lahir"] and birth_date is None:
        problems.append(_("Tanggal lahir “%(value)s” tidak dikenali; tulis 1995-08-17 atau "
                          "17/08/1995.", value=row["tanggal_lahir"]))
    elif birth_date and birth_date > local_today():
        problems.append(_("Tanggal lahir tidak boleh di masa depan."))
    if facts is not None:
        problems.extend(message for _field, message in
                        nik_rules.check_against(facts, gender, birth_date))
    village = villages.get(row["desa"]) if row["desa"] else None
    if row["desa"] and village is None:
        problems.append(villages.problem(row["desa"]))
    phone = normalise_phone(row["telepon"]) if row["telepon"] else ""
    if phone is None:
        problems.append(_("Nomor telepon “%(value)s” tidak valid (contoh: 0812-3456-7890 atau "
                          "+62 812 3456 7890).", value=row["telepon"]))
    education = EDUCATION.get(_key(row["pendidikan"])) if row["pendidikan"] else Education.SENIOR
    if education is None:
        problems.append(_("Pendidikan “%(value)s” tidak dikenal; isi SD, SMP, SMA, SMK, D1–D4, "
                          "S1, S2 atau tidak sekolah.", value=row["pendidikan"]))
    elif not row["pendidikan"]:
        notes.append(_("Pendidikan kosong: dicatat %(label)s.", label=education.label))
    employment = EMPLOYMENT.get(_key(row["status_kerja"])) if row["status_kerja"] \
        else Employment.JOB_SEEKER
    if employment is None:
        problems.append(_("Status kerja “%(value)s” tidak dikenal; isi pencari kerja, pekerja, "
                          "warga binaan atau wirausaha.", value=row["status_kerja"]))
    elif not row["status_kerja"]:
        notes.append(_("Status kerja kosong: dicatat %(label)s.", label=employment.label))
    if not problems:
        result.data = ParticipantData(
            nik=facts.nik, full_name=" ".join(row["nama"].split()), gender=gender.value,
            birth_date=birth_date, address=row["alamat"], village=village, phone=phone,
            education=education.value, employment=employment.value,
            disability=row["disabilitas"])
    return result


def _known_people(niks: set[str]) -> dict[str, tuple[Participant, list[Enrolment]]]:
    """The recorded people among these NIKs with their active enrolments, in one query."""
    if not niks:
        return {}
    people: dict[str, tuple[Participant, list[Enrolment]]] = {}
    statement = (
        select(Participant, Enrolment)
        .outerjoin(Enrolment, and_(Enrolment.participant_id == Participant.id,
                                   Enrolment.status.in_(ACTIVE_STATUSES)))
        .where(Participant.nik.in_(niks))
        .options(joinedload(Enrolment.batch).joinedload(Batch.course))
        .order_by(Participant.id, Enrolment.id))
    for person, enrolment in db.session.execute(statement):
        enrolments = people.setdefault(person.nik, (person, []))[1]
        if enrolment is not None:
            enrolments.append(enrolment)
    return people


def _check_person(result: RowResult, known, batch: Batch, user: User | None) -> None:
    """Who the row is: a recorded person enrolled as they are, or a new one; and whether
    enrolment would refuse them."""
    data = result.data
    person, enrolments = known.get(data.nik, (None, []))
    if person is None:
        if user is not None and user.regency_id is None and data.village is None:
            result.problems.append(_("Desa/kelurahan wajib diisi untuk peserta baru: akun Anda "
                                     "tidak terikat pada satu kabupaten."))
        return
    if user is not None and not scope.in_scope(user, person):
        # Another office's person: the row's name and birth date are the proof, and nothing
        # about the record is shown (neither its name nor its batches).
        problems = scope.proof_problems(user, person, data.full_name, data.birth_date)
        if problems:
            result.problems.extend(problems)
            return
        result.existing = person
        result.proven = True
        result.notes.insert(0, _("Tercatat oleh kantor Disnaker lain; nama dan tanggal lahir "
                                 "cocok dengan datanya, jadi didaftarkan sebagaimana tercatat."))
        for other in enrolments:
            kind = services.clash(other, batch)
            if kind is services.Clash.SAME_BATCH:
                result.problems.append(_("Sudah terdaftar di paket ini (%(status)s).",
                                         status=other.status_label))
            elif kind is services.Clash.SAME_DATES:
                result.problems.append(_("Sedang mengikuti paket lain pada tanggal yang sama."))
        return
    result.existing = person
    result.notes.insert(0, _("Sudah tercatat sebagai peserta: %(name)s; datanya tidak diubah.",
                             name=person.full_name))
    if nik_rules.name_key(data.full_name) != person.name_key:
        result.notes.insert(1, _("Nama di berkas berbeda: “%(typed)s”.", typed=data.full_name))
    for other in enrolments:
        kind = services.clash(other, batch)
        if kind is services.Clash.SAME_BATCH:
            result.problems.append(_("Sudah terdaftar di paket ini (%(status)s).",
                                     status=other.status_label))
        elif kind is services.Clash.SAME_DATES:
            result.problems.append(_("Sedang mengikuti paket lain pada tanggal yang sama: "
                                     "%(batch)s.", batch=other.batch.title))
        elif kind is services.Clash.SAME_YEAR:
            result.notes.append(_("Sudah ikut pelatihan tahun ini: %(batch)s.",
                                  batch=other.batch.title))


def validate_rows(rows: list[Row], batch: Batch, user: User | None = None) -> list[RowResult]:
    """Every problem of every row, against the database as it is now; queries do not grow
    with the number of rows."""
    villages = _Villages({row["desa"] for row in rows if row["desa"]}, batch.regency_id)
    results = [_check_fields(row, villages, user) for row in rows]
    by_nik: dict[str, list[RowResult]] = {}
    for result in results:
        number = nik_rules.compact(result.row["nik"])
        if len(number) == 16:
            by_nik.setdefault(number, []).append(result)
    for twins in (group for group in by_nik.values() if len(group) > 1):
        for result in twins:
            others = ", ".join(str(other.line) for other in twins if other is not result)
            result.problems.append(_("NIK yang sama juga ada di baris %(lines)s.", lines=others))
            result.data = None
    unknown = services.unknown_regions({r.data.nik for r in results if r.data is not None})
    for result in results:
        if result.data is not None and result.data.nik in unknown:
            result.problems.append(str(services.UNKNOWN_REGION))
            result.data = None
    known = _known_people({r.data.nik for r in results if r.data is not None})
    for result in results:
        if result.data is not None:
            _check_person(result, known, batch, user)
        if result.problems:
            result.data = None
    return results


# --- Staging and importing -------------------------------------------------------------


def stage(batch: Batch, filename: str, data: bytes, user: User) -> ParticipantImport:
    """Parse an uploaded file and keep its rows for the preview; drops abandoned stagings."""
    if not batch.accepts_participants:
        raise ImportFileError(_("Paket berstatus %(status)s tidak menerima peserta.",
                                status=batch.status_label))
    parsed = parse_file(filename, data)
    db.session.execute(delete(ParticipantImport).where(
        ParticipantImport.imported_at.is_(None),
        ParticipantImport.created_at < utc_now() - STALE_AFTER))
    purge_staged()
    staged = ParticipantImport(batch=batch, filename=filename[:200] or "berkas",
                               created_by=user, rows_json=json.dumps({
                                   "rows": [[r.line, r.values, r.flags] for r in parsed.rows],
                                   "blank_lines": parsed.blank_lines,
                                   "notices": parsed.notices, "outcome": None}))
    db.session.add(staged)
    db.session.flush()
    return staged


def staged_content(staged: ParticipantImport) -> dict:
    content = json.loads(staged.rows_json)
    content["rows"] = [Row(line, values, flags) for line, values, flags in content["rows"]]
    return content


def get_visible_import(user: User, import_id: int) -> ParticipantImport | None:
    """A staged import of a batch the user may see."""
    batch_ids = visible_batches(user).with_only_columns(Batch.id).scalar_subquery()
    return db.session.scalar(select(ParticipantImport).where(
        ParticipantImport.id == import_id, ParticipantImport.batch_id.in_(batch_ids)))


def results_of(staged: ParticipantImport, user: User) -> list[RowResult]:
    """The rows checked now; after the import, what happened to each as it was recorded."""
    content = staged_content(staged)
    outcome = content["outcome"]
    if outcome is None:
        return validate_rows(content["rows"], staged.batch, user)
    results = []
    for row in content["rows"]:
        status, problems, notes = outcome["rows"][str(row.line)]
        results.append(RowResult(row, problems=problems, notes=notes, outcome=status))
    return results


def import_valid(staged: ParticipantImport, user: User,
                 expected_lines: set[int] | None = None) -> ImportOutcome:
    """Record and enrol every valid row in one transaction, or raise RuleError and leave
    the caller to roll back. `expected_lines` are the valid rows staff saw in the preview."""
    claimed = db.session.execute(
        update(ParticipantImport)
        .where(ParticipantImport.id == staged.id, ParticipantImport.imported_at.is_(None))
        .values(imported_at=utc_now()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # a second click, or a colleague, was first
        raise RuleError(_("File ini sudah diimpor."))
    batch = staged.batch
    if not batch.accepts_participants:
        raise RuleError(_("Paket berstatus %(status)s tidak menerima peserta.",
                          status=batch.status_label))
    content = staged_content(staged)
    results = validate_rows(content["rows"], batch, user)
    valid = [result for result in results if result.valid]
    if expected_lines is not None and {r.line for r in valid} != expected_lines:
        raise ImportChanged(_changes(results, expected_lines), results)
    if not valid:
        raise RuleError(_("Tidak ada baris valid untuk diimpor."))
    outcome = ImportOutcome(rejected=len(results) - len(valid))
    recorded = {}
    for result in results:
        if not result.valid:
            recorded[str(result.line)] = ["rejected", result.problems, result.notes]
            continue
        try:
            person = result.existing or services.create_participant(result.data, user)
            note = scope.proof_note(user, local_today()) if result.proven else ""
            enrolment, warnings = services.enrol(person, batch, user, accept=True, note=note)
        except RuleError as error:
            raise RuleError([_("Baris %(line)d: %(problem)s", line=result.line, problem=message)
                             for message in error.messages]) from error
        outcome.existing += result.existing is not None
        outcome.created += result.existing is None
        outcome.accepted += enrolment.status == "accepted"
        outcome.waitlisted += enrolment.status == "waitlisted"
        outcome.warnings.extend(warnings)
        recorded[str(result.line)] = [enrolment.status, [], result.notes]
    content["rows"] = [[row.line, row.values, row.flags] for row in content["rows"]]
    content["outcome"] = {"rows": recorded, "created": outcome.created,
                          "existing": outcome.existing}
    staged.rows_json = json.dumps(content)
    staged.imported_at = utc_now()
    db.session.flush()
    return outcome


def _changes(results: list[RowResult], expected: set[int]) -> list[str]:
    messages = [_("Data berubah sejak pratinjau; belum ada yang diimpor. Periksa lalu impor "
                  "lagi.")]
    for result in results:
        if result.line in expected and not result.valid:
            messages.append(_("Baris %(line)d kini bermasalah: %(problems)s", line=result.line,
                              problems=" ".join(result.problems)))
        elif result.valid and result.line not in expected:
            messages.append(_("Baris %(line)d kini valid.", line=result.line))
    return messages


def discard(staged: ParticipantImport) -> None:
    """Cancel a staged import: its rows are deleted, nothing was imported."""
    if staged.imported_at is not None:
        raise RuleError(_("File ini sudah diimpor; tidak dapat dibatalkan."))
    db.session.delete(staged)
    db.session.flush()


def finish(staged: ParticipantImport) -> None:
    """Staff are done with an imported file: its rows (the rejected ones' personal data
    included) are deleted; the people imported stay on the batch's roster."""
    if staged.imported_at is None:
        raise RuleError(_("File ini belum diimpor; pakai Batalkan untuk menghapusnya."))
    db.session.delete(staged)
    db.session.flush()


def purge_staged(days: int | None = None) -> int:
    """Delete every staged file uploaded more than `days` (MTU_IMPORT_RETENTION_DAYS) ago,
    imported or not; returns how many."""
    if days is None:
        days = current_app.config["IMPORT_RETENTION_DAYS"]
    result = db.session.execute(
        delete(ParticipantImport)
        .where(ParticipantImport.created_at < utc_now() - timedelta(days=days))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


# --- Files for staff -------------------------------------------------------------------


def encode_lines(lines) -> str:
    """Row numbers as compact ranges for a hidden field: [2, 3, 4, 7] → '2-4,7'."""
    parts, run = [], []
    for line in sorted(lines):
        if run and line == run[-1] + 1:
            run.append(line)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [line]
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(parts)


def decode_lines(text: str, known: list[int]) -> set[int] | None:
    """The known row numbers that `text` (from encode_lines) covers; None when malformed."""
    ranges = []
    for part in filter(None, (text or "").split(",")[:MAX_ROWS + 1]):
        low, _dash, high = part.partition("-")
        low_line, high_line = parse_int(low, 0), parse_int(high or low, 0)
        if low_line is None or high_line is None:
            return None
        ranges.append((low_line, high_line))
    return {line for line in known if any(low <= line <= high for low, high in ranges)}


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def rejected_csv(results: list[RowResult]):
    """The rejected rows as CSV lines (with a BOM, so Excel reads the letters right):
    their row number, what the file said, and why they were rejected."""
    yield "\ufeff" + _csv_line(["baris", *COLUMNS, "alasan"])
    for result in results:
        if result.problems:
            yield _csv_line([result.line, *(result.row[c] for c in COLUMNS),
                             " ".join(result.problems)])


def template_csv(batch: Batch) -> str:
    """The header and one example row, to be replaced by the real participants."""
    place = batch.regency.code.replace(".", "") if batch.regency else ""
    place = place if len(place) == 4 else "3514"
    example = [f"{place}041708950001", EXAMPLE_NAME, "L", "1995-08-17",
               "Dusun Krajan RT 01 RW 02", batch.village.code if batch.village else "",
               "0812-3456-7890", "SMA", "pencari kerja", ""]
    return "\ufeff" + _csv_line(COLUMNS) + _csv_line(example)

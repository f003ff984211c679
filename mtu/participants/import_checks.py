"""Checking imported participant rows: each column by a check in one table, then the row as
a whole against the database (twins in the file, people already recorded, clashing
enrolments). Reading the file is import_files.py's job; staging and importing, importing.py's.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.clock import local_today
from mtu.extensions import db
from mtu.forms import normalise_phone
from mtu.participants import nik as nik_rules
from mtu.participants import scope, services
from mtu.participants.import_files import EXAMPLE_NAME, LIMITS, NIK_AS_NUMBER, REQUIRED, Row
from mtu.participants.models import (
    ACTIVE_STATUSES,
    Education,
    Employment,
    Enrolment,
    Gender,
    Participant,
)
from mtu.participants.services import ParticipantData
from mtu.regions.models import Level, Region
from mtu.regions.services import find_by_exact_name

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


# --- Finding things the rows name ----------------------------------------------------


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

# --- One check per column -------------------------------------------------------------


@dataclass
class _RowCheck:
    """One row being checked: the values found so far, by the keys of CHECKS."""

    row: Row
    result: RowResult
    villages: _Villages
    values: dict = field(default_factory=dict)

    def problem(self, message: str) -> None:
        self.result.problems.append(message)

    def note(self, message: str) -> None:
        self.result.notes.append(message)


def _nik(text: str, check: _RowCheck):
    if not text:
        return None
    if NIK_AS_NUMBER in check.row.flags:
        check.problem(_("NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya bisa "
                        "hilang; ubah format kolom NIK menjadi Teks lalu ketik ulang."))
    try:
        return nik_rules.read(text)
    except ValueError as error:
        check.problem(str(error))
        return None


def _gender(text: str, check: _RowCheck) -> Gender | None:
    gender = GENDERS.get(_key(text))
    if text and gender is None:
        check.problem(_("Jenis kelamin harus L atau P (tertulis “%(value)s”).", value=text))
    return gender


def _birth_date(text: str, check: _RowCheck) -> date | None:
    birth_date = _parse_date(text) if text else None
    if text and birth_date is None:
        check.problem(_("Tanggal lahir “%(value)s” tidak dikenali; tulis 1995-08-17 atau "
                        "17/08/1995.", value=text))
    elif birth_date and birth_date > local_today():
        check.problem(_("Tanggal lahir tidak boleh di masa depan."))
    return birth_date


def _nik_agrees(_text: str, check: _RowCheck) -> None:
    """The NIK's own facts (sex, birth date) against the row's."""
    facts = check.values["facts"]
    if facts is not None:
        for _field, message in nik_rules.check_against(facts, check.values["gender"],
                                                       check.values["birth_date"]):
            check.problem(message)


def _village(text: str, check: _RowCheck) -> Region | None:
    village = check.villages.get(text) if text else None
    if text and village is None:
        check.problem(check.villages.problem(text))
    return village


def _phone(text: str, check: _RowCheck) -> str | None:
    phone = normalise_phone(text) if text else ""
    if phone is None:
        check.problem(_("Nomor telepon “%(value)s” tidak valid (contoh: 0812-3456-7890 atau "
                        "+62 812 3456 7890).", value=text))
    return phone


def _choice(answers: dict, default, unknown, empty):
    """The check of a column with a fixed set of answers: an empty cell means `default`
    (noted), an answer not in `answers` is a problem."""

    def check_choice(text: str, check: _RowCheck):
        value = answers.get(_key(text)) if text else default
        if value is None:
            check.problem(str(unknown) % {"value": text})
        elif not text:
            check.note(str(empty) % {"label": value.label})
        return value

    return check_choice


_education = _choice(
    EDUCATION, Education.SENIOR,
    _l("Pendidikan “%(value)s” tidak dikenal; isi SD, SMP, SMA, SMK, D1–D4, S1, S2 atau tidak "
       "sekolah."), _l("Pendidikan kosong: dicatat %(label)s."))
_employment = _choice(
    EMPLOYMENT, Employment.JOB_SEEKER,
    _l("Status kerja “%(value)s” tidak dikenal; isi pencari kerja, pekerja, warga binaan atau "
       "wirausaha."), _l("Status kerja kosong: dicatat %(label)s."))


# (key of the value found, column read, check), in the order the problems are listed.
CHECKS: list[tuple[str, str, Callable[[str, _RowCheck], object]]] = [
    ("facts", "nik", _nik),
    ("gender", "jenis_kelamin", _gender),
    ("birth_date", "tanggal_lahir", _birth_date),
    ("nik_agrees", "nik", _nik_agrees),
    ("village", "desa", _village),
    ("phone", "telepon", _phone),
    ("education", "pendidikan", _education),
    ("employment", "status_kerja", _employment),
]
LABELS = {"nik": _l("NIK"), "nama": _l("Nama"), "jenis_kelamin": _l("Jenis kelamin"),
          "tanggal_lahir": _l("Tanggal lahir")}


def _check_fields(row: Row, villages: _Villages, user: User | None) -> RowResult:
    """Everything the row says on its own: required fields, formats, the NIK's own facts."""
    result = RowResult(row)
    for column in REQUIRED:
        if not row[column]:
            result.problems.append(_("%(field)s wajib diisi.", field=LABELS[column]))
    if row["nama"] == EXAMPLE_NAME:
        result.problems.append(_("Ini baris contoh dari templat; hapus sebelum mengunggah."))
    for column, limit in LIMITS.items():
        if len(row[column]) > limit:
            result.problems.append(_("Kolom %(column)s paling banyak %(max)d karakter.",
                                     column=column, max=limit))
    check = _RowCheck(row, result, villages)
    for key, column, function in CHECKS:
        check.values[key] = function(row[column], check)
    if not result.problems:
        found = check.values
        result.data = ParticipantData(
            nik=found["facts"].nik, full_name=" ".join(row["nama"].split()),
            gender=found["gender"].value, birth_date=found["birth_date"],
            address=row["alamat"], village=found["village"], phone=found["phone"],
            education=found["education"].value, employment=found["employment"].value,
            disability=row["disabilitas"])
    return result


# --- The row against the database -----------------------------------------------------


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
        _check_clashes(result, enrolments, batch, named=False)
        return
    result.existing = person
    result.notes.insert(0, _("Sudah tercatat sebagai peserta: %(name)s; datanya tidak diubah.",
                             name=person.full_name))
    if nik_rules.name_key(data.full_name) != person.name_key:
        result.notes.insert(1, _("Nama di berkas berbeda: “%(typed)s”.", typed=data.full_name))
    _check_clashes(result, enrolments, batch, named=True)


def _check_clashes(result: RowResult, enrolments, batch: Batch, named: bool) -> None:
    """What the person's other enrolments mean for this batch (services.clash); the batches
    of another office's person are not `named`."""
    for other in enrolments:
        kind = services.clash(other, batch)
        if kind is services.Clash.SAME_BATCH:
            result.problems.append(_("Sudah terdaftar di paket ini (%(status)s).",
                                     status=other.status_label))
        elif kind is services.Clash.SAME_DATES and named:
            result.problems.append(_("Sedang mengikuti paket lain pada tanggal yang sama: "
                                     "%(batch)s.", batch=other.batch.title))
        elif kind is services.Clash.SAME_DATES:
            result.problems.append(_("Sedang mengikuti paket lain pada tanggal yang sama."))
        elif kind is services.Clash.SAME_YEAR and named:
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

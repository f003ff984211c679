"""Queries over regions and the CSV import of the Kemendagri code list."""

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, insert, or_, select, update

from mtu.extensions import db
from mtu.regions.models import Level, Region

# Indonesian words accepted in the level column beside the English ones.
LEVEL_ALIASES = {
    "province": Level.PROVINCE, "provinsi": Level.PROVINCE,
    "regency": Level.REGENCY, "city": Level.REGENCY, "kabupaten": Level.REGENCY,
    "kota": Level.REGENCY, "kabupaten/kota": Level.REGENCY,
    "subdistrict": Level.SUBDISTRICT, "kecamatan": Level.SUBDISTRICT,
    "village": Level.VILLAGE, "desa": Level.VILLAGE, "kelurahan": Level.VILLAGE,
    "desa/kelurahan": Level.VILLAGE,
}
REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
COLUMN_ALIASES = {"kode": "code", "nama": "name", "tingkat": "level", "kode_induk": "parent_code"}
BATCH_SIZE = 5000


def find_by_code(code: str, level: Level | None = None) -> Region | None:
    statement = select(Region).where(Region.code == code.strip())
    if level is not None:
        statement = statement.where(Region.level == level)
    return db.session.scalar(statement)


def find_by_exact_name(name: str, level: Level) -> Region | None:
    """The one region of this level with this name, or None when there are none or several."""
    matches = db.session.scalars(
        select(Region).where(Region.level == level,
                             func.lower(Region.name) == name.strip().lower()).limit(2)
    ).all()
    return matches[0] if len(matches) == 1 else None


def search_statement(text: str = "", level: Level | None = None, parent: Region | None = None):
    """Regions whose name or code starts with `text` (names: any word), ordered by code."""
    statement = select(Region).order_by(Region.code)
    if level is not None:
        statement = statement.where(Region.level == level)
    if parent is not None:
        statement = statement.where(Region.parent_id == parent.id)
    text = text.strip().lower()
    if text:
        statement = statement.where(or_(
            Region.name.istartswith(text, autoescape=True),
            Region.name.icontains(" " + text, autoescape=True),
            Region.code.startswith(text, autoescape=True),
        ))
    return statement


def child_counts(regions) -> dict[int, int]:
    """How many direct children each of these regions has, in one query."""
    ids = [region.id for region in regions]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Region.parent_id, func.count()).where(Region.parent_id.in_(ids))
        .group_by(Region.parent_id)
    )
    return dict(rows.all())


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    code: str
    name: str
    level: Level
    parent_code: str


def _parse(text: str, report: ImportReport) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [COLUMN_ALIASES.get(name.strip().lower(), name.strip().lower())
              for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.errors.append(f"baris 1: kolom tidak ada: {', '.join(missing)} "
                             f"(yang diperlukan: {', '.join(REQUIRED_COLUMNS)})")
        return []
    reader.fieldnames = header
    rows = []
    for record in reader:
        line = reader.line_num
        values = {key: (record.get(key) or "").strip() for key in REQUIRED_COLUMNS}
        problems = []
        if not values["code"]:
            problems.append("kode kosong")
        if not values["name"]:
            problems.append("nama kosong")
        elif len(values["name"]) > 120:
            problems.append("nama lebih dari 120 karakter")
        level = LEVEL_ALIASES.get(values["level"].lower())
        if level is None:
            problems.append(f"tingkat tidak dikenal: {values['level']!r}")
        if problems:
            report.errors.append(f"baris {line}: {'; '.join(problems)}")
            continue
        rows.append(_Row(line, values["code"], values["name"], level, values["parent_code"]))
    return rows


def _check_tree(rows: list[_Row], existing: dict, report: ImportReport) -> None:
    """Every code once; every parent known (in the file or the database) and one level up."""
    seen: dict[str, _Row] = {}
    for row in rows:
        if row.code in seen:
            report.errors.append(f"baris {row.line}: kode {row.code} sudah ada di baris "
                                 f"{seen[row.code].line}")
        else:
            seen[row.code] = row
    for row in rows:
        known = existing.get(row.code)
        if known and known[2] != row.level:
            report.errors.append(f"baris {row.line}: kode {row.code} sudah tercatat sebagai "
                                 f"{Level(known[2]).label}, bukan {row.level.label}")
        if row.level is Level.PROVINCE:
            if row.parent_code:
                report.errors.append(f"baris {row.line}: provinsi tidak boleh punya induk")
            continue
        if not row.parent_code:
            report.errors.append(f"baris {row.line}: kode induk kosong")
            continue
        parent = seen.get(row.parent_code)
        parent_level = parent.level if parent else (
            Level(existing[row.parent_code][2]) if row.parent_code in existing else None)
        if parent_level is None:
            report.errors.append(f"baris {row.line}: kode induk {row.parent_code} tidak "
                                 "ditemukan di berkas maupun di basis data")
        elif parent_level.depth != row.level.depth - 1:
            report.errors.append(f"baris {row.line}: induk {row.parent_code} adalah "
                                 f"{parent_level.label}, tidak cocok untuk {row.level.label}")


def import_regions(text: str) -> ImportReport:
    """Create or update regions from CSV text; on any bad row, change nothing.

    Idempotent: rows equal to what is stored are left alone. Parents are written before
    children, level by level, with bulk statements so a whole-country file stays quick.
    """
    report = ImportReport()
    rows = _parse(text, report)
    existing = {code: (id_, name, level, parent_id) for id_, code, name, level, parent_id in
                db.session.execute(select(Region.id, Region.code, Region.name, Region.level,
                                          Region.parent_id))}
    _check_tree(rows, existing, report)
    if not report.ok:
        return report

    ids = {code: values[0] for code, values in existing.items()}
    for level in Level:
        new, changed = [], []
        for row in (r for r in rows if r.level is level):
            parent_id = ids.get(row.parent_code) if row.parent_code else None
            known = existing.get(row.code)
            if known is None:
                new.append({"code": row.code, "name": row.name, "level": level.value,
                            "parent_id": parent_id})
            elif (known[1], known[3]) != (row.name, parent_id):
                changed.append({"id": known[0], "name": row.name, "parent_id": parent_id})
            else:
                report.unchanged += 1
        for start in range(0, len(new), BATCH_SIZE):
            db.session.execute(insert(Region), new[start:start + BATCH_SIZE])
        if changed:
            db.session.execute(update(Region), changed)
        report.created += len(new)
        report.updated += len(changed)
        if new:
            codes = {entry["code"] for entry in new}
            ids.update((code, id_) for id_, code in db.session.execute(
                select(Region.id, Region.code).where(Region.level == level))
                if code in codes)
    db.session.flush()
    return report

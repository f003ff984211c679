"""Bulk import of a batch's participants from a CSV or XLSX file: stage, preview, import.

A file is parsed once, on upload, and staged in ParticipantImport.rows_json so that any app
server can finish it. Its rows are checked again on every preview and at import, against the
database as it is then; the import refuses to run when the set of valid rows is no longer the
one staff confirmed, so that no row is ever skipped without being shown. Reading the file
lives in import_files.py, checking the rows in import_checks.py.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.clock import local_today, utc_now
from mtu.csvfiles import BOM, csv_line
from mtu.extensions import db
from mtu.numbers import parse_int
from mtu.participants import scope, services
from mtu.participants.import_checks import (  # noqa: F401  (re-exported for views and tests)
    RowResult,
    _parse_date,
    _village_code,
    validate_rows,
)
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
from mtu.participants.models import ParticipantImport
from mtu.rules import RuleError

STALE_AFTER = timedelta(days=1)


class ImportChanged(RuleError):
    """The valid rows are no longer the ones staff confirmed; `results` are the new checks."""

    def __init__(self, messages, results):
        super().__init__(messages)
        self.results = results


@dataclass
class ImportOutcome:
    created: int = 0
    existing: int = 0
    accepted: int = 0
    waitlisted: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)


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
    # The rules of a single enrolment, applied to all the rows at once (a few statements).
    new = [result for result in valid if result.existing is None]
    try:
        created = services.create_participants([result.data for result in new], user)
    except services.ManyRefused as refused:
        raise RuleError(_by_line((new[index], [message for _field, message in errors])
                                 for index, errors in refused.by_index.items())) from refused
    people = {result.line: person for result, person in zip(new, created, strict=True)}
    note = scope.proof_note(user, local_today()) if any(r.proven for r in valid) else ""
    enrolled = dict(zip((result.line for result in valid), services.enrol_many(
        [(result.existing or people[result.line], note if result.proven else "")
         for result in valid], batch, user, accept=True), strict=True))
    refusals = [(result, enrolled[result.line].problems) for result in valid
                if enrolled[result.line].problems]
    if refusals:
        raise RuleError(_by_line(refusals))
    recorded = {}
    for result in results:
        if not result.valid:
            recorded[str(result.line)] = ["rejected", result.problems, result.notes]
            continue
        done = enrolled[result.line]
        outcome.existing += result.existing is not None
        outcome.created += result.existing is None
        outcome.accepted += done.enrolment.status == "accepted"
        outcome.waitlisted += done.enrolment.status == "waitlisted"
        outcome.warnings.extend(done.warnings)
        recorded[str(result.line)] = [done.enrolment.status, [], result.notes]
    content["rows"] = [[row.line, row.values, row.flags] for row in content["rows"]]
    content["outcome"] = {"rows": recorded, "created": outcome.created,
                          "existing": outcome.existing}
    staged.rows_json = json.dumps(content)
    staged.imported_at = utc_now()
    db.session.flush()
    return outcome


def _by_line(refusals) -> list[str]:
    """'Baris N: …' for each message of each (row, messages) refused."""
    return [_("Baris %(line)d: %(problem)s", line=result.line, problem=message)
            for result, messages in refusals for message in messages]


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


def forget_person(old_nik: str, person) -> int:
    """Anonymisation (participants.subject): the person's rows in files still staged, found
    by their old NIK however it was typed, now carry what replaced their identity, and what
    the preview noted about those rows goes. How many files changed."""
    from mtu.participants import nik

    replaced = {"nik": person.nik, "nama": person.full_name,
                "tanggal_lahir": person.birth_date.isoformat(), "alamat": "", "telepon": "",
                "disabilitas": ""}
    changed = 0
    for staged in db.session.scalars(select(ParticipantImport)):
        content = json.loads(staged.rows_json)
        lines = {str(line) for line, values, _flags in content["rows"]
                 if nik.compact(values.get("nik", "")) == old_nik}
        if not lines:
            continue
        for line, values, _flags in content["rows"]:
            if str(line) in lines:
                values.update({column: value for column, value in replaced.items()
                               if column in values})
        for line, result in (content["outcome"] or {}).get("rows", {}).items():
            if line in lines:
                result[1:] = [[], []]  # problems and notes may quote the name
        staged.rows_json = json.dumps(content)
        changed += 1
    return changed


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


def rejected_csv(results: list[RowResult]):
    """The rejected rows as CSV lines (with a BOM, so Excel reads the letters right):
    their row number, what the file said, and why they were rejected."""
    yield BOM + csv_line(["baris", *COLUMNS, "alasan"])
    for result in results:
        if result.problems:
            yield csv_line([result.line, *(result.row[c] for c in COLUMNS),
                            " ".join(result.problems)])


def template_csv(batch: Batch) -> str:
    """The header and one example row, to be replaced by the real participants."""
    place = batch.regency.code.replace(".", "") if batch.regency else ""
    place = place if len(place) == 4 else "3514"
    example = [f"{place}041708950001", EXAMPLE_NAME, "L", "1995-08-17",
               "Dusun Krajan RT 01 RW 02", batch.village.code if batch.village else "",
               "0812-3456-7890", "SMA", "pencari kerja", ""]
    return BOM + csv_line(COLUMNS) + csv_line(example)

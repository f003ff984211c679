"""Bulk import pages: upload a file for a batch, preview every row, import the valid ones."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from werkzeug.utils import secure_filename

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import services as batch_services
from mtu.csvfiles import csv_response
from mtu.extensions import db
from mtu.forms import CreateForm
from mtu.listing import page_of
from mtu.participants import bp, importing, services
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
PREVIEW_PAGE_SIZE = 50


class UploadForm(CreateForm):
    file = FileField(_l("Berkas CSV atau XLSX"),
                     [FileRequired(message=_l("Pilih berkas yang akan diunggah."))],
                     description=_l("Paling besar 2 MB dan 2.000 baris peserta."))


def _batch_or_404(batch_id):
    return found_or_404(batch_services.get_visible(current_user, batch_id))


def _import_or_404(import_id):
    return found_or_404(importing.get_visible_import(current_user, import_id))


def _preview(staged, results, status_code=200, problems=()):
    """The preview page: problems first, a page of compact rows at a time."""
    ordered = sorted(results, key=lambda result: (result.valid, result.line))
    valid = [result for result in results if result.valid]
    page = page_of(ordered, PREVIEW_PAGE_SIZE)
    content = importing.staged_content(staged)
    batch = staged.batch
    accepted = services.accepted_count(batch)
    return render("participants/import_preview.html", status_code=status_code, staged=staged,
                  batch=batch, page=page, total=len(results), valid=len(valid),
                  rejected=len(results) - len(valid), problems=problems,
                  expected=importing.encode_lines(result.line for result in valid),
                  seats=max(batch.quota - accepted, 0), accepted=accepted,
                  blank_lines=content["blank_lines"], notices=content["notices"],
                  outcome=content["outcome"])


@bp.route("/batches/<int:batch_id>/import", methods=["GET", "POST"])
@roles_required(*OFFICE)
def import_upload(batch_id):
    """Upload a participant file for a batch; every row is checked on the next page."""
    batch = _batch_or_404(batch_id)
    form = UploadForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        upload = form.file.data
        try:
            staged = importing.stage(batch, upload.filename or "", upload.read(), current_user)
        except importing.ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            url = submissions.done(form, url_for("participants.import_preview",
                                                 import_id=staged.id))
            db.session.commit()
            return redirect(url)
    return render_form("participants/import.html", form, batch=batch,
                       open=batch.accepts_participants)


@bp.get("/imports/<int:import_id>")
@roles_required(*OFFICE)
def import_preview(import_id):
    """Every row of an uploaded file with its problems; after the import, what became of it."""
    staged = _import_or_404(import_id)
    return _preview(staged, importing.results_of(staged, current_user))


@bp.post("/imports/<int:import_id>/confirm")
@roles_required(*OFFICE)
def import_confirm(import_id):
    """Import all the valid rows in one transaction, or none when anything changed."""
    staged = _import_or_404(import_id)
    rows = importing.staged_content(staged)["rows"]
    expected = importing.decode_lines(request.form.get("expected", ""), [r.line for r in rows])
    if expected is None:
        abort(400)
    try:
        outcome = importing.import_valid(staged, current_user, expected)
    except importing.ImportChanged as change:
        db.session.rollback()
        return _preview(staged, change.results, status_code=409, problems=change.messages)
    except RuleError as error:
        db.session.rollback()
        for message in error.messages:
            flash(message, "error")
        return redirect(url_for("participants.import_preview", import_id=staged.id))
    db.session.commit()
    flash(ngettext("%(num)d peserta diimpor: %(accepted)d diterima, %(waitlisted)d masuk daftar "
                   "cadangan (%(created)d orang baru).",
                   "%(num)d peserta diimpor: %(accepted)d diterima, %(waitlisted)d masuk daftar "
                   "cadangan (%(created)d orang baru).", outcome.accepted + outcome.waitlisted,
                   accepted=outcome.accepted, waitlisted=outcome.waitlisted,
                   created=outcome.created),
          "success")
    for warning in outcome.warnings:
        flash(warning, "warning")
    return redirect(url_for("participants.import_preview", import_id=staged.id))


def _delete(import_id, delete, message: str, endpoint: str):
    """Delete a staged file with `delete` (discard or finish), then go on to the batch's
    `endpoint`; a refusal goes back to the preview."""
    staged = _import_or_404(import_id)
    batch_id = staged.batch_id
    try:
        delete(staged)
    except RuleError as error:
        flash(error.messages[0], "error")
        return redirect(url_for("participants.import_preview", import_id=staged.id))
    db.session.commit()
    flash(message, "info")
    return redirect(url_for(endpoint, batch_id=batch_id))


@bp.post("/imports/<int:import_id>/cancel")
@roles_required(*OFFICE)
def import_cancel(import_id):
    """Drop an uploaded file without importing anything."""
    return _delete(import_id, importing.discard, _("Impor dibatalkan; berkasnya dihapus."),
                   "participants.import_upload")


@bp.post("/imports/<int:import_id>/done")
@roles_required(*OFFICE)
def import_done(import_id):
    """After the import: delete the file's rows, the rejected ones' personal data included."""
    return _delete(import_id, importing.finish,
                   _("Berkas impor dan baris yang ditolak sudah dihapus."), "participants.roster")


@bp.get("/imports/<int:import_id>/rejected.csv")
@roles_required(*OFFICE)
def import_rejected(import_id):
    """The rejected rows with the reasons, to correct and upload again (in the export log)."""
    from mtu.reports.models import Dataset  # reports build on participants
    from mtu.reports.services import record_export

    staged = _import_or_404(import_id)
    results = importing.results_of(staged, current_user)
    name = secure_filename(staged.filename.rsplit(".", 1)[0]) or "peserta"
    body = importing.rejected_csv(results)
    record_export(current_user, Dataset.IMPORT_REJECTED, "csv",
                  f"{staged.batch.title} · {staged.filename}",
                  sum(1 for result in results if result.problems))
    db.session.commit()
    return csv_response(body, f"ditolak-{name}.csv")


@bp.get("/batches/<int:batch_id>/import-template.csv")
@roles_required(*OFFICE)
def import_template(batch_id):
    """The columns an import file needs, with one example row."""
    batch = _batch_or_404(batch_id)
    return csv_response(importing.template_csv(batch), "templat-peserta.csv")

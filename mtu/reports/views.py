"""The reports page (filters, row counts, downloads), the downloads themselves and the log
of who took which file."""

import re

from flask import abort, request
from flask_babel import force_locale
from flask_login import current_user

from mtu.attendance.models import Mark
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import services as batch_services
from mtu.clock import local_today
from mtu.dashboard import services as dashboard
from mtu.extensions import db
from mtu.listing import paginate
from mtu.participants import audit, scope
from mtu.pdf import batch_file_name, pdf_response
from mtu.rendering import render
from mtu.reports import bp, documents, exports, services
from mtu.reports.files import csv_stream, file_response, xlsx_file
from mtu.reports.filters import FilterForm
from mtu.reports.models import Dataset

FORMATS = ("csv", "xlsx")
EXPORT_ARG = re.compile(r"^([a-z]+)\.(csv|xlsx)$")
# The page's download button sends a random token and waits for this cookie to say the
# file has started (static/js/app.js): until then it reads "Menyiapkan berkas…".
TOKEN = re.compile(r"^[A-Za-z0-9-]{8,40}$")
DOWNLOAD_COOKIE = "mtu_download"


def _form():
    return FilterForm(current_user, formdata=request.args)


@bp.get("/")
@roles_required(*exports.EXPORTERS)
def index():
    """Filters, how many rows each export holds for them, and the download buttons."""
    form = _form()
    return _page(form, form.filters())


def _page(form, filters):
    """The page; with invalid filters (422) the errors and no download."""
    counts = exports.counts(current_user, filters) if filters else {}
    return render("reports/index.html", fragment="results", form=form, counts=counts,
                  count_limit=exports.COUNT_LIMIT,
                  status_code=200 if filters else 422, valid=filters is not None,
                  can_log=current_user.role in (Role.ADMIN, Role.STAFF))


def _started(response):
    """Tell the waiting button that the file is on its way."""
    token = request.args.get("token", "")
    if TOKEN.match(token):
        response.set_cookie(DOWNLOAD_COOKIE, token, max_age=120, samesite="Strict",
                            secure=request.is_secure)
    return response


@bp.get("/download")
@roles_required(*exports.EXPORTERS)
def download():
    """One export as CSV (streamed as it is read) or XLSX (prepared, then streamed)."""
    match = EXPORT_ARG.match(request.args.get("export", ""))
    if not match or match.group(1) not in Dataset._value2member_map_:
        abort(404)
    dataset, file_format = Dataset(match.group(1)), match.group(2)
    export = exports.EXPORTS.get(dataset) or abort(404)
    form = _form()
    filters = form.filters()
    if filters is None:
        return _page(form, filters)
    statement = export.statement(current_user, filters)
    filename = f"{dataset.value}-{local_today().isoformat()}.{file_format}"
    if file_format == "xlsx":
        spool, written = xlsx_file(str(dataset.label), export.header(),
                                   exports.rows(export, current_user, filters))
        response = file_response(spool, filename)
    else:
        written = exports.count(export, current_user, filters)
        response = csv_stream(export.header(), exports.rows(export, current_user, filters),
                              filename)
    services.record_export(current_user, dataset, file_format, filters.describe(), written)
    if dataset is not Dataset.BATCHES:
        services.record_inmate_looks(current_user, statement, request.full_path)
    db.session.commit()
    return _started(response)


@bp.get("/log")
@roles_required(Role.ADMIN, Role.STAFF)
def log():
    """Who took which file, when, with which filters (the district's own for staff)."""
    return render("reports/log.html", fragment="results",
                  page=paginate(services.visible_exports(current_user)))


@bp.get("/batches/<int:batch_id>/completion.pdf")
@roles_required(Role.ADMIN, Role.STAFF)
def completion(batch_id):
    """The batch completion report (laporan pelaksanaan) as a PDF."""
    batch = found_or_404(batch_services.get_visible(current_user, batch_id))
    with force_locale("id"):  # a report upward: Indonesian, whoever prints it
        report = documents.completion(batch)
        people = [row.enrolment.participant for row in report.recap.rows]
        response = pdf_response("reports/completion_pdf.html",
                                batch_file_name("laporan-pelaksanaan", batch), download=True,
                                report=report,
                                nik_ids=scope.masked_nik_ids(current_user, batch, people),
                                Mark=Mark, today=local_today())
    services.record_export(current_user, Dataset.COMPLETION, "pdf", batch.title)
    return audit.seen_batch(_committed(response), current_user, batch.id)


@bp.get("/annual.pdf")
@roles_required(Role.ADMIN, Role.STAFF)
def annual():
    """The annual summary of a district (staff: theirs; admins: the chosen one, or all) from
    the dashboard's figures, for the year chosen on the reports page (else this year)."""
    form = _form()
    filters = form.filters()
    if filters is None:
        return _page(form, filters)
    year = filters.year or local_today().year
    if current_user.role == Role.ADMIN:
        regency_id = filters.regency.id if filters.regency is not None else None
    else:
        regency_id = current_user.regency_id
    with force_locale("id"):  # a report upward: Indonesian, whoever prints it
        figures = dashboard.figures(dashboard.district_scope(current_user, regency_id, year))
        response = pdf_response("reports/annual_pdf.html", f"ringkasan-tahunan-{year}.pdf",
                                download=True, figures=figures, year=year, today=local_today())
    services.record_export(current_user, Dataset.ANNUAL, "pdf",
                           f"{year} · {figures.region_name}")
    return _started(_committed(response))


def _committed(response):
    db.session.commit()
    return response

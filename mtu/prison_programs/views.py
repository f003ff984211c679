"""Programme pages: the list, a programme's page, create and edit with its partners."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.clock import local_today
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.prison_programs import bp, services
from mtu.prison_programs.forms import AdminProgrammeForm, ProgrammeForm
from mtu.prison_programs.models import PROGRAMME_STATUS_LABELS, AgencyKind
from mtu.rendering import render
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
READERS = (Role.ADMIN, Role.STAFF, Role.AGENCY)


@bp.get("/")
@roles_required(*READERS)
def index():
    """Programmes: the district's (staff), the agency's own (agency), all (admin)."""
    query, status = search_arg(), request.args.get("status", "")
    page = paginate(services.programme_list_statement(current_user, query, status))
    return render("prison_programs/index.html", fragment="results", page=page, query=query,
                  status=status, statuses=list(PROGRAMME_STATUS_LABELS.items()))


@bp.get("/<int:programme_id>")
@roles_required(*READERS)
def detail(programme_id):
    """A programme: its record, partners and their roles, batches, figures and meetings."""
    from mtu.prison_programs.figures import programme_figures  # figures import mtu.auth

    programme = found_or_404(services.get_programme_page(current_user, programme_id))
    return render("prison_programs/detail.html", programme=programme, today=local_today(),
                  batches=services.programme_batches(programme),
                  figures=programme_figures(programme), meetings=programme.meetings)


def _form(programme=None) -> ProgrammeForm:
    form_class = AdminProgrammeForm if current_user.role == Role.ADMIN else ProgrammeForm
    form = form_class(obj=programme)
    if request.method == "GET":
        if programme is not None:
            form.fill_partners(programme.partners)
        form.prison_id.data = form.prison_id.data or 0
        form.lead_agency_id.data = form.lead_agency_id.data or 0
        form.institute_id.data = form.institute_id.data or 0
    elif "add_row" in request.form:
        form.add_rows()
    form.set_choices(services.agency_choices(), services.agency_choices(AgencyKind.PRISON),
                     services.institute_choices(current_user))
    return form


def _save(programme):
    """Validate, save and commit: (form, saved programme), or (form, None) to show it again.
    "Tambah baris" posts the form to get one more partner row: nothing is saved then."""
    form = _form(programme)
    if "add_row" in request.form:
        return form, None
    if programme is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            programme = services.save_programme(programme, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("prison_programs.detail", programme_id=programme.id))
            db.session.commit()
            return form, programme
    return form, None


def _form_page(form, programme):
    return render("prison_programs/form.html", status_code=422 if form.has_errors else 200,
                  form=form, programme=programme)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Start a programme with a prison and its partner agencies."""
    form, programme = _save(None)
    if programme is not None:
        flash(_("Program %(name)s dibuat.", name=programme.name), "success")
        return redirect(url_for("prison_programs.detail", programme_id=programme.id))
    return _form_page(form, None)


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(programme_id):
    """Edit a programme: its record, stage and partners."""
    programme = found_or_404(services.get_programme_page(current_user, programme_id))
    form, saved = _save(programme)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("prison_programs.detail", programme_id=programme.id))
    return _form_page(form, programme)

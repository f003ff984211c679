"""Partner agency pages for the office: list, details, create and edit, agency accounts."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.prison_programs import agencies as services
from mtu.prison_programs import bp
from mtu.prison_programs.forms import AccountForm, AgencyForm
from mtu.prison_programs.models import AGENCY_KIND_LABELS
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def _agency_or_404(agency_id):
    return found_or_404(services.get_visible_agency(current_user, agency_id))


def _managed_or_403(agency_id):
    agency = _agency_or_404(agency_id)
    if not services.can_manage_agency(current_user, agency):
        abort(403)
    return agency


@bp.get("/agencies/")
@roles_required(*OFFICE)
def agencies():
    """Partner agencies, searchable as you type, by kind."""
    query, kind = search_arg(), request.args.get("kind", "")
    page = paginate(services.agency_list_statement(current_user, query, kind))
    return render("prison_programs/agencies.html", fragment="results", page=page, query=query,
                  kind=kind, kinds=list(AGENCY_KIND_LABELS.items()))


def _agency_page(agency, account_form=None):
    status = 422 if account_form is not None and account_form.errors else 200
    manage = services.can_manage_agency(current_user, agency)
    make_accounts = services.can_make_accounts(current_user, agency)
    return render("prison_programs/agency.html", status_code=status, agency=agency,
                  manage=manage, make_accounts=make_accounts,
                  accounts=services.accounts_of(agency) if make_accounts else [],
                  account_form=account_form or AccountForm(formdata=None),
                  programmes=services.programmes_of_agency(current_user, agency))


@bp.get("/agencies/<int:agency_id>")
@roles_required(*OFFICE)
def agency(agency_id):
    """An agency: its record, the programmes it takes part in, its accounts."""
    return _agency_page(_agency_or_404(agency_id))


def _save(agency):
    form = AgencyForm(obj=agency)
    if agency is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            agency = services.save_agency(agency, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("prison_programs.agency", agency_id=agency.id))
            db.session.commit()
            return form, agency
    return form, None


@bp.route("/agencies/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create_agency():
    """Register a partner agency."""
    form, agency = _save(None)
    if agency is not None:
        flash(_("Instansi %(name)s ditambahkan.", name=agency.name), "success")
        return redirect(url_for("prison_programs.agency", agency_id=agency.id))
    return render_form("prison_programs/agency_form.html", form, agency=None)


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update_agency(agency_id):
    """Edit an agency's record (its district's office or an admin)."""
    agency = _managed_or_403(agency_id)
    form, saved = _save(agency)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("prison_programs.agency", agency_id=agency.id))
    return render_form("prison_programs/agency_form.html", form, agency=agency)


@bp.post("/agencies/<int:agency_id>/accounts")
@roles_required(*OFFICE)
def create_account(agency_id):
    """Make an account for the agency's staff; its temporary password is shown once."""
    agency = _agency_or_404(agency_id)
    if not services.can_make_accounts(current_user, agency):
        abort(403)
    form = AccountForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            account, temporary = services.create_account(agency, form.name.data,
                                                         form.email.data, current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            back = url_for("prison_programs.agency", agency_id=agency.id)
            submissions.done(form, back)
            db.session.commit()
            return render("auth/temporary_password.html", user=account, password=temporary,
                          back_url=back)
    return _agency_page(agency, account_form=form)

"""Company pages for the office: list, details, create and edit, agreements, accounts."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.companies import bp, services
from mtu.companies.forms import AccountForm, AgreementForm, CompanyForm
from mtu.companies.models import SECTOR_LABELS
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def _company_or_404(company_id):
    return found_or_404(services.get_visible(current_user, company_id))


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """Partner companies, searchable as you type, by sector and sub-district."""
    query, sector = search_arg(), request.args.get("sector", "")
    subdistrict_id = arg_id("subdistrict")
    page = paginate(services.list_statement(current_user, query, sector, subdistrict_id))
    return render("companies/index.html", fragment="results", page=page, query=query,
                  sector=sector, sectors=list(SECTOR_LABELS.items()),
                  subdistrict_id=subdistrict_id,
                  subdistricts=services.subdistricts(current_user))


def _detail(company, agreement_form=None, account_form=None):
    forms = (agreement_form, account_form)
    status = 422 if any(form is not None and (form.errors or form.form_errors)
                        for form in forms) else 200
    from mtu.csr import services as csr  # csr and placements build on companies
    from mtu.csr.views import block_context
    from mtu.placements import services as outcomes

    office = current_user.role in OFFICE
    placements = db.session.scalars(outcomes.visible_placements(current_user).where(
        outcomes.Placement.company_id == company.id).limit(10)).unique().all()
    vacancies = db.session.scalars(outcomes.visible_vacancies(current_user).where(
        outcomes.Vacancy.company_id == company.id).limit(5)).all()
    return render("companies/detail.html", status_code=status,
                  absorption=outcomes.company_absorption(company), placements=placements,
                  vacancies=vacancies,
                  agreement_form=agreement_form or AgreementForm(formdata=None),
                  account_form=account_form or AccountForm(formdata=None),
                  accounts=services.accounts_of(company) if office else [],
                  batches=csr.company_batches(company, current_user),
                  **block_context(company))


@bp.get("/<int:company_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.COMPANY)
def detail(company_id):
    """A company: its record, agreements and accounts (a company sees only its own)."""
    return _detail(_company_or_404(company_id))


def _save(company):
    form = CompanyForm(obj=company)
    if company is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            company = services.save_company(company, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("companies.detail", company_id=company.id))
            db.session.commit()
            return form, company
    return form, None


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Register a partner company."""
    form, company = _save(None)
    if company is not None:
        flash(_("Perusahaan %(name)s ditambahkan.", name=company.name), "success")
        return redirect(url_for("companies.detail", company_id=company.id))
    return render_form("companies/form.html", form, company=None)


@bp.route("/<int:company_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(company_id):
    """Edit a company's record."""
    company = _company_or_404(company_id)
    form, saved = _save(company)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("companies.detail", company_id=company.id))
    return render_form("companies/form.html", form, company=company)


@bp.post("/<int:company_id>/agreements")
@roles_required(*OFFICE)
def add_agreement(company_id):
    """Record a partnership agreement."""
    company = _company_or_404(company_id)
    form = AgreementForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            services.add_agreement(company, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("companies.detail", company_id=company.id))
            db.session.commit()
            flash(_("Perjanjian kerja sama dicatat."), "success")
            return redirect(url)
    return _detail(company, agreement_form=form)


@bp.post("/<int:company_id>/accounts")
@roles_required(*OFFICE)
def create_account(company_id):
    """Make an account for the company's HR; its temporary password is shown once."""
    company = _company_or_404(company_id)
    form = AccountForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            account, temporary = services.create_account(company, form.name.data,
                                                         form.email.data, current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            back = url_for("companies.detail", company_id=company.id)
            submissions.done(form, back)
            db.session.commit()
            return render("auth/temporary_password.html", user=account, password=temporary,
                          back_url=back)
    return _detail(company, account_form=form)

"""CSR contributions on the company page: record, change and delete (the office)."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.companies.services import get_visible as get_company
from mtu.csr import bp, services
from mtu.csr.forms import ContributionForm
from mtu.extensions import db
from mtu.rendering import render, render_form, wants_fragment
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def block_context(company, form=None, show_messages=False) -> dict:
    """What the contributions block of the company page needs."""
    if form is None and current_user.role in OFFICE:
        form = ContributionForm(formdata=None)
        form.set_batches(services.batch_choices(current_user))
    contributions = services.of_company(company, current_user)
    return {"company": company, "contributions": contributions,
            "contribution_total": services.total(contributions), "contribution_form": form,
            "show_messages": show_messages}


def _company_url(company) -> str:
    return url_for("companies.detail", company_id=company.id, _anchor="contributions")


def _block(company, form=None, status_code=200):
    return render("companies/detail.html", fragment="contributions", status_code=status_code,
                  **block_context(company, form, show_messages=True))


@bp.post("/companies/<int:company_id>")
@roles_required(*OFFICE)
def create(company_id):
    """Record a contribution of the company, usually for a batch it funds."""
    company = found_or_404(get_company(current_user, company_id))
    form = ContributionForm()
    form.set_batches(services.batch_choices(current_user))
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            services.save(None, company, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, _company_url(company))
            db.session.commit()
            flash(_("Kontribusi CSR dicatat."), "success")
            return _block(company) if wants_fragment() else redirect(url)
    if wants_fragment():
        return _block(company, form, 422)
    return render_form("csr/form.html", form, company=company, contribution=None)


def _contribution_or_404(contribution_id):
    return found_or_404(services.get_visible(current_user, contribution_id))


@bp.route("/<int:contribution_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(contribution_id):
    """Change a contribution: its form, amount, date or the batch it funded."""
    contribution = _contribution_or_404(contribution_id)
    form = ContributionForm(obj=contribution)
    form.set_batches(services.batch_choices(current_user, contribution.batch))
    if not form.is_submitted():
        form.batch_id.data = contribution.batch_id or 0
        form.amount.data = f"{contribution.amount:,}".replace(",", ".") \
            if contribution.amount else ""
    elif form.validate_on_submit():
        try:
            services.save(contribution, contribution.company, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Perubahan disimpan."), "success")
            return redirect(_company_url(contribution.company))
    return render_form("csr/form.html", form, company=contribution.company,
                       contribution=contribution)


@bp.post("/<int:contribution_id>/delete")
@roles_required(*OFFICE)
def delete(contribution_id):
    """Delete a contribution recorded by mistake."""
    contribution = _contribution_or_404(contribution_id)
    company = contribution.company
    services.delete(contribution, current_user)
    db.session.commit()
    flash(_("Kontribusi dihapus."), "success")
    return _block(company) if wants_fragment() else redirect(_company_url(company))

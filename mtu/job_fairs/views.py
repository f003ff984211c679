"""Job fair pages: the list, a fair with its companies and registrations, and the forms."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.job_fairs import bp, services
from mtu.job_fairs.forms import AdminFairForm, FairForm, OutcomeForm, RegistrationForm
from mtu.job_fairs.models import Registration
from mtu.listing import contains, paginate, search_arg
from mtu.participants.models import Participant
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
GRADUATE_CHOICES = 50


def _fair_or_404(fair_id):
    return found_or_404(services.get_visible_fair(current_user, fair_id))


def _fair_form(fair=None) -> FairForm:
    form_class = AdminFairForm if current_user.role == Role.ADMIN else FairForm
    form = form_class(obj=fair)
    form.set_choices(db.session.scalars(select(Company).order_by(Company.name)))
    if fair is not None and not form.is_submitted():
        form.company_ids.data = [company.id for company in fair.companies]
    return form


def _save_fair(fair):
    """Validate, save and commit: (form, saved fair), or (form, None) to show it again."""
    form = _fair_form(fair)
    if fair is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            fair = services.save_fair(fair, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("job_fairs.detail", fair_id=fair.id))
            db.session.commit()
            return form, fair
    return form, None


@bp.get("/")
@roles_required(Role.ADMIN, Role.STAFF, Role.COMPANY)
def index():
    """Job fairs of the user's district (a company: those it takes part in), by place."""
    query = search_arg()
    page = paginate(services.fair_list_statement(current_user, query))
    return render("job_fairs/index.html", fragment="results", page=page, query=query,
                  counts=services.registration_counts(page.items))


@bp.get("/<int:fair_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.COMPANY)
def detail(fair_id):
    """One fair: its companies, visitors and registrations (a company: only its own)."""
    from mtu.placements import services as outcomes  # placements may name their fair

    fair = _fair_or_404(fair_id)
    registrations = db.session.scalars(services.visible_registrations(current_user, fair)).all()
    return render("job_fairs/detail.html", fair=fair, registrations=registrations,
                  counts=services.outcome_counts(fair, current_user), outcome_form=OutcomeForm(),
                  placements=outcomes.placements_from_fair(current_user, fair.id),
                  steps=outcomes.registration_steps(current_user, fair, registrations))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Record a job fair (staff: in their own district)."""
    form, fair = _save_fair(None)
    if fair is not None:
        flash(_("Bursa kerja %(place)s ditambahkan.", place=fair.place), "success")
        return redirect(url_for("job_fairs.detail", fair_id=fair.id))
    return render_form("job_fairs/form.html", form, fair=None)


@bp.route("/<int:fair_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(fair_id):
    """Edit a fair: date, place, visitors and the companies taking part."""
    fair = _fair_or_404(fair_id)
    form, saved = _save_fair(fair)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("job_fairs.detail", fair_id=fair.id))
    return render_form("job_fairs/form.html", form, fair=fair)


@bp.route("/<int:fair_id>/registrations/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def register(fair_id):
    """Register a graduate with a company of the fair; the graduates are found by name."""
    fair = _fair_or_404(fair_id)
    query = search_arg()
    graduates = services.eligible_graduates(fair)
    if query:
        graduates = graduates.where(contains(query, Participant.full_name))
    form = RegistrationForm()
    form.set_choices(db.session.scalars(graduates.limit(GRADUATE_CHOICES)), fair.companies)
    submissions.guard(form)
    if form.validate_on_submit():
        try:
            services.register(fair, form.participant_id.data, form.company_id.data,
                              current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = url_for("job_fairs.detail", fair_id=fair.id)
            submissions.done(form, url)
            db.session.commit()
            flash(_("Pendaftaran dicatat."), "success")
            return redirect(url)
    return render_form("job_fairs/register.html", form, fragment="results", fair=fair,
                       query=query)


@bp.post("/<int:fair_id>/registrations/<int:registration_id>/outcome")
@roles_required(*OFFICE)
def outcome(fair_id, registration_id):
    """Record whether the company took the graduate on (diterima / tidak diterima)."""
    fair = _fair_or_404(fair_id)
    registration = found_or_404(db.session.scalar(select(Registration).where(
        Registration.id == registration_id, Registration.job_fair_id == fair.id)))
    form = OutcomeForm()
    if form.validate_on_submit():
        services.set_outcome(registration, form.outcome.data, current_user)
        db.session.commit()
        flash(_("Hasil pendaftaran disimpan."), "success")
    else:
        flash(_("Pilihan tidak valid."), "error")
    return redirect(url_for("job_fairs.detail", fair_id=fair.id))

"""Placements (per batch, recording, follow-up) and vacancies with matching graduates."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import services as batch_services
from mtu.companies.services import company_choices
from mtu.courses.services import active_courses
from mtu.extensions import db
from mtu.listing import paginate
from mtu.numbers import arg_id
from mtu.placements import bp, services
from mtu.placements.forms import FollowUpForm, PlacementForm, VacancyForm
from mtu.placements.models import FollowUp, Placement, PlacementStatus, Vacancy
from mtu.portal import services as portal
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
ALL = (Role.ADMIN, Role.STAFF, Role.COMPANY)


@bp.get("/")
@roles_required(*ALL)
def index():
    """Placements: staff those of their district's graduates, a company its own."""
    return render("placements/index.html", fragment="results",
                  page=paginate(services.visible_placements(current_user)))


@bp.get("/batches/<int:batch_id>")
@roles_required(*OFFICE)
def batch(batch_id):
    """A batch's graduates, what became of each, and the batch's absorption."""
    batch = found_or_404(batch_services.get_visible(current_user, batch_id))
    return render("placements/batch.html", batch=batch,
                  graduates=services.graduates_of(batch),
                  placements=services.placements_of_batch(batch),
                  absorption=services.batch_absorption(batch))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ALL)
def create():
    """Record a graduate's placement (a company: a graduate shown to it, at itself)."""
    enrolment_id = arg_id("enrolment")
    enrolment = found_or_404(services.placeable_enrolment(current_user, enrolment_id)
                             if enrolment_id else None)
    form = PlacementForm()
    form.company_id.choices = company_choices()
    form.set_fairs(services.fair_choices(current_user, enrolment))
    if request.method == "GET" and (fair_id := arg_id("fair")):
        # From an accepted job fair registration: that fair, that company, at work.
        form.job_fair_id.data = fair_id
        form.company_id.data = arg_id("company") or 0
        form.status.data = PlacementStatus.WORKING.value
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            placement = services.record_placement(enrolment, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("placements.detail", placement_id=placement.id))
            db.session.commit()
            flash(_("Penempatan %(name)s dicatat.", name=enrolment.participant.full_name),
                  "success")
            return redirect(url)
    return render_form("placements/form.html", form, enrolment=enrolment)


def _placement_or_404(placement_id):
    return found_or_404(db.session.scalar(
        services.visible_placements(current_user).where(Placement.id == placement_id)))


@bp.get("/<int:placement_id>")
@roles_required(*ALL)
def detail(placement_id):
    """A placement and its follow-ups at 3 and 6 months."""
    return render("placements/detail.html", placement=_placement_or_404(placement_id),
                  form=FollowUpForm(formdata=None))


@bp.post("/follow-ups/<int:follow_up_id>")
@roles_required(*OFFICE)
def follow_up(follow_up_id):
    """Record a follow-up: still placed or not, with a note."""
    item = db.session.get(FollowUp, follow_up_id)
    placement = _placement_or_404(item.placement_id if item is not None else 0)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            services.record_follow_up(item, form.still_placed.data == "1",
                                      form.note.data or "", current_user)
        except RuleError as error:
            flash(error.messages[0], "error")
        else:
            db.session.commit()
            flash(ngettext("Tindak lanjut %(num)d bulan dicatat.",
                           "Tindak lanjut %(num)d bulan dicatat.", item.months), "success")
    return redirect(url_for("placements.detail", placement_id=placement.id))


@bp.get("/vacancies")
@roles_required(*ALL)
def vacancies():
    """Vacancies: staff see all, a company its own."""
    return render("placements/vacancies.html", fragment="results",
                  page=paginate(services.visible_vacancies(current_user)))


@bp.route("/vacancies/new", methods=["GET", "POST"])
@roles_required(*ALL)
def create_vacancy():
    """Post a vacancy (staff for a company, a company for itself)."""
    form = VacancyForm()
    if current_user.role == Role.COMPANY:
        del form.company_id
    else:
        form.company_id.choices = company_choices()
        form.company_id.data = form.company_id.data or arg_id("company") or 0
    form.course_id.choices = [(0, "—")] + [(c.id, c.name) for c in active_courses()]
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            vacancy = services.save_vacancy(form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("placements.vacancy", vacancy_id=vacancy.id))
            db.session.commit()
            flash(_("Lowongan %(position)s dicatat.", position=vacancy.position), "success")
            return redirect(url)
    return render_form("placements/vacancy_form.html", form)


@bp.get("/vacancies/<int:vacancy_id>")
@roles_required(*ALL)
def vacancy(vacancy_id):
    """A vacancy and the consenting graduates of its vocation."""
    item = found_or_404(db.session.scalar(
        services.visible_vacancies(current_user).where(Vacancy.id == vacancy_id)))
    page = paginate(services.matching_graduates(item))
    return render("placements/vacancy.html", fragment="results", vacancy=item, page=page,
                  graduates=portal.rows(page.items))



"""Trainer and institute (LPK) pages: lists, details, create and edit within one's district."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.companies.services import company_choices
from mtu.courses.services import active_courses
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id
from mtu.rendering import render, render_form
from mtu.rules import RuleError
from mtu.trainers import bp, services
from mtu.trainers.forms import AdminInstituteForm, AdminTrainerForm, InstituteForm, TrainerForm

OFFICE = (Role.ADMIN, Role.STAFF)


def _trainer_or_404(trainer_id):
    return found_or_404(services.get_visible_trainer(current_user, trainer_id))


def _institute_or_404(institute_id):
    return found_or_404(services.get_visible_institute(current_user, institute_id))


def _trainer_form(trainer=None) -> TrainerForm:
    form_class = AdminTrainerForm if current_user.role == Role.ADMIN else TrainerForm
    form = form_class(obj=trainer)
    form.set_choices(services.institute_options(current_user), company_choices(),
                     services.course_options(trainer),
                     db.session.scalars(services.account_options(current_user, trainer)))
    if trainer is not None and request.method == "GET":
        form.institute_id.data = trainer.institute_id or 0
        form.company_id.data = trainer.company_id or 0
        form.account_id.data = trainer.user_id or 0
        form.course_ids.data = [course.id for course in trainer.courses]
    return form


def _save_trainer(trainer):
    """Validate, save and commit: (form, saved trainer), or (form, None) to show it again."""
    form = _trainer_form(trainer)
    if trainer is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            trainer = services.save_trainer(trainer, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("trainers.detail", trainer_id=trainer.id))
            db.session.commit()
            return form, trainer
    return form, None


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """Trainers of the user's district, searchable by name and filtered by course."""
    query = search_arg()
    course_id = arg_id("course")
    page = paginate(services.trainer_list_statement(current_user, query, course_id))
    return render("trainers/index.html", fragment="results", page=page, query=query,
                  course_id=course_id, courses=active_courses())


@bp.get("/<int:trainer_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.TRAINER)
def detail(trainer_id):
    """One trainer and the courses they can teach (a trainer sees only their own page)."""
    return render("trainers/detail.html", trainer=_trainer_or_404(trainer_id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Register a trainer (staff: in their own district)."""
    form, trainer = _save_trainer(None)
    if trainer is not None:
        flash(_("Pelatih %(name)s ditambahkan.", name=trainer.name), "success")
        return redirect(url_for("trainers.detail", trainer_id=trainer.id))
    return render_form("trainers/form.html", form, trainer=None)


@bp.route("/<int:trainer_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(trainer_id):
    """Edit a trainer, their courses and their linked account."""
    trainer = _trainer_or_404(trainer_id)
    form, saved = _save_trainer(trainer)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("trainers.detail", trainer_id=trainer.id))
    return render_form("trainers/form.html", form, trainer=trainer)


@bp.get("/institutes")
@roles_required(*OFFICE)
def institutes():
    """Training institutes (LPK) of the user's district, searchable by name."""
    query = search_arg()
    page = paginate(services.institute_list_statement(current_user, query))
    return render("trainers/institutes.html", fragment="results", page=page, query=query,
                  counts=services.trainer_counts(page.items))


def _save_institute(institute):
    form_class = AdminInstituteForm if current_user.role == Role.ADMIN else InstituteForm
    form = form_class(obj=institute)
    if institute is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            institute = services.save_institute(institute, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("trainers.institutes"))
            db.session.commit()
            return form, institute
    return form, None


@bp.route("/institutes/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create_institute():
    """Register a training institute (staff: in their own district)."""
    form, institute = _save_institute(None)
    if institute is not None:
        flash(_("LPK %(name)s ditambahkan.", name=institute.name), "success")
        return redirect(url_for("trainers.institutes"))
    return render_form("trainers/institute_form.html", form, institute=None)


@bp.route("/institutes/<int:institute_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update_institute(institute_id):
    """Edit a training institute."""
    institute = _institute_or_404(institute_id)
    form, saved = _save_institute(institute)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("trainers.institutes"))
    return render_form("trainers/institute_form.html", form, institute=institute)

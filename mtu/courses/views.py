"""Course catalogue pages: list, detail, create and edit (admin), activate or deactivate."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.courses import bp, services
from mtu.courses.forms import CourseForm
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.rendering import fragment_or_redirect, render, render_form
from mtu.rules import RuleError

READERS = (Role.ADMIN, Role.STAFF)


def _course_or_404(course_id):
    return found_or_404(services.get_course(course_id))


def _form(course=None) -> CourseForm:
    form = CourseForm(obj=course)
    form.set_equipment_choices(services.all_equipment())
    if course is not None and request.method == "GET":
        form.units_text.data = services.format_competency_units(course)
        form.equipment_ids.data = [item.id for item in course.equipment]
    return form


def _save(course):
    """Validate, save and commit: (form, saved course), or (form, None) to show it again."""
    form = _form(course)
    if course is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            course = services.save_course(course, form.to_data())
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("courses.detail", course_id=course.id))
            db.session.commit()
            return form, course
    return form, None


@bp.get("/")
@roles_required(*READERS)
def index():
    """The catalogue, searchable by name or sector as you type."""
    query = search_arg()
    page = paginate(services.list_statement(query))
    return render("courses/index.html", fragment="results", page=page, query=query)


@bp.get("/<int:course_id>")
@roles_required(*READERS)
def detail(course_id):
    """One course: its facts, competency units and the equipment it needs."""
    return render("courses/detail.html", course=_course_or_404(course_id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    """Add a course to the catalogue."""
    form, course = _save(None)
    if course is not None:
        flash(_("Kejuruan %(name)s ditambahkan.", name=course.name), "success")
        return redirect(url_for("courses.detail", course_id=course.id))
    return render_form("courses/form.html", form, course=None)


@bp.route("/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def update(course_id):
    """Edit a course, its competency units and its equipment."""
    course = _course_or_404(course_id)
    form, saved = _save(course)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("courses.detail", course_id=course.id))
    return render_form("courses/form.html", form, course=course)


@bp.post("/<int:course_id>/active")
@roles_required(Role.ADMIN)
def toggle_active(course_id):
    """Deactivate or reactivate a course; htmx gets the changed row back."""
    course = _course_or_404(course_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    services.set_active(course, wanted == "1")
    db.session.commit()
    flash(_("Kejuruan %(name)s diaktifkan.", name=course.name) if course.active
          else _("Kejuruan %(name)s dinonaktifkan; tidak ditawarkan untuk usulan baru.",
                 name=course.name), "success")
    return fragment_or_redirect(url_for("courses.index"), "courses/index.html", "course_row",
                                course=course, show_messages=True)

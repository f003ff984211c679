"""Fleet pages: MTU units of the district, their equipment and whether they are ready."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.courses.services import all_equipment
from mtu.extensions import db
from mtu.fleet import bp, services
from mtu.fleet.forms import AdminUnitForm, UnitForm
from mtu.fleet.models import UNIT_STATUS_LABELS, UnitStatus
from mtu.listing import paginate, search_arg
from mtu.rendering import fragment_or_redirect, render, render_form, wants_fragment
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def _unit_or_404(unit_id):
    return found_or_404(services.get_visible_unit(current_user, unit_id))


def _save(unit):
    """Validate, save and commit: (form, saved unit), or (form, None) to show it again."""
    form = (AdminUnitForm if current_user.role == Role.ADMIN else UnitForm)(obj=unit)
    form.set_equipment_choices(all_equipment())
    if unit is not None and request.method == "GET":
        form.equipment_ids.data = [item.id for item in unit.equipment]
    if unit is None:
        submissions.guard(form)
    if form.validate_on_submit():
        try:
            unit = services.save_unit(unit, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            submissions.done(form, url_for("fleet.detail", unit_id=unit.id))
            db.session.commit()
            return form, unit
    return form, None


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """The district's MTU units, searchable by code, name or plate, filtered by status."""
    query = search_arg()
    status = request.args.get("status", "")
    page = paginate(services.list_statement(current_user, query, status))
    return render("fleet/index.html", fragment="results", page=page, query=query,
                  status=status, statuses=UNIT_STATUS_LABELS)


@bp.get("/<int:unit_id>")
@roles_required(*OFFICE)
def detail(unit_id):
    """One unit: its facts, the equipment it carries and the courses it can serve."""
    unit = _unit_or_404(unit_id)
    return render("fleet/detail.html", unit=unit, courses=services.courses_served(unit),
                  bookings=services.bookings(unit))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Register an MTU unit (staff: in their own district)."""
    form, unit = _save(None)
    if unit is not None:
        flash(_("Unit %(code)s ditambahkan.", code=unit.code), "success")
        return redirect(url_for("fleet.detail", unit_id=unit.id))
    return render_form("fleet/form.html", form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(unit_id):
    """Edit a unit and the equipment it carries."""
    unit = _unit_or_404(unit_id)
    form, saved = _save(unit)
    if saved is not None:
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("fleet.detail", unit_id=unit.id))
    return render_form("fleet/form.html", form, unit=unit)


@bp.post("/<int:unit_id>/status")
@roles_required(*OFFICE)
def toggle_status(unit_id):
    """Mark a unit ready (siap) or in maintenance (perawatan); htmx gets the row back."""
    unit = _unit_or_404(unit_id)
    if request.form.get("status") not in UnitStatus._value2member_map_:
        abort(400)
    try:
        services.set_status(unit, UnitStatus(request.form["status"]))
    except RuleError as error:
        db.session.rollback()
        refusals = error.messages
        if wants_fragment():
            return render("fleet/index.html", fragment="unit_row", unit=unit,
                          refusals=refusals, status_code=422)
        for message in refusals:
            flash(message, "error")
        return redirect(url_for("fleet.index"))
    db.session.commit()
    flash(_("Unit %(code)s: %(status)s.", code=unit.code, status=unit.status_label), "success")
    return fragment_or_redirect(url_for("fleet.index"), "fleet/index.html", "unit_row", unit=unit,
                                show_messages=True)

"""The calendar page: a year's days off, and adding or removing the office's own."""

from datetime import date

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.models import Batch, BatchStatus
from mtu.batches.services import visible_batches
from mtu.calendar import bp, services
from mtu.calendar.forms import AdminDayOffForm, DayOffForm
from mtu.calendar.models import DayOff
from mtu.clock import local_today
from mtu.extensions import db
from mtu.numbers import arg_id, parse_int
from mtu.regions.models import Region
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
BATCH_CHOICES = 300


def _batch_choices(form) -> dict[int, Batch]:
    """The user's batches still to run or running: a day off may be one batch's only."""
    batches = {batch.id: batch for batch in db.session.scalars(
        visible_batches(current_user)
        .where(Batch.status.in_([BatchStatus.PLANNED, BatchStatus.REGISTRATION,
                                 BatchStatus.RUNNING]), Batch.end_date >= local_today())
        .order_by(Batch.start_date, Batch.id).limit(BATCH_CHOICES))}
    form.batch_id.choices = [SelectChoice(0, _("— Semua paket —"))] + [
        SelectChoice(batch.id, f"{batch.title} · {batch.venue_name}")
        for batch in batches.values()]
    return batches


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """A year's days off: national holidays, the shared list and the district's own."""
    year = parse_int(request.args.get("year"), 2000, 2100) or local_today().year
    regency_id = arg_id("regency") if current_user.role == Role.ADMIN else None
    regencies = []
    if current_user.role == Role.ADMIN:
        regencies = list(db.session.execute(
            select(Region.id, Region.name).join(DayOff, DayOff.regency_id == Region.id)
            .where(DayOff.day.between(date(year, 1, 1), date(year, 12, 31)))
            .distinct().order_by(Region.name)))
    return render("calendar/index.html", year=year, regency_id=regency_id, regencies=regencies,
                  entries=services.year_entries(current_user, year, regency_id),
                  today=local_today())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Add a day off (admins: shared or a district's; staff: their district's)."""
    form = (AdminDayOffForm if current_user.role == Role.ADMIN else DayOffForm)()
    batches = _batch_choices(form)
    if request.method == "GET":
        form.batch_id.data = arg_id("batch") or 0
    elif (answer := submissions.claim(form)) is not None:
        return answer
    elif form.validate_on_submit():
        batch = batches.get(form.batch_id.data) if form.batch_id.data else None
        try:
            if form.batch_id.data and batch is None:
                raise RuleError([("batch_id", _("Pilihan tidak valid."))])
            record = services.add_day_off(services.DayOffData(
                day=form.day.data, kind=form.kind.data, reason=form.reason.data or "",
                regency=form.regency.region if "regency" in form else None, batch=batch),
                current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("calendar.index", year=record.day.year))
            db.session.commit()
            flash(_("%(day)s dicatat sebagai hari libur.", day=record.day.strftime("%d/%m/%Y"))
                  if record.is_off else _("%(day)s tetap hari kerja.",
                                          day=record.day.strftime("%d/%m/%Y")), "success")
            return redirect(url)
    return render_form("calendar/form.html", form)


@bp.post("/<int:day_off_id>/delete")
@roles_required(*OFFICE)
def delete(day_off_id):
    """Take an added day off the calendar (staff: their district's only)."""
    record = found_or_404(services.get_removable(current_user, day_off_id))
    year = record.day.year
    services.remove_day_off(record)
    db.session.commit()
    flash(_("Hari itu dihapus dari kalender."), "success")
    return redirect(url_for("calendar.index", year=year))

"""The trainer's day: the session page, taps that mark one participant, the recap."""

from datetime import date

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mtu.attendance import bp, services
from mtu.attendance.forms import JournalForm
from mtu.attendance.models import Mark
from mtu.attendance.services import AttendanceError
from mtu.authz import Role, roles_required
from mtu.batches.services import get_visible
from mtu.clock import local_today
from mtu.extensions import db
from mtu.rendering import fragment_or_redirect, render

TEACHING = (Role.ADMIN, Role.STAFF, Role.TRAINER)
MARK_FIELD = "mark-"


def _batch_or_404(batch_id):
    batch = get_visible(current_user, batch_id)
    if batch is None:
        abort(404)
    return batch


def _day_or_404(text) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _journal_form(batch, journal, formdata=None):
    form = JournalForm(formdata=formdata, obj=journal)
    form.competency_unit_id.choices = [SelectChoice(0, _("— Materi lain —"))] + [
        SelectChoice(unit.id, f"{unit.code} {unit.title}") for unit in batch.course.units]
    if journal is not None and formdata is None:
        form.competency_unit_id.data = journal.competency_unit_id or 0
    return form


def _context(batch, day, journal_form=None, error=None):
    journal = services.journal_of(batch, day)
    return {"batch": batch, "day": day, "today": local_today(),
            "enrolments": services.day_list(batch, day), "marks": services.marks_on(batch, day),
            "journal": journal,
            "journal_form": journal_form or _journal_form(batch, journal),
            "editable": services.editable(current_user, batch, day), "Mark": Mark,
            "error": error}


@bp.get("/batches/<int:batch_id>/today")
@roles_required(*TEACHING)
def today(batch_id):
    """One tap from the home page: today's session (or the nearest day of the batch)."""
    batch = _batch_or_404(batch_id)
    day = min(max(local_today(), batch.start_date), batch.end_date)
    return redirect(url_for("attendance.day", batch_id=batch.id, day=day.isoformat()))


@bp.get("/batches/<int:batch_id>/<day>")
@roles_required(*TEACHING)
def day(batch_id, day):
    """A day of a batch: its journal and every participant's mark."""
    batch = _batch_or_404(batch_id)
    return render("attendance/day.html", **_context(batch, _day_or_404(day)))


@bp.post("/batches/<int:batch_id>/<day>/marks")
@roles_required(*TEACHING)
def mark(batch_id, day):
    """Marks from taps (one participant) or from the whole form without JavaScript."""
    batch, day = _batch_or_404(batch_id), _day_or_404(day)
    enrolments = {e.id: e for e in services.day_list(batch, day)}
    changed, error = None, None
    for key, value in request.form.items():
        if not key.startswith(MARK_FIELD):
            continue
        enrolment = enrolments.get(int(key[len(MARK_FIELD):]) if key[5:].isdigit() else 0)
        if enrolment is None or value not in Mark._value2member_map_:
            abort(400)
        try:
            services.set_mark(enrolment, day, Mark(value), current_user)
        except AttendanceError as problem:
            error = str(problem)
            break
        changed = enrolment
    if error is None:
        db.session.commit()
    else:
        db.session.rollback()
    context = _context(batch, day, error=error)
    if changed is None or error is not None:
        return render("attendance/day.html", fragment="attendance",
                      status_code=422 if error else 200, **context)
    return fragment_or_redirect(
        url_for("attendance.day", batch_id=batch.id, day=day.isoformat()),
        "attendance/day.html", "mark_row", enrolment=changed, **context)


@bp.post("/batches/<int:batch_id>/<day>/all-present")
@roles_required(*TEACHING)
def all_present(batch_id, day):
    """'Semua hadir': mark everyone not yet marked as present."""
    batch, day = _batch_or_404(batch_id), _day_or_404(day)
    error = None
    try:
        services.mark_all_present(batch, day, current_user)
        db.session.commit()
    except AttendanceError as problem:
        error = str(problem)
    if error:
        return render("attendance/day.html", fragment="attendance", status_code=422,
                      **_context(batch, day, error=error))
    return fragment_or_redirect(url_for("attendance.day", batch_id=batch.id,
                                        day=day.isoformat()),
                                "attendance/day.html", "attendance", **_context(batch, day))


@bp.post("/batches/<int:batch_id>/<day>/journal")
@roles_required(*TEACHING)
def journal(batch_id, day):
    """Save the day's journal: hours, competency unit or topic, notes."""
    batch, day = _batch_or_404(batch_id), _day_or_404(day)
    form = _journal_form(batch, services.journal_of(batch, day), formdata=request.form)
    if form.validate_on_submit():
        try:
            services.save_journal(batch, day, current_user, hours=form.hours.data,
                                  topic=form.topic.data or "",
                                  competency_unit_id=form.competency_unit_id.data or None,
                                  notes=form.notes.data or "")
        except AttendanceError as problem:
            form.form_errors.append(str(problem))
        else:
            db.session.commit()
            return fragment_or_redirect(
                url_for("attendance.day", batch_id=batch.id, day=day.isoformat()),
                "attendance/day.html", "journal", saved=True, **_context(batch, day))
    return render("attendance/day.html", fragment="journal", status_code=422,
                  **_context(batch, day, journal_form=form))


@bp.get("/batches/<int:batch_id>/recap")
@roles_required(*TEACHING)
def recap(batch_id):
    """Participants × days, totals and rates; those under the threshold flagged."""
    batch = _batch_or_404(batch_id)
    return render("attendance/recap.html", batch=batch, recap=services.recap(batch),
                  corrections=services.corrections_of(batch)[:50], Mark=Mark)


@bp.get("/missing")
@roles_required(Role.ADMIN, Role.STAFF)
def missing():
    """Running batches with days that have no journal or no attendance yet."""
    return render("attendance/missing.html", rows=services.missing_days(current_user))



"""The trainer's day: the session page, taps that mark one participant, the recap, the
printable attendance sheet and the week grid for typing in a signed sheet."""

import re
from datetime import UTC, date, datetime, timedelta

from flask import abort, make_response, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from wtforms.fields.choices import SelectChoice

from mtu import submissions
from mtu.attendance import bp, services
from mtu.attendance.forms import JournalForm
from mtu.attendance.models import Mark
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.services import get_visible
from mtu.clock import local_today
from mtu.extensions import db
from mtu.numbers import parse_id
from mtu.participants import audit
from mtu.pdf import batch_file_name, pdf_response
from mtu.rendering import fragment_or_redirect, render, wants_fragment
from mtu.rules import RuleError

TEACHING = (Role.ADMIN, Role.STAFF, Role.TRAINER)
MARK_FIELD = "mark-"
# A write from the phone's queue carries a one-time key and the phone's time (toISOString()).
CLIENT_KEY = re.compile(r"[A-Za-z0-9-]{16,64}", re.ASCII)
DEVICE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z",
                         re.ASCII)


def _batch_or_404(batch_id):
    return found_or_404(get_visible(current_user, batch_id))


def _day_or_404(text) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _queued() -> tuple[str | None, datetime | None]:
    """The key and the phone's time of a write sent from the phone's queue, or (None, None)."""
    key, sent = request.form.get("client_key"), request.form.get("device_at")
    if key is None and sent is None:
        return None, None
    if not (key and sent and CLIENT_KEY.fullmatch(key) and DEVICE_TIME.fullmatch(sent)):
        abort(400)
    try:
        moment = datetime.fromisoformat(sent)
    except ValueError:
        abort(400)
    return key, moment.astimezone(UTC).replace(tzinfo=None)


def _journal_form(batch, journal, formdata=None, day=None):
    """The journal form; a new day starts from the unit and hours of the day before."""
    start_from = journal or (services.journal_before(batch, day) if day else None)
    form = JournalForm(formdata=formdata, obj=journal)
    form.competency_unit_id.choices = [SelectChoice(0, _("— Materi lain —"))] + [
        SelectChoice(unit.id, f"{unit.code} {unit.title}") for unit in batch.course.units]
    if start_from is not None and formdata is None:
        form.competency_unit_id.data = start_from.competency_unit_id or 0
        form.hours.data = start_from.hours
    return form


def _context(batch, day, journal_form=None, error=None):
    journal = services.journal_of(batch, day)
    return {"batch": batch, "day": day, "today": local_today(),
            "enrolments": services.day_list(batch, day), "marks": services.marks_on(batch, day),
            "journal": journal,
            "journal_form": journal_form or _journal_form(batch, journal, day=day),
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
    context = _context(batch, _day_or_404(day))
    off = services.day_off_reason(batch, context["day"])
    return render("attendance/day.html", rest_day=_rest_day(context, off), off_reason=off,
                  **context)


def _rest_day(context, off: str | None) -> bool:
    """A day without a session (a Sunday, unless configured otherwise, or a day off of the
    calendar) with nothing recorded yet. A lost day is made up by recording a session on such
    a day, which the page offers as its one action."""
    return (off is not None and not context["marks"] and context["journal"] is None
            and request.args.get("pengganti") != "1")


@bp.get("/token")
@roles_required(*TEACHING)
def token():
    """A fresh CSRF token, for marks and journals the phone sends later from its queue."""
    response = make_response("", 204)
    response.headers["X-CSRFToken"] = generate_csrf()
    response.cache_control.no_store = True
    return response


@bp.post("/batches/<int:batch_id>/<day>/marks")
@roles_required(*TEACHING)
def mark(batch_id, day):
    """Marks from taps (one participant) or from the whole form without JavaScript."""
    batch, day = _batch_or_404(batch_id), _day_or_404(day)
    enrolments = {e.id: e for e in services.day_list(batch, day)}
    marks = []
    for key, value in request.form.items():
        if not key.startswith(MARK_FIELD):
            continue
        enrolment = enrolments.get(parse_id(key[len(MARK_FIELD):]))
        if enrolment is None or value not in Mark._value2member_map_:
            abort(400)
        marks.append((enrolment, Mark(value)))
    tapped = marks[0] if len(marks) == 1 else None
    key, moment = _queued()
    if key is not None and tapped is None:
        abort(400)
    changed, error = None, None
    # A key seen before: the phone sent this mark again (the answer was lost); applied once.
    for enrolment, mark in marks if key is None or submissions.claim_key(key) else ():
        try:
            services.set_mark(enrolment, day, mark, current_user, moment)
        except RuleError as problem:
            error = str(problem)
            break
        changed = enrolment
    if error is None:
        db.session.commit()
    else:
        db.session.rollback()
    context = _context(batch, day, error=error)
    if tapped is not None and wants_fragment():
        # One tap: its row answers, as the server now holds it, with the reason if refused.
        enrolment = tapped[0]
        if error is not None:
            return render("attendance/day.html", fragment="mark_row", status_code=422,
                          enrolment=enrolment, refused_row=enrolment.id, **context)
        held = context["marks"][enrolment.id]  # a late, older mark from a queue did not win
        return render("attendance/day.html", fragment="mark_row",
                      oob=("mark_count", "mark_status"), enrolment=enrolment,
                      saved_name=enrolment.participant.full_name, saved_label=held.mark.label,
                      **context)
    if changed is None or error is not None:
        return render("attendance/day.html", fragment="attendance",
                      status_code=422 if error else 200, **context)
    return redirect(url_for("attendance.day", batch_id=batch.id, day=day.isoformat()))


@bp.post("/batches/<int:batch_id>/<day>/all-present")
@roles_required(*TEACHING)
def all_present(batch_id, day):
    """'Semua hadir': mark everyone not yet marked as present."""
    batch, day = _batch_or_404(batch_id), _day_or_404(day)
    error = None
    try:
        services.mark_all_present(batch, day, current_user)
        db.session.commit()
    except RuleError as problem:
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
    key, moment = _queued()
    if form.validate_on_submit():
        try:
            # A key seen before: the phone sent this journal again; it was saved the first time.
            if key is None or submissions.claim_key(key):
                services.save_journal(batch, day, current_user, hours=form.hours.data,
                                      topic=form.topic.data or "",
                                      competency_unit_id=form.competency_unit_id.data or None,
                                      notes=form.notes.data or "", at=moment)
        except RuleError as problem:
            db.session.rollback()
            form.add_errors(problem.errors)
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




def _batch_day(batch, text) -> date:
    """A date from the query string, brought within the batch's dates."""
    day = _day_or_404(text) if text else local_today()
    return min(max(day, batch.start_date), batch.end_date)


@bp.get("/batches/<int:batch_id>/sheet.pdf")
@roles_required(*TEACHING)
def sheet(batch_id):
    """The attendance sheet (daftar hadir) of one day or one week, to print and sign."""
    batch = _batch_or_404(batch_id)
    if request.args.get("day"):
        day = _day_or_404(request.args["day"])
        if not batch.start_date <= day <= batch.end_date:
            abort(404)
        days = [day] if request.args.get("pengganti") == "1" \
            else services.held_days(batch, day, day)
    else:
        day = _batch_day(batch, request.args.get("week"))
        days = services.week_days(batch, day)
    if not days:
        # A day off, or a week of them: no blank sheet; the day's page says why and offers
        # the make-up day.
        return redirect(url_for("attendance.day", batch_id=batch.id, day=day.isoformat()))
    with force_locale("id"):  # the office's record, signed by the participants: Indonesian
        response = pdf_response("attendance/sheet_pdf.html",
                                batch_file_name("daftar-hadir", batch, "-" + days[0].isoformat()),
                                batch=batch, sheet=services.sheet(batch, days), Mark=Mark,
                                today=local_today())
    return audit.seen_batch(response, current_user, batch.id)


CELL = re.compile(r"^c-([0-9]+)-([0-9]{4}-[0-9]{2}-[0-9]{2})$")


def _typed_cells(grid) -> dict:
    """The grid's cells from the form; anything not on the grid is a forged request."""
    on_grid = {(row.enrolment.id, day) for row in grid.rows for day in row.days}
    typed = {}
    for key, value in request.form.items():
        if key == "csrf_token":
            continue
        match = CELL.match(key)
        if match is None or (value and value not in Mark._value2member_map_):
            abort(400)
        try:
            cell = (parse_id(match[1]), date.fromisoformat(match[2]))
        except ValueError:
            abort(400)
        if cell not in on_grid:
            abort(400)
        typed[cell] = value
    return typed


@bp.route("/batches/<int:batch_id>/week", methods=["GET", "POST"])
@roles_required(*TEACHING)
def week(batch_id):
    """A week's marks typed in at once, e.g. from a signed paper sheet."""
    batch = _batch_or_404(batch_id)
    today = local_today()
    start = _batch_day(batch, request.args.get("start"))
    monday = start - timedelta(days=start.weekday())
    days = services.week_days(batch, start, until=today)
    grid = services.sheet(batch, days)
    typed, problems, saved = {}, {}, request.args.get("saved") == "1"
    if request.method == "POST":
        typed = _typed_cells(grid)
        problems = services.save_week(batch, grid, typed, current_user)
        if not problems:
            db.session.commit()
            return redirect(url_for("attendance.week", batch_id=batch.id,
                                    start=monday.isoformat(), saved=1))
        db.session.rollback()
    previous = monday - timedelta(days=7)
    following = monday + timedelta(days=7)
    return render("attendance/week.html", status_code=422 if problems else 200,
                  batch=batch, grid=grid, monday=monday, typed=typed, problems=problems,
                  saved=saved, Mark=Mark,
                  editable={day: services.editable(current_user, batch, day) for day in days},
                  previous=previous if previous + timedelta(days=6) >= batch.start_date else None,
                  following=following if following <= min(batch.end_date, today) else None)

"""Coordination meeting pages: record and edit a meeting, its action items, an item's status
(inline with htmx or a plain post), the agency's own items, the overdue items for staff, and
the programme's report PDF."""

from flask import flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.clock import local_today
from mtu.extensions import db
from mtu.listing import paginate
from mtu.pdf import pdf_response
from mtu.prison_programs import bp
from mtu.prison_programs import meeting_services as services
from mtu.prison_programs.meeting_forms import ActionItemForm, MeetingForm, StatusForm
from mtu.prison_programs.models import ACTION_STATUS_LABELS
from mtu.prison_programs.services import get_visible_programme
from mtu.rendering import fragment_or_redirect, render, render_form, wants_fragment
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
READERS = (Role.ADMIN, Role.STAFF, Role.AGENCY)


@bp.app_template_global()
def action_statuses():
    """(value, label) of an action item's statuses, for the status select of every row."""
    return [(status.value, label) for status, label in ACTION_STATUS_LABELS.items()]


def _programme_or_404(programme_id):
    return found_or_404(get_visible_programme(current_user, programme_id))


def _meeting_or_404(meeting_id):
    return found_or_404(services.get_visible_meeting(current_user, meeting_id))


def _meeting_form(programme, meeting=None) -> MeetingForm:
    form = MeetingForm(obj=meeting)
    form.set_agencies(services.programme_agencies(programme))
    if meeting is not None and not form.is_submitted():
        form.agency_ids.data = [agency.id for agency in meeting.agencies]
    return form


def _item_form(meeting, fresh=False) -> ActionItemForm:
    """The form for another action item (`fresh`: empty, after one was added)."""
    form = ActionItemForm(formdata=None) if fresh else ActionItemForm()
    form.set_agencies(services.programme_agencies(meeting.programme))
    return form


@bp.route("/<int:programme_id>/meetings/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create_meeting(programme_id):
    """Record a coordination meeting: date, place, chair, who came, minutes, decisions."""
    programme = _programme_or_404(programme_id)
    form = _meeting_form(programme)
    if request.method == "GET":
        form.held_on.data = local_today()
    submissions.guard(form)
    if form.validate_on_submit():
        try:
            meeting = services.record_meeting(programme, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("prison_programs.meeting",
                                                 meeting_id=meeting.id))
            db.session.commit()
            flash(_("Rapat koordinasi dicatat. Tambahkan tindak lanjutnya."), "success")
            return redirect(url)
    return render_form("prison_programs/meeting_form.html", form, programme=programme,
                       meeting=None)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update_meeting(meeting_id):
    """Correct a meeting's record."""
    meeting = _meeting_or_404(meeting_id)
    form = _meeting_form(meeting.programme, meeting)
    if form.validate_on_submit():
        try:
            services.update_meeting(meeting, form.to_data())
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("prison_programs.meeting", meeting_id=meeting.id))
    return render_form("prison_programs/meeting_form.html", form, programme=meeting.programme,
                       meeting=meeting)


def _meeting_context(meeting) -> dict:
    return dict(meeting=meeting, programme=meeting.programme,
                items=services.meeting_items(meeting), today=local_today())


@bp.get("/meetings/<int:meeting_id>")
@roles_required(*READERS)
def meeting(meeting_id):
    """One meeting: who came, minutes, decisions and the action items with their status."""
    item = _meeting_or_404(meeting_id)
    form = _item_form(item) if services.may_write(current_user) else None
    return render("prison_programs/meeting.html", fragment="actions", form=form,
                  **_meeting_context(item))


@bp.post("/meetings/<int:meeting_id>/actions")
@roles_required(*OFFICE)
def create_action(meeting_id):
    """Add an action item to a meeting: what, which agency, by when."""
    item = _meeting_or_404(meeting_id)
    form = _item_form(item)
    submissions.guard(form, url_for("prison_programs.meeting", meeting_id=item.id))
    if form.validate_on_submit():
        try:
            action = services.add_item(item, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("prison_programs.meeting", meeting_id=item.id))
            db.session.commit()
            flash(_("Tindak lanjut untuk %(agency)s ditambahkan.", agency=action.agency.name),
                  "success")
            return fragment_or_redirect(url, "prison_programs/meeting.html", "actions",
                                        form=_item_form(item, fresh=True), show_messages=True,
                                        **_meeting_context(item))
    return render_form("prison_programs/meeting.html", form, fragment="actions",
                       **_meeting_context(item))


BACK = {"home": lambda item: url_for("home.index"),
        "meeting": lambda item: url_for("prison_programs.meeting", meeting_id=item.meeting_id),
        "actions": lambda item: url_for("prison_programs.actions"),
        "overdue": lambda item: url_for("prison_programs.overdue")}


def _back_to(name) -> str:
    """Where a plain post returns: the page named, else the agency's list or, for the office
    (which may not open that list), the item's meeting."""
    if name in BACK:
        return name
    return "actions" if current_user.role == Role.AGENCY else "meeting"


@bp.post("/actions/<int:item_id>/status")
@roles_required(*READERS)
def update_action(item_id):
    """The responsible agency (or the office) sets an item's status and note: htmx gets the
    row back, a plain form post the page it came from. Another agency's item is a 404."""
    item = found_or_404(services.get_editable_item(current_user, item_id))
    form = StatusForm()
    back_to = _back_to(form.back.data)
    back = BACK[back_to](item)
    if form.validate_on_submit():
        services.set_status(item, form.status.data, form.note.data or "", current_user)
        db.session.commit()
        message = _("Tersimpan: %(status)s.", status=item.status_label)
        if not wants_fragment():
            flash(message, "success")
        return fragment_or_redirect(back, "prison_programs/actions.html", "action", item=item,
                                    back_to=back_to, saved=message, today=local_today())
    if not wants_fragment():
        flash(_("Belum tersimpan: periksa status dan catatan."), "error")
        return redirect(back)
    return render("prison_programs/actions.html", fragment="action", status_code=422,
                  item=item, back_to=back_to, errors=form.errors, today=local_today())


@bp.get("/actions")
@roles_required(Role.AGENCY)
def actions():
    """The agency's own action items across its programmes, the open ones first."""
    page = paginate(services.item_list(current_user))
    return render("prison_programs/actions.html", fragment="results", page=page,
                  today=local_today(), overdue=False)


@bp.get("/actions/overdue")
@roles_required(*OFFICE)
def overdue():
    """Action items past their due date and not done, across the district's programmes."""
    today = local_today()
    page = paginate(services.item_list(current_user, overdue=True, today=today))
    return render("prison_programs/actions.html", fragment="results", page=page, today=today,
                  overdue=True)


@bp.get("/<int:programme_id>/report.pdf")
@roles_required(*READERS)
def report(programme_id):
    """The programme's report for the coordination meeting: partners, figures, the last
    meeting's decisions and action items. Figures only: no inmate is named."""
    from mtu.prison_programs.figures import report as build_report

    programme = _programme_or_404(programme_id)
    with force_locale("id"):  # for the partner agencies' meeting: Indonesian, whoever prints it
        return pdf_response("prison_programs/report_pdf.html",
                            f"laporan-program-{programme.id}-{local_today().isoformat()}.pdf",
                            report=build_report(programme))

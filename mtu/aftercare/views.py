"""Follow-up pages: the people followed up (overdue first on request), one person's follow-ups
with the form to record one, and editing a follow-up."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.aftercare import bp, services
from mtu.aftercare.forms import FollowUpForm
from mtu.authz import Role, found_or_404, roles_required
from mtu.extensions import db
from mtu.listing import contains, paginate, search_arg
from mtu.participants import audit
from mtu.participants.models import Participant
from mtu.rendering import render, render_form
from mtu.rules import RuleError

FOLLOWERS = (Role.ADMIN, Role.STAFF, Role.AGENCY)


def _form(**kwargs) -> FollowUpForm:
    agency = current_user.agency if Role(current_user.role) is Role.AGENCY else None
    return FollowUpForm(agency=agency, **kwargs)


@bp.get("/")
@roles_required(*FOLLOWERS)
def index():
    """The inmates the account follows up, searchable; ?overdue=1 for the overdue ones."""
    query, overdue = search_arg(), request.args.get("overdue") == "1"
    statement = (services.overdue_people(current_user) if overdue else
                 services.followable(current_user).order_by(Participant.full_name,
                                                            Participant.id))
    if query:
        statement = statement.where(contains(query, Participant.full_name))
    page = paginate(statement)
    return audit.seen(render("aftercare/index.html", fragment="results", page=page, query=query,
                             overdue=overdue, reasons=services.overdue_reasons(page.items)),
                      current_user, page.items, audit.ViewKind.AFTERCARE)


def _page(participant, form):
    return render_form("aftercare/person.html", form, participant=participant,
                       history=services.history(participant),
                       trainings=services.trainings(current_user, participant),
                       reason=services.overdue_reasons([participant]).get(participant.id),
                       may_edit=lambda item: services.may_edit(current_user, item))


@bp.route("/participants/<int:participant_id>", methods=["GET", "POST"])
@roles_required(*FOLLOWERS)
def person(participant_id):
    """One person's follow-ups after training and after release, and the form for another."""
    participant = found_or_404(services.get_followable(current_user, participant_id))
    form = _form()
    if request.method == "GET":
        return audit.seen(_page(participant, form), current_user, [participant],
                          audit.ViewKind.AFTERCARE)
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            services.record(participant, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("aftercare.person",
                                                 participant_id=participant.id))
            db.session.commit()
            flash(_("Tindak lanjut %(name)s dicatat.", name=participant.full_name), "success")
            return redirect(url)
    return _page(participant, form)


@bp.route("/<int:follow_up_id>/edit", methods=["GET", "POST"])
@roles_required(*FOLLOWERS)
def update(follow_up_id):
    """Correct a follow-up (an agency user: its own agency's only)."""
    follow_up = found_or_404(services.editable_follow_up(current_user, follow_up_id))
    participant = follow_up.participant
    form = _form(obj=follow_up)
    if request.method == "GET":
        form.released_on.data = participant.released_on
        form.agency_id.data = follow_up.agency_id or 0
        form.status.data = follow_up.status or ""
    if form.validate_on_submit():
        try:
            services.update(follow_up, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Tindak lanjut disimpan."), "success")
            return redirect(url_for("aftercare.person", participant_id=participant.id))
    return render_form("aftercare/edit.html", form, participant=participant,
                       follow_up=follow_up)

"""Proposal pages: list, submit, detail with its timeline, decisions, and the queue."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.clock import local_today
from mtu.companies.services import company_choices
from mtu.courses.services import active_courses
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id
from mtu.prison_programs.models import AgencyKind
from mtu.prison_programs.services import agency_choices
from mtu.proposals import bp, services
from mtu.proposals.forms import DecisionForm, ProposalForm, RejectForm, StaffProposalForm
from mtu.proposals.models import STATUS_LABELS, Status, VenueType
from mtu.proposals.services import Proposer
from mtu.rendering import fragment_or_redirect, render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
PROPOSERS = (Role.ADMIN, Role.STAFF, Role.VILLAGE)


def _visible_or_404(proposal_id):
    return found_or_404(services.get_visible(current_user, proposal_id))


def _form(proposal=None):
    """The village operator's form, or staff's form with the proposer fields."""
    form_class = ProposalForm if current_user.role == Role.VILLAGE else StaffProposalForm
    form = form_class(obj=proposal)
    form.set_course_choices(active_courses())
    if isinstance(form, StaffProposalForm):
        form.company_id.choices = company_choices()
        form.prison_id.choices = agency_choices(AgencyKind.PRISON)
    if proposal is not None and request.method == "GET":
        form.course_id.data = proposal.course_id or 0
        if isinstance(form, StaffProposalForm):
            form.company_id.data = proposal.company_id or 0
            form.prison_id.data = proposal.prison_id or 0
    if proposal is not None:
        form.count_from_list(services.listed_candidates(proposal))
    return form


def _proposer(form) -> Proposer:
    if not isinstance(form, StaffProposalForm):
        return services.village_proposer(current_user)
    return Proposer(kind=form.proposer_kind.data, village=form.village.region,
                    subdistrict=form.subdistrict.region, company_id=form.company_id.data or None,
                    prison_id=form.prison_id.data or None)


@bp.get("/")
@roles_required(*PROPOSERS)
def index():
    """Proposals the user may see, filtered by status, sub-district and text."""
    query = search_arg()
    status = request.args.get("status", "")
    subdistrict_id = arg_id("subdistrict")
    statement = services.list_statement(current_user, query, status, subdistrict_id)
    page = paginate(statement)
    return render("proposals/index.html", fragment="results", page=page, query=query,
                  status=status, subdistrict_id=subdistrict_id, statuses=STATUS_LABELS,
                  subdistricts=services.subdistrict_choices(current_user))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*PROPOSERS)
def create():
    """Submit a proposal (village operators for their village, staff on anyone's behalf)."""
    if current_user.role == Role.VILLAGE and current_user.village is None:
        abort(403)
    form = _form()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            proposal = services.submit_proposal(form.to_data(), _proposer(form), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("proposals.detail", proposal_id=proposal.id))
            db.session.commit()
            flash(_("Usulan %(ref)s terkirim.", ref=proposal.reference), "success")
            return redirect(url)
    return render_form("proposals/form.html", form, proposal=None)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@roles_required(*PROPOSERS)
def update(proposal_id):
    """Correct a proposal that the office has not yet decided on."""
    proposal = _visible_or_404(proposal_id)
    if proposal.status != Status.PROPOSED:
        flash(_("Usulan yang sudah diproses tidak dapat diubah."), "warning")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = _form(proposal)
    if form.validate_on_submit():
        try:
            proposer = _proposer(form) if isinstance(form, StaffProposalForm) else None
            services.update_proposal(proposal, form.to_data(), current_user, proposer)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_form("proposals/form.html", form, proposal=proposal)


@bp.get("/<int:proposal_id>")
@roles_required(*PROPOSERS)
def detail(proposal_id):
    """One proposal, its status with the office's actions, and its timeline."""
    return render("proposals/detail.html", **_workflow(_visible_or_404(proposal_id)))


def _workflow(proposal, form=None, reject_form=None, **context):
    """What the status block needs: the forms, how long it waited and, once verified, the slots."""
    return dict(proposal=proposal, form=form or DecisionForm(formdata=None),
                reject_form=reject_form or RejectForm(formdata=None),
                days_waiting=services.days_waiting(proposal), slots=_slots(proposal), **context)


def _slots(proposal):
    """For staff looking at a waiting proposal: when could it be held, earliest first."""
    if current_user.role not in OFFICE or proposal.status != Status.VERIFIED \
            or proposal.course is None:
        return []
    from mtu.batches.availability import suggested_slots  # batches build on proposals

    today = local_today()
    return suggested_slots(proposal.course, proposal.regency_id,
                          max(today, proposal.preferred_from or today),
                          needs_unit=proposal.venue_type != VenueType.TRAINING_CENTRE)


DECIDED = {
    Status.VERIFIED: _l("Usulan diverifikasi. Langkah berikutnya: rencanakan paket pelatihannya."),
    Status.REJECTED: _l("Usulan ditolak. Alasannya tampil bagi pengusul."),
}


def _decide(proposal_id, decision, form_class):
    proposal = _visible_or_404(proposal_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            decision(proposal, current_user, form.note.data or "")
        except RuleError as error:
            form.note.errors.append(str(error))
        else:
            db.session.commit()
            flash(str(DECIDED[Status(proposal.status)]), "success")
            return fragment_or_redirect(
                url_for("proposals.detail", proposal_id=proposal.id), "proposals/detail.html",
                "workflow", show_messages=True, **_workflow(proposal))
    forms = {"reject_form" if form_class is RejectForm else "form": form}
    return render("proposals/detail.html", fragment="workflow", status_code=422,
                  **_workflow(proposal, **forms))


@bp.post("/<int:proposal_id>/verify")
@roles_required(*OFFICE)
def verify(proposal_id):
    """Mark a proposal verified (diverifikasi), with an optional note."""
    return _decide(proposal_id, services.verify, DecisionForm)


@bp.post("/<int:proposal_id>/reject")
@roles_required(*OFFICE)
def reject(proposal_id):
    """Reject a proposal; the reason is required and shown to the village."""
    return _decide(proposal_id, services.reject, RejectForm)


@bp.get("/queue")
@roles_required(*OFFICE)
def queue():
    """Verified proposals waiting for a batch, and how long people wait."""
    page = paginate(services.queue_statement(current_user))
    by_subdistrict, by_vocation = services.wait_stats(current_user)
    return render("proposals/queue.html", page=page, by_subdistrict=by_subdistrict,
                  by_vocation=by_vocation, days_waiting=services.days_waiting)

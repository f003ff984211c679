"""Candidate pages of a proposal: upload the village's OpenSID export, tick residents, the
candidates list, and staff's enrolment of the candidates into the proposal's batch."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.candidates import bp
from mtu.candidates import services as candidates
from mtu.extensions import db
from mtu.forms import CreateForm
from mtu.listing import page_of, paginate
from mtu.numbers import page_number, parse_int
from mtu.participants.import_files import ImportFileError
from mtu.participants.models import Education
from mtu.proposals import services
from mtu.rendering import render
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
PROPOSERS = (Role.ADMIN, Role.STAFF, Role.VILLAGE)
PAGE_SIZE = 50


class ResidentFileForm(CreateForm):
    file = FileField(_l("Berkas data penduduk dari OpenSID (.xlsx atau .xls)"),
                     [FileRequired(message=_l("Pilih berkas yang akan diunggah."))],
                     description=_l("Paling besar 2 MB dan 5.000 penduduk."))


class TickForm(CreateForm):
    """Ticked residents (their row numbers in the file) become candidates."""


class EnrolForm(CreateForm):
    """Enrol the candidates into the batch, in one step."""


def _proposal_or_404(proposal_id):
    """A village's proposal the user may see (the scoping helper), else 404."""
    proposal = found_or_404(services.get_visible(current_user, proposal_id))
    if proposal.village_id is None:
        abort(404)
    return proposal


def _filters() -> candidates.Filters:
    args = request.args
    gender = args.get("gender", "")
    education = args.get("education", "")
    return candidates.Filters(
        age_min=parse_int(args.get("age_min", ""), 0, 150),
        age_max=parse_int(args.get("age_max", ""), 0, 150),
        occupation=args.get("occupation", "")[:80], dusun=args.get("dusun", "")[:60],
        gender=gender if gender in ("M", "F") else "",
        education=education if education in Education._value2member_map_ else "")


def _residents_page(proposal, form=None, status_code=200):
    """The upload form and, once a file is staged, its residents with filters (fragment
    "results" for htmx)."""
    upload = candidates.staged(proposal, current_user)
    context = dict(proposal=proposal, form=form or ResidentFileForm(), upload=upload,
                   open=candidates.takes_candidates(proposal), tick_form=TickForm())
    if upload is not None:
        residents, notices = candidates.residents_of(upload)
        checked = candidates.check_residents(residents, proposal, current_user)
        filters = _filters()
        shown = [result for result in checked if filters.keep(result)]
        context.update(page=page_of(shown, PAGE_SIZE),
                       filters=filters, options=candidates.filter_options(residents),
                       notices=notices, total=len(checked), matching=len(shown),
                       tickable=sum(result.tickable for result in checked))
    return render("candidates/residents.html", fragment="results", status_code=status_code,
                  **context)


@bp.get("/<int:proposal_id>/residents")
@roles_required(*PROPOSERS)
def residents(proposal_id):
    """Upload the village's resident list; then filter and tick candidates."""
    return _residents_page(_proposal_or_404(proposal_id))


@bp.post("/<int:proposal_id>/residents")
@roles_required(*PROPOSERS)
def upload(proposal_id):
    """Read an OpenSID export: its residents wait here for ticks; the file is not kept."""
    proposal = _proposal_or_404(proposal_id)
    form = ResidentFileForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            candidates.stage(proposal, form.file.data.read(), form.file.data.filename or "",
                             current_user)
        except (ImportFileError, RuleError) as error:
            form.file.errors.extend(error.messages)
        else:
            url = submissions.done(form, url_for("candidates.residents",
                                                 proposal_id=proposal.id))
            db.session.commit()
            return redirect(url)
    db.session.rollback()
    return _residents_page(proposal, form=form, status_code=422)


@bp.post("/<int:proposal_id>/residents/save")
@roles_required(*PROPOSERS)
def save(proposal_id):
    """The ticked residents become the proposal's candidates (all of them or none)."""
    proposal = _proposal_or_404(proposal_id)
    form = TickForm()
    back = url_for("candidates.residents", proposal_id=proposal.id, **_filters().args())
    if (answer := submissions.claim(form, back)) is not None:
        return answer
    upload = candidates.staged(proposal, current_user)
    if upload is None or not form.validate_on_submit():
        flash(_("Daftar penduduk sudah tidak ada; unggah berkasnya lagi."), "warning")
        return redirect(url_for("candidates.residents", proposal_id=proposal.id))
    lines = {number for text in request.form.getlist("line")[:candidates.MAX_ROWS]
             if (number := parse_int(text, 1, 10**6)) is not None}
    try:
        added = candidates.save_ticked(proposal, upload, lines, current_user)
    except RuleError as error:
        db.session.rollback()
        for message in error.messages:
            flash(message, "error")
        return redirect(back)
    url = submissions.done(form, back)
    db.session.commit()
    flash(ngettext("%(num)d calon peserta disimpan.", "%(num)d calon peserta disimpan.",
                   added), "success")
    return redirect(url)


@bp.post("/<int:proposal_id>/residents/done")
@roles_required(*PROPOSERS)
def done(proposal_id):
    """Done ticking: the residents read from the file are deleted."""
    proposal = _proposal_or_404(proposal_id)
    candidates.purge(proposal_id=proposal.id, user_id=current_user.id)
    db.session.commit()
    flash(_("Data penduduk dari berkas sudah dihapus."), "info")
    return redirect(url_for("candidates.index", proposal_id=proposal.id))


@bp.get("/<int:proposal_id>/candidates")
@roles_required(*PROPOSERS)
def index(proposal_id):
    """The proposal's candidates; staff enrol them into its batch from here."""
    proposal = _proposal_or_404(proposal_id)
    page = paginate(candidates.candidates_statement(proposal))
    batch = proposal.batch
    pending = candidates.pending_count(proposal)
    return render("candidates/index.html", fragment="results", proposal=proposal,
                  page=page, batch=batch, form=EnrolForm(), pending=pending,
                  open=candidates.takes_candidates(proposal))


@bp.post("/<int:proposal_id>/candidates/<int:candidate_id>/remove")
@roles_required(*PROPOSERS)
def remove(proposal_id, candidate_id):
    """Take a candidate not yet enrolled off the proposal's list."""
    proposal = _proposal_or_404(proposal_id)
    candidate = found_or_404(candidates.candidate_of(proposal, candidate_id))
    name = candidate.full_name
    try:
        candidates.remove_candidate(proposal, candidate)
    except RuleError as error:
        db.session.rollback()
        flash(error.messages[0], "error")
    else:
        db.session.commit()
        flash(_("%(name)s tidak lagi menjadi calon usulan ini.", name=name), "success")
    return redirect(url_for("candidates.index", proposal_id=proposal.id, page=page_number()))


@bp.post("/<int:proposal_id>/candidates/enrol")
@roles_required(*OFFICE)
def enrol(proposal_id):
    """Enrol every candidate into the batch planned from the proposal, in one step."""
    proposal = _proposal_or_404(proposal_id)
    form = EnrolForm()
    back = url_for("candidates.index", proposal_id=proposal.id)
    if (answer := submissions.claim(form, back)) is not None:
        return answer
    if not form.validate_on_submit():
        abort(400)
    try:
        outcome = candidates.enrol_candidates(proposal, current_user)
    except RuleError as error:
        db.session.rollback()
        flash(error.messages[0], "error")
        return redirect(back)
    url = submissions.done(form, back)
    db.session.commit()
    flash(_("%(accepted)d calon diterima di paket, %(waitlisted)d masuk daftar cadangan "
            "(%(created)d orang baru dicatat).", accepted=outcome.accepted,
            waitlisted=outcome.waitlisted, created=outcome.created), "success")
    for message in outcome.refused + outcome.warnings:
        flash(message, "warning")
    return redirect(url)

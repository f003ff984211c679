"""Assessment entry, confirmation, issuing and revoking certificates."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.attendance.services import rates_for
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.services import get_visible
from mtu.certificates import bp, services
from mtu.certificates.forms import AssessmentForm, IssueForm, RevokeForm
from mtu.certificates.models import Certificate, IssuerKind, Result
from mtu.certificates.services import Issuer
from mtu.clock import local_today
from mtu.extensions import db
from mtu.locks import lock_batch
from mtu.numbers import parse_id, parse_int
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)
CELL = "result-"


def _batch_or_404(batch_id):
    return found_or_404(get_visible(current_user, batch_id))


def _overview(batch, issue_form=None):
    enrolments = services.assessable(batch)
    results, units = services.results_of(batch), batch.course.units
    rates = rates_for(enrolments)
    certificates = services.certificates_of(batch)
    rows = [{"enrolment": e, "overall": services.overall(e, results, units),
             "rate": rates.get(e.id), "certificate": certificates.get(e.id),
             "reasons": services.reasons_not_certifiable(e, rates.get(e.id))}
            for e in enrolments]
    return {"batch": batch, "rows": rows, "Result": Result,
            "issue_form": issue_form or IssueForm(formdata=None),
            "revoke_form": RevokeForm(formdata=None),
            "confirm_blocked": services.not_yet_confirmable(batch),
            "issue_blocked": services.not_yet_certifiable(batch),
            "missing_signatory": services.missing_signatory()}


def _refused(batch, reason):
    """The certificates page again, answering 409 with the reason at the top."""
    return render("certificates/batch.html", status_code=409, refusal=reason,
                  **_overview(batch))


@bp.get("/batches/<int:batch_id>")
@roles_required(*OFFICE)
def batch(batch_id):
    """Each participant's overall result, attendance and certificate, and issuing."""
    return render("certificates/batch.html", **_overview(_batch_or_404(batch_id)))


@bp.route("/batches/<int:batch_id>/assessment", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.STAFF, Role.TRAINER)
def assessment(batch_id):
    """Participants × competency units: kompeten / belum kompeten, with an optional score."""
    batch = _batch_or_404(batch_id)
    enrolments = {e.id: e for e in services.assessable(batch)}
    units = {u.id: u for u in batch.course.units}
    form = AssessmentForm()
    typed, problems = {}, []
    if (answer := submissions.claim(form)) is not None:
        return answer
    if request.method == "GET":
        form.assessed_on.data = min(local_today(), batch.end_date)
        form.assessor.data = ", ".join(t.name for t in batch.trainers)
    elif form.validate_on_submit():
        lock_batch(batch.id)  # one assessment post of a batch at a time
        for key, value in request.form.items():
            if not key.startswith(CELL) or not value:
                continue
            enrolment_text, _sep, unit_text = key[len(CELL):].partition("-")
            enrolment_id, unit_id = parse_id(enrolment_text), parse_id(unit_text)
            if enrolment_id not in enrolments or unit_id not in units \
                    or value not in Result._value2member_map_:
                abort(400)
            score_text = request.form.get(f"score-{enrolment_text}-{unit_text}", "").strip()
            typed[(enrolment_id, unit_id)] = (value, score_text)
            score = parse_int(score_text, 0) if score_text else None
            if score_text and score is None:
                problems.append(_("Nilai %(name)s harus angka 0–100.",
                                  name=enrolments[enrolment_id].participant.full_name))
                continue
            try:
                services.record_result(enrolments[enrolment_id], unit_id,
                                       Result(value), current_user, assessor=form.assessor.data,
                                       assessed_on=form.assessed_on.data, score=score)
            except RuleError as error:
                problems.append(str(error))
        if not problems:
            url = submissions.done(form, url_for("certificates.assessment", batch_id=batch.id))
            db.session.commit()
            flash(_("Hasil asesmen disimpan."), "success")
            return redirect(url)
        db.session.rollback()
        form.form_errors.extend(problems)
    results = services.results_of(batch)
    return render_form("certificates/assessment.html", form, batch=batch, Result=Result,
                       enrolments=list(enrolments.values()), units=list(units.values()),
                       results=results, typed=typed)


@bp.post("/batches/<int:batch_id>/confirm")
@roles_required(*OFFICE)
def confirm(batch_id):
    """Staff confirm the results: fully assessed participants become lulus or tidak lulus."""
    batch = _batch_or_404(batch_id)
    RevokeForm()  # CSRF is checked globally; nothing else to read
    try:
        count = services.confirm_results(batch, current_user)
    except RuleError as error:
        return _refused(batch, str(error))
    db.session.commit()
    flash(_("%(n)d hasil disahkan.", n=count), "success")
    return redirect(url_for("certificates.batch", batch_id=batch.id))


@bp.post("/batches/<int:batch_id>/issue")
@roles_required(*OFFICE)
def issue(batch_id):
    """Issue certificates to everyone certifiable who has none yet."""
    batch = _batch_or_404(batch_id)
    form = IssueForm()
    early = services.not_yet_certifiable(batch)
    if early:
        return _refused(batch, early)
    if (answer := submissions.claim(form)) is not None:
        return answer
    if not form.validate_on_submit():
        return render("certificates/batch.html", status_code=422,
                      **_overview(batch, issue_form=form))
    if form.issuer_kind.data == IssuerKind.LSP:
        missing = [f for f in (form.lsp_name, form.lsp_licence, form.lsp_signatory,
                               form.lsp_signatory_title) if not (f.data or "").strip()]
        for field in missing:
            field.errors.append(_("Wajib diisi untuk sertifikat dari LSP."))
        if missing:
            return render("certificates/batch.html", status_code=422,
                          **_overview(batch, issue_form=form))
        issuer = Issuer(IssuerKind.LSP, form.lsp_name.data, form.lsp_signatory.data,
                        form.lsp_signatory_title.data, lsp_licence=form.lsp_licence.data)
    elif refusal := services.missing_signatory():
        form.issuer_kind.errors.append(refusal)
        return render("certificates/batch.html", status_code=422,
                      **_overview(batch, issue_form=form))
    else:
        issuer = services.office_issuer(batch)
    lock_batch(batch.id)  # a simultaneous issue waits here, then sees what this one issued
    overview = _overview(batch)
    issued = 0
    for row in overview["rows"]:
        if row["certificate"] is None and not row["reasons"]:
            services.issue(row["enrolment"], issuer, current_user, rate=row["rate"])
            issued += 1
    url = submissions.done(form, url_for("certificates.batch", batch_id=batch.id))
    db.session.commit()
    flash(_("%(n)d sertifikat terbit.", n=issued), "success" if issued else "warning")
    return redirect(url)


@bp.post("/<int:certificate_id>/revoke")
@roles_required(*OFFICE)
def revoke(certificate_id):
    """Revoke a certificate with a reason; the public page then says it is revoked."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or get_visible(current_user, certificate.enrolment.batch_id) is None:
        abort(404)
    form = RevokeForm()
    try:
        if not form.validate_on_submit():
            raise RuleError(_("Tuliskan alasan pencabutan."))
        services.revoke(certificate, form.reason.data, current_user)
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Sertifikat %(number)s dicabut.", number=certificate.number), "success")
    return redirect(url_for("certificates.batch", batch_id=certificate.enrolment.batch_id))

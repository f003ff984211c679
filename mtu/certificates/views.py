"""Assessment entry, confirmation, issuing and revoking certificates."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from mtu import submissions
from mtu.attendance.services import rates_for
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.services import get_visible
from mtu.certificates import bp, services
from mtu.certificates.forms import AssessmentForm, IssueForm, RevokeForm, typed_results
from mtu.certificates.models import Result
from mtu.clock import local_today
from mtu.extensions import db
from mtu.rendering import render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


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
            "missing_signatory": services.missing_signatory(),
            "credentials_off": credentials_off()}


def credentials_off() -> str | None:
    """Why certificates are not (also) issued as signed credentials, and how to turn them on."""
    from mtu.credentials import keys

    if keys.signing_ring() is not None:
        return None
    return _("Kredensial digital bertanda tangan (Open Badges 3.0) belum aktif: sertifikat "
             "tetap terbit seperti biasa, tetapi tanpa kredensial yang dapat diperiksa tanpa "
             "server ini. Untuk mengaktifkan, administrator server menjalankan "
             "`flask --app wsgi credentials keygen` (kunci disimpan di berkas "
             "%(setting)s: %(path)s).", setting="MTU_CREDENTIAL_KEY_FILE",
             path=keys.key_file() or _("belum diatur"))


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
    typed = {}
    if (answer := submissions.claim(form)) is not None:
        return answer
    if request.method == "GET":
        form.assessed_on.data = min(local_today(), batch.end_date)
        form.assessor.data = ", ".join(t.name for t in batch.trainers)
    elif form.validate_on_submit():
        typed = typed_results(request.form, enrolments, units)
        if typed is None:
            abort(400)
        try:
            services.record_results(batch, typed, current_user, assessor=form.assessor.data,
                                    assessed_on=form.assessed_on.data)
        except RuleError as error:
            db.session.rollback()
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("certificates.assessment", batch_id=batch.id))
            db.session.commit()
            flash(_("Hasil asesmen disimpan."), "success")
            return redirect(url)
    return render_form("certificates/assessment.html", form, batch=batch, Result=Result,
                       enrolments=list(enrolments.values()), units=list(units.values()),
                       results=services.results_of(batch), typed=typed)


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
    flash(ngettext("%(num)d hasil disahkan.", "%(num)d hasil disahkan.", count), "success")
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
        return render_form("certificates/batch.html", form, **_overview(batch, issue_form=form))
    try:
        issuer = services.issuer_for(
            batch, form.issuer_kind.data, lsp_name=form.lsp_name.data,
            lsp_licence=form.lsp_licence.data, lsp_signatory=form.lsp_signatory.data,
            lsp_signatory_title=form.lsp_signatory_title.data)
        issued = services.issue_all(batch, issuer, current_user)
    except RuleError as error:
        db.session.rollback()
        form.add_errors(error.errors)
        return render_form("certificates/batch.html", form, **_overview(batch, issue_form=form))
    url = submissions.done(form, url_for("certificates.batch", batch_id=batch.id))
    db.session.commit()
    flash(ngettext("%(num)d sertifikat terbit.", "%(num)d sertifikat terbit.", issued),
          "success" if issued else "warning")
    return redirect(url)


@bp.post("/<int:certificate_id>/revoke")
@roles_required(*OFFICE)
def revoke(certificate_id):
    """Revoke a certificate with a reason; the public page then says it is revoked."""
    certificate = found_or_404(services.get_visible_certificate(current_user, certificate_id))
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

"""A person's requests about their data: a copy (JSON) and anonymisation."""

import json

from flask import Response, flash, redirect, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, StringField

from mtu.authz import Role, found_or_404, roles_required
from mtu.clock import local_today
from mtu.extensions import db
from mtu.forms import Form, max_length, required
from mtu.participants import bp, subject
from mtu.pdf import pdf_response
from mtu.rendering import render_form
from mtu.rules import RuleError


class AnonymiseForm(Form):
    reason = StringField(_l("Dasar permintaan"), [required(), max_length(subject.REASON_LENGTH)],
                         description=_l("Misalnya: surat permohonan tanggal … (nomor …)."))
    confirm = BooleanField(_l("Saya mengerti: nama, NIK, alamat dan kontaknya dihapus dan "
                              "tidak dapat dikembalikan."), [required()])


def _person_or_404(participant_id):
    return found_or_404(subject.handled_by(current_user, participant_id))


def _page(person, form):
    return render_form("participants/subject.html", form, participant=person,
                       blocking=subject.blocking_batches(person))


@bp.get("/<int:participant_id>/data")
@roles_required(Role.ADMIN, Role.STAFF)
def subject_page(participant_id):
    """The person's rights: a copy of their data, and anonymisation."""
    return _page(_person_or_404(participant_id), AnonymiseForm(formdata=None))


@bp.get("/<int:participant_id>/data.json")
@roles_required(Role.ADMIN, Role.STAFF)
def subject_copy(participant_id):
    """Everything MTU holds about the person, as a JSON file (recorded as an export)."""
    person = _person_or_404(participant_id)
    body = json.dumps(subject.person_data(person), ensure_ascii=False, indent=1)
    subject.record_copy(current_user, person, "json")
    db.session.commit()
    filename = f"data-peserta-{person.id}-{local_today().isoformat()}.json"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


@bp.get("/<int:participant_id>/data.pdf")
@roles_required(Role.ADMIN, Role.STAFF)
def subject_copy_pdf(participant_id):
    """The same copy to read on paper, with the JSON embedded (recorded as an export)."""
    person = _person_or_404(participant_id)
    data = subject.person_data(person)
    body = json.dumps(data, ensure_ascii=False, indent=1).encode()
    name = f"data-peserta-{person.id}-{local_today().isoformat()}"
    with force_locale("id"):  # the resident's copy, from an Indonesian office
        response = pdf_response("participants/subject_pdf.html", f"{name}.pdf", download=True,
                                attachments=[(f"{name}.json", body)], data=data, person=person,
                                today=local_today(), words=subject.labels())
    subject.record_copy(current_user, person, "pdf")
    db.session.commit()
    return response


@bp.post("/<int:participant_id>/anonymise")
@roles_required(Role.ADMIN, Role.STAFF)
def anonymise(participant_id):
    """Replace what identifies the person, on their request; figures stay as they were."""
    person = _person_or_404(participant_id)
    form = AnonymiseForm()
    if form.validate_on_submit():
        try:
            subject.anonymise(person, current_user, form.reason.data)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Data pribadinya sudah dianonimkan; catatan pelatihan tetap dihitung."),
                  "success")
            return redirect(url_for("participants.detail", participant_id=person.id))
    return _page(person, form)

"""Forms for assessment, issuing and revoking certificates."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.certificates.models import IssuerKind, Result
from mtu.forms import CreateForm, Form, max_length, optional, required
from mtu.numbers import parse_id

CELL = "result-"


class AssessmentForm(CreateForm):
    assessor = StringField(_l("Asesor"), [required(), max_length(120)])
    assessed_on = DateField(_l("Tanggal asesmen"), [required()],
                            invalid_value_message=_l("Tanggal tidak valid."))


def typed_results(formdata, enrolment_ids, unit_ids) -> dict[tuple[int, int], tuple] | None:
    """The grid's filled cells, {(enrolment id, unit id): (result, score as typed)}; None when
    a cell names someone or a unit outside the batch, or no known result (a crafted post)."""
    typed = {}
    for key, value in formdata.items():
        if not key.startswith(CELL) or not value:
            continue
        enrolment_text, _sep, unit_text = key[len(CELL):].partition("-")
        enrolment_id, unit_id = parse_id(enrolment_text), parse_id(unit_text)
        if enrolment_id not in enrolment_ids or unit_id not in unit_ids \
                or value not in Result._value2member_map_:
            return None
        score_text = formdata.get(f"score-{enrolment_text}-{unit_text}", "").strip()
        typed[(enrolment_id, unit_id)] = (value, score_text)
    return typed


class IssueForm(CreateForm):
    issuer_kind = SelectField(_l("Penerbit"), choices=[
        SelectChoice(kind.value, kind.label) for kind in IssuerKind])
    lsp_name = StringField(_l("Nama LSP"), [optional(), max_length(160)])
    lsp_licence = StringField(_l("Nomor lisensi BNSP"), [optional(), max_length(80)])
    lsp_signatory = StringField(_l("Penandatangan LSP"), [optional(), max_length(120)])
    lsp_signatory_title = StringField(_l("Jabatan penandatangan LSP"),
                                      [optional(), max_length(160)])


class RevokeForm(Form):
    reason = TextAreaField(_l("Alasan pencabutan"), [required(), max_length(1000)])

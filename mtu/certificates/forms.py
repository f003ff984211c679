"""Forms for assessment, issuing and revoking certificates."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.certificates.models import IssuerKind
from mtu.forms import CreateForm, Form, max_length, optional, required


class AssessmentForm(CreateForm):
    assessor = StringField(_l("Asesor"), [required(), max_length(120)])
    assessed_on = DateField(_l("Tanggal asesmen"), [required()],
                            invalid_value_message=_l("Tanggal tidak valid."))


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

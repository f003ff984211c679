"""The CSR contribution form."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from mtu.csr.models import KIND_LABELS
from mtu.csr.services import MAX_AMOUNT, ContributionData
from mtu.forms import CreateForm, max_length, optional, required
from mtu.numbers import coerce_id, parse_rupiah


class ContributionForm(CreateForm):
    kind = SelectField(_l("Bentuk"), choices=[
        SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()])
    amount = StringField(_l("Jumlah / perkiraan nilai (Rp)"), [optional(), max_length(30)],
                         render_kw={"inputmode": "numeric", "autocomplete": "off"},
                         description=_l("Wajib untuk uang; untuk barang atau jasa boleh "
                                        "kosong. Misalnya 25.000.000."))
    description = TextAreaField(_l("Uraian"), [optional(), max_length(2000)],
                                render_kw={"rows": 2},
                                description=_l("Wajib untuk barang atau jasa, misalnya "
                                               "10 mesin jahit."))
    given_on = DateField(_l("Tanggal diberikan"), [required()],
                         invalid_value_message=_l("Tanggal tidak valid."))
    batch_id = SelectField(_l("Untuk paket pelatihan"), coerce=coerce_id, default=0,
                           validate_choice=False,
                           description=_l("Paket yang didanai; biasanya diisi."))

    def set_batches(self, batches) -> None:
        self.batch_id.choices = [SelectChoice(0, _l("— Tanpa paket —"))] + [
            SelectChoice(batch.id, f"{batch.title} ({batch.start_date:%d/%m/%Y})")
            for batch in batches]

    def validate_amount(self, field):
        if field.data and field.data.strip() and self.rupiah() is None:
            raise ValidationError(_l("Tulis jumlah rupiah tanpa sen, misalnya 25.000.000 "
                                     "(paling besar 1.000.000.000.000)."))

    def rupiah(self) -> int | None:
        return parse_rupiah(self.amount.data, MAX_AMOUNT) if self.amount.data else None

    def to_data(self) -> ContributionData:
        return ContributionData(kind=self.kind.data, given_on=self.given_on.data,
                                amount=self.rupiah(), description=self.description.data or "",
                                batch_id=self.batch_id.data or None)

"""The form that adds an item to a batch's facility list."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, ValidationError

from mtu.facilities.services import parse_rupiah
from mtu.forms import CreateForm, max_length, required


class ItemForm(CreateForm):
    name = StringField(_l("Nama fasilitas"), [required(), max_length(80)])
    unit_value = StringField(_l("Nilai per peserta"), [required(), max_length(30)],
                             description=_l("Dalam rupiah, misalnya 750.000."))
    per_day = BooleanField(_l("Dihitung per hari (seperti uang transport)"))

    def validate_unit_value(self, field):
        if parse_rupiah(field.data) is None:
            raise ValidationError(_l("Tulis nilai rupiah tanpa sen, misalnya 750.000 "
                                     "(paling besar 100.000.000)."))

    @property
    def rupiah(self) -> int:
        return parse_rupiah(self.unit_value.data)

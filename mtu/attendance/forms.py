"""The day's journal form."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from mtu.forms import Form, IntegerField, max_length, number_range, optional, required
from mtu.numbers import coerce_id


class JournalForm(Form):
    hours = IntegerField(_l("Jam pelajaran"), [required(), number_range(1, 12)], default=8)
    competency_unit_id = SelectField(_l("Unit kompetensi"), coerce=coerce_id, validate_choice=False)
    topic = StringField(_l("Materi lain"), [optional(), max_length(200)],
                        description=_l("Bila materi hari ini bukan satu unit kompetensi, "
                                       "misalnya kewirausahaan."))
    notes = TextAreaField(_l("Catatan"), [optional(), max_length(2000)])

"""Adding a day to the calendar."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from mtu.calendar.models import KIND_LABELS, Kind
from mtu.forms import CreateForm, max_length, optional, required
from mtu.numbers import coerce_id
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class DayOffForm(CreateForm):
    day = DateField(_l("Tanggal"), [required()], invalid_value_message=_l("Tanggal tidak valid."))
    kind = SelectField(_l("Jenis"), choices=[
        SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()
        if kind != Kind.WORKDAY])
    reason = StringField(_l("Alasan"), [required(), max_length(160)],
                         description=_l("Tampil di kalender dan di halaman pelatih, mis. "
                                        "\"Cuti bersama Idul Fitri\" atau \"Balai desa dipakai "
                                        "pemilihan kepala desa\"."))
    batch_id = SelectField(_l("Hanya untuk paket"), coerce=coerce_id, validate_choice=False,
                           description=_l("Untuk tempat yang tidak tersedia: hanya paket ini "
                                          "yang libur."))


class AdminDayOffForm(DayOffForm):
    kind = SelectField(_l("Jenis"), choices=[
        SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        description=_l("\"Tetap hari kerja\": hari libur nasional yang tidak diliburkan "
                       "(mis. tanggal perkiraan yang bergeser)."))
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[optional()],
                          description=_l("Kosongkan: berlaku di semua kabupaten/kota."))

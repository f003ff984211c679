"""The batch planning form."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from mtu.batches.models import BATCH_STATUS_LABELS, EQUIPMENT_PROVIDER_LABELS, FUNDING_LABELS
from mtu.forms import (
    CheckboxesField,
    CreateForm,
    Form,
    IntegerField,
    max_length,
    number_range,
    optional,
    required,
)
from mtu.numbers import coerce_id
from mtu.proposals.models import VENUE_LABELS
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class BatchForm(CreateForm):
    course_id = SelectField(_l("Kejuruan"), coerce=coerce_id, validate_choice=False)
    year = IntegerField(_l("Tahun anggaran"), [required(), number_range(2000, 2100)])
    wave = IntegerField(_l("Gelombang"), [required(), number_range(1, 99)])
    venue_type = SelectField(_l("Jenis tempat"), choices=[
        SelectChoice(value.value, label) for value, label in VENUE_LABELS.items()])
    host_company_id = SelectField(
        _l("Perusahaan tuan rumah"), coerce=coerce_id, validate_choice=False,
        description=_l("Wajib untuk pelatihan di perusahaan: pesertanya pekerja perusahaan ini."))
    venue_name = StringField(_l("Nama tempat"), [required(), max_length(160)])
    village = RegionField(_l("Desa/kelurahan tempat pelatihan"), level=Level.VILLAGE,
                          validators=[optional()],
                          description=_l("Operator desa ini dapat melihat paketnya."))
    programme_id = SelectField(_l("Program kemitraan lapas"), coerce=coerce_id,
                               validate_choice=False,
                               description=_l("Untuk paket di lapas: instansi mitra programnya "
                                              "dapat melihat warga binaan paket ini."))
    start_date = DateField(_l("Tanggal mulai"), [required()],
                           invalid_value_message=_l("Tanggal tidak valid."))
    end_date = DateField(_l("Tanggal selesai"), [optional()],
                         invalid_value_message=_l("Tanggal tidak valid."),
                         description=_l("Kosongkan: otomatis sesuai lama kejuruan "
                                        "(30 hari kalender)."))
    quota = IntegerField(_l("Kuota peserta"), [optional(), number_range(1, 200)],
                         description=_l("Kosongkan: sesuai ukuran paket kejuruan (16)."))
    unit_id = SelectField(_l("Unit MTU"), coerce=coerce_id, validate_choice=False,
                          description=_l("Boleh tanpa unit bila peralatan dibawa pihak lain."))
    equipment_provider = SelectField(
        _l("Peralatan dibawa oleh"), validate_choice=False,
        choices=[SelectChoice("", _l("— Pilih bila tanpa unit MTU —"))] + [
            SelectChoice(value.value, label) for value, label in EQUIPMENT_PROVIDER_LABELS.items()],
        description=_l("Wajib bila tanpa unit MTU: daftar peralatan kejuruan menjadi daftar "
                       "bawaan pihak ini."))
    trainer_ids = CheckboxesField(_l("Pelatih"))
    funding = SelectField(_l("Sumber dana"), choices=[
        SelectChoice(value.value, label) for value, label in FUNDING_LABELS.items()])
    csr_company_id = SelectField(_l("Perusahaan pemberi CSR"), coerce=coerce_id,
                                 validate_choice=False)
    proposal_ids = CheckboxesField(_l("Usulan yang dilayani"))
    notes = TextAreaField(_l("Catatan"), [optional(), max_length(4000)])

    def validate_equipment_provider(self, field):
        if not self.unit_id.data and not field.data:
            raise ValidationError(_l("Tanpa unit MTU, pilih siapa yang membawa peralatan."))


class StatusForm(Form):
    status = SelectField(_l("Status baru"), choices=[
        SelectChoice(value.value, label) for value, label in BATCH_STATUS_LABELS.items()])
    note = TextAreaField(_l("Catatan"), [optional(), max_length(2000)])


class CancelForm(StatusForm):
    """Cancelling, asked for in its own confirmation with the reason the rules require."""

    note = TextAreaField(_l("Alasan pembatalan"), [optional(), max_length(2000)], id="cancel-note",
                         description=_l("Wajib; tercatat di riwayat paket."))

"""Participant and enrolment forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from mtu.forms import (
    CreateForm,
    Form,
    indonesian_phone,
    max_length,
    normalise_phone,
    optional,
    required,
)
from mtu.participants.models import EDUCATION_LABELS, EMPLOYMENT_LABELS, Employment, Gender
from mtu.participants.services import ParticipantData
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class ParticipantForm(CreateForm):
    nik = StringField(_l("NIK"), [required(), max_length(24)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"},
                      description=_l("16 angka sesuai KTP/KK."))
    full_name = StringField(_l("Nama lengkap"), [required(), max_length(120)])
    gender = SelectField(_l("Jenis kelamin"), choices=[
        SelectChoice(g.value, g.label) for g in Gender])
    birth_date = DateField(_l("Tanggal lahir"), [required()],
                           invalid_value_message=_l("Tanggal tidak valid."))
    address = StringField(_l("Alamat"), [optional(), max_length(300)])
    village = RegionField(_l("Desa/kelurahan"), level=Level.VILLAGE, validators=[optional()])
    phone = StringField(_l("Telepon"), [optional(), max_length(30), indonesian_phone()],
                        render_kw={"inputmode": "tel", "autocomplete": "tel"})
    education = SelectField(_l("Pendidikan terakhir"), choices=[
        SelectChoice(value.value, label) for value, label in EDUCATION_LABELS.items()],
        default="senior")
    employment = SelectField(_l("Status pekerjaan"), choices=[
        SelectChoice(value.value, label) for value, label in EMPLOYMENT_LABELS.items()])
    expected_release_on = DateField(
        _l("Perkiraan tanggal bebas"), [optional()],
        invalid_value_message=_l("Tanggal tidak valid."),
        description=_l("Wajib untuk warga binaan; sesuai data lapas."))
    disability = StringField(_l("Disabilitas"), [optional(), max_length(160)],
                             description=_l("Kosongkan bila tidak ada."))
    consent = BooleanField(_l("Bersedia ditampilkan kepada perusahaan mitra"),
                           description=_l("Nama, kejuruan, sertifikat, kecamatan dan kelompok "
                                          "umur; tanpa NIK, alamat dan tanggal lahir."))
    contact_consent = BooleanField(_l("Bersedia dihubungi perusahaan mitra"),
                                   description=_l("Nomor telepon diperlihatkan kepada "
                                                  "perusahaan mitra."))

    def to_data(self) -> ParticipantData:
        return ParticipantData(
            nik=self.nik.data, full_name=self.full_name.data, gender=self.gender.data,
            birth_date=self.birth_date.data, address=self.address.data or "",
            village=self.village.region,
            phone=normalise_phone(self.phone.data) if self.phone.data else "",
            education=self.education.data, employment=self.employment.data,
            disability=self.disability.data or "", consent=self.consent.data,
            contact_consent=self.contact_consent.data,
            expected_release_on=self.expected_release_on.data)

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, and an inmate's expected release date (optional() ends
        the field's own chain when it is empty, so the rule is checked here)."""
        valid = super().validate(extra_validators)
        release = self.expected_release_on
        if self.employment.data == Employment.INMATE and release.data is None \
                and not release.errors:
            release.errors = [*release.errors, _l("Wajib diisi untuk warga binaan.")]
            return False
        return valid


class EnrolForm(CreateForm):
    nik = StringField(_l("NIK peserta"), [required(), max_length(24)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    # Proof for someone another district office recorded: as written on the KTP.
    full_name = StringField(_l("Nama lengkap sesuai KTP"), [optional(), max_length(120)],
                            render_kw={"autocomplete": "off"})
    birth_date = DateField(_l("Tanggal lahir sesuai KTP"), [optional()],
                           invalid_value_message=_l("Tanggal tidak valid."))
    accept = BooleanField(_l("Langsung terima (bila kuota masih ada)"), default=True)


class WithdrawForm(Form):
    note = StringField(_l("Alasan"), [optional(), max_length(300)])

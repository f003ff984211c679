"""Forms for partner companies, their agreements and their accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.companies.models import SECTOR_LABELS
from mtu.companies.services import AgreementData, CompanyData
from mtu.forms import (
    ContactFields,
    CreateForm,
    email,
    max_length,
    optional,
    required,
)
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class CompanyForm(ContactFields, CreateForm):
    name = StringField(_l("Nama perusahaan"), [required(), max_length(160)])
    sector = SelectField(_l("Sektor usaha"), choices=[
        SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()])
    address = StringField(_l("Alamat"), [optional(), max_length(300)])
    village = RegionField(_l("Desa/kelurahan"), level=Level.VILLAGE, validators=[optional()],
                          description=_l("Tempat usaha; menentukan kecamatannya."))
    contact_name = StringField(_l("Nama kontak (HRD)"), [optional(), max_length(120)])

    def to_data(self) -> CompanyData:
        return CompanyData(name=self.name.data, sector=self.sector.data,
                           address=self.address.data or "", village=self.village.region,
                           **self.contacts())


class AgreementForm(CreateForm):
    number = StringField(_l("Nomor perjanjian"), [required(), max_length(80)])
    start_date = DateField(_l("Mulai berlaku"), [required()],
                           invalid_value_message=_l("Tanggal tidak valid."))
    end_date = DateField(_l("Berakhir"), [optional()],
                         invalid_value_message=_l("Tanggal tidak valid."))
    scope = TextAreaField(_l("Ruang lingkup"), [optional(), max_length(2000)],
                          render_kw={"rows": 2})

    def to_data(self) -> AgreementData:
        return AgreementData(number=self.number.data, start_date=self.start_date.data,
                             end_date=self.end_date.data, scope=self.scope.data or "")


class AccountForm(CreateForm):
    name = StringField(_l("Nama lengkap"), [required(), max_length(120)])
    email = EmailField(_l("Email"), [required(), email(), max_length(254)])


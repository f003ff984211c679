"""Forms for institutes (LPK) and trainers; admins also choose the regency."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from mtu.forms import (
    CheckboxesField,
    CreateForm,
    indonesian_phone,
    max_length,
    normalise_phone,
    optional,
    required,
)
from mtu.numbers import coerce_id
from mtu.regions.forms import RegionField
from mtu.regions.models import Level
from mtu.trainers.models import EMPLOYER_LABELS
from mtu.trainers.services import InstituteData, TrainerData

PHONE_INPUT = {"inputmode": "tel", "autocomplete": "off"}


def _none_choice():
    return SelectChoice(0, "—")


class InstituteForm(CreateForm):
    name = StringField(_l("Nama LPK"), [required(), max_length(160)])
    address = StringField(_l("Alamat"), [optional(), max_length(300)])
    phone = StringField(_l("Telepon"), [optional(), max_length(30), indonesian_phone()],
                        render_kw=PHONE_INPUT)

    def to_data(self) -> InstituteData:
        return InstituteData(name=self.name.data, address=self.address.data or "",
                             phone=normalise_phone(self.phone.data) or "",
                             regency=self.regency.region if "regency" in self else None)


class AdminInstituteForm(InstituteForm):
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[required()])


class TrainerForm(CreateForm):
    name = StringField(_l("Nama pelatih"), [required(), max_length(120)])
    employer_type = SelectField(_l("Status kepegawaian"), choices=[
        SelectChoice(kind.value, label) for kind, label in EMPLOYER_LABELS.items()])
    institute_id = SelectField(_l("LPK"), coerce=coerce_id, default=0,
                               description=_l("Untuk pelatih dari LPK."))
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, default=0,
                             description=_l("Untuk pelatih dari perusahaan."))
    phone = StringField(_l("Telepon"), [optional(), max_length(30), indonesian_phone()],
                        render_kw=PHONE_INPUT)
    course_ids = CheckboxesField(_l("Kejuruan yang dapat diajar"))
    # Checked by the service, which says why an account cannot be linked.
    account_id = SelectField(_l("Akun pelatih"), coerce=coerce_id, default=0, validate_choice=False,
                             description=_l("Untuk mengisi jurnal dan daftar hadir. Akun "
                                            "pelatih dibuat oleh admin di menu Pengguna."))

    def set_choices(self, institutes, companies, courses, accounts):
        self.institute_id.choices = [_none_choice()] + [
            SelectChoice(item.id, item.name) for item in institutes]
        self.company_id.choices = companies
        self.course_ids.choices = [SelectChoice(course.id, course.name) for course in courses]
        self.account_id.choices = [_none_choice()] + [
            SelectChoice(account.id, f"{account.name} ({account.email})") for account in accounts]

    def to_data(self) -> TrainerData:
        return TrainerData(
            name=self.name.data, employer_type=self.employer_type.data,
            phone=normalise_phone(self.phone.data) or "",
            institute_id=self.institute_id.data or None, company_id=self.company_id.data or None,
            course_ids=list(self.course_ids.data), account_id=self.account_id.data or None,
            regency=self.regency.region if "regency" in self else None)


class AdminTrainerForm(TrainerForm):
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[required()],
                          description=_l("Kantor Disnaker tempat pelatih terdaftar."))

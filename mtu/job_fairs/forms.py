"""Forms for job fairs and their registrations; admins also choose the regency."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

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
from mtu.job_fairs.models import OUTCOME_LABELS
from mtu.job_fairs.services import MAX_VISITORS, FairData
from mtu.numbers import coerce_id
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class FairForm(CreateForm):
    held_on = DateField(_l("Tanggal"), [required()],
                        invalid_value_message=_l("Tanggal tidak valid."))
    place = StringField(_l("Tempat"), [required(), max_length(160)])
    visitors = IntegerField(_l("Jumlah pengunjung"), [optional(), number_range(0, MAX_VISITORS)],
                            default=0, render_kw={"inputmode": "numeric"})
    company_ids = CheckboxesField(_l("Perusahaan peserta"))
    notes = TextAreaField(_l("Catatan"), [optional(), max_length(2000)])

    def set_choices(self, companies):
        self.company_ids.choices = [SelectChoice(company.id, company.name)
                                    for company in companies]

    def to_data(self) -> FairData:
        return FairData(held_on=self.held_on.data, place=self.place.data or "",
                        visitors=self.visitors.data, notes=self.notes.data or "",
                        company_ids=list(self.company_ids.data or []),
                        regency=self.regency.region if "regency" in self else None)


class AdminFairForm(FairForm):
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[required()])


class RegistrationForm(CreateForm):
    # Checked by the service, which says why a person or a company cannot be chosen.
    participant_id = SelectField(_l("Lulusan"), coerce=coerce_id, default=0,
                                 validate_choice=False)
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, default=0,
                             validate_choice=False)

    def set_choices(self, graduates, companies):
        self.participant_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(person.id, person.full_name) for person in graduates]
        self.company_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(company.id, company.name) for company in companies]


class OutcomeForm(Form):
    outcome = SelectField(_l("Hasil"), choices=[
        SelectChoice(kind.value, label) for kind, label in OUTCOME_LABELS.items()])

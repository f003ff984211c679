"""Forms for placements, their follow-ups, and vacancies."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.forms import CreateForm, Form, IntegerField, max_length, optional, required
from mtu.numbers import coerce_id
from mtu.placements.models import PLACEMENT_LABELS
from mtu.placements.services import PlacementData, VacancyData


class PlacementForm(CreateForm):
    status = SelectField(_l("Status"), choices=[
        SelectChoice(status.value, label) for status, label in PLACEMENT_LABELS.items()])
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, default=0,
                             validate_choice=False,
                             description=_l("Untuk bekerja atau magang."))
    position = StringField(_l("Posisi / jabatan"), [optional(), max_length(120)])
    start_date = DateField(_l("Mulai"), [required()],
                           invalid_value_message=_l("Tanggal tidak valid."))
    business_name = StringField(_l("Nama usaha"), [optional(), max_length(160)],
                                description=_l("Untuk wirausaha."))
    business_field = StringField(_l("Bidang usaha"), [optional(), max_length(120)])
    business_place = StringField(_l("Tempat usaha"), [optional(), max_length(200)])
    job_fair_id = SelectField(_l("Dari bursa kerja"), coerce=coerce_id, default=0,
                              validate_choice=False,
                              description=_l("Bila lulusan diterima lewat bursa kerja."))

    def set_fairs(self, fairs) -> None:
        self.job_fair_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(fair.id, f"{fair.place} ({fair.held_on:%d/%m/%Y})") for fair in fairs]

    def to_data(self) -> PlacementData:
        return PlacementData(
            status=self.status.data, start_date=self.start_date.data,
            company_id=self.company_id.data or None, position=self.position.data or "",
            business_name=self.business_name.data or "",
            business_field=self.business_field.data or "",
            business_place=self.business_place.data or "",
            job_fair_id=self.job_fair_id.data or None)


class FollowUpForm(Form):
    still_placed = SelectField(_l("Hasil"), choices=[
        SelectChoice("1", _l("Masih bekerja / berusaha")),
        SelectChoice("0", _l("Tidak lagi"))])
    note = StringField(_l("Catatan"), [optional(), max_length(300)])


class VacancyForm(CreateForm):
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, default=0,
                             validate_choice=False)
    position = StringField(_l("Posisi"), [required(), max_length(120)])
    course_id = SelectField(_l("Kejuruan"), coerce=coerce_id, default=0, validate_choice=False)
    openings = IntegerField(_l("Jumlah lowongan"), [required()], default=1)
    closing_date = DateField(_l("Ditutup"), [required()],
                             invalid_value_message=_l("Tanggal tidak valid."))
    description = TextAreaField(_l("Keterangan"), [optional(), max_length(2000)],
                                render_kw={"rows": 3})

    def to_data(self) -> VacancyData:
        return VacancyData(position=self.position.data, openings=self.openings.data,
                           closing_date=self.closing_date.data,
                           course_id=self.course_id.data or None,
                           company_id=(self.company_id.data or None) if "company_id" in self
                           else None,
                           description=self.description.data or "")

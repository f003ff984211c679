"""The course form: catalogue facts, competency units as lines of text, and equipment."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.courses.services import CourseData, parse_competency_units
from mtu.forms import (
    CheckboxesField,
    CreateForm,
    IntegerField,
    max_length,
    number_range,
    optional,
    required,
)
from mtu.rules import RuleError


class CourseForm(CreateForm):
    name = StringField(_l("Nama kejuruan"), [required(), max_length(120)])
    sector = StringField(_l("Bidang"), [optional(), max_length(80)],
                         description=_l("Misalnya: Garmen, Boga, Teknik."))
    description = TextAreaField(_l("Keterangan"), [optional(), max_length(4000)])
    hours = IntegerField(_l("Jam pelajaran"), [required(), number_range(1, 2000)], default=240)
    duration_days = IntegerField(_l("Lama pelatihan (hari)"), [required(), number_range(1, 365)],
                                 default=30)
    package_size = IntegerField(_l("Peserta per paket"), [required(), number_range(1, 200)],
                                default=16)
    units_text = TextAreaField(
        _l("Unit kompetensi"), [optional(), max_length(20000)],
        description=_l("Satu unit per baris: KODE — Judul (boleh juga KODE - Judul atau "
                       "dipisah tab)."))
    equipment_ids = CheckboxesField(_l("Peralatan yang dibutuhkan"))
    new_equipment = StringField(_l("Peralatan baru"), [optional(), max_length(500)],
                                description=_l("Pisahkan dengan koma; yang belum ada akan "
                                               "ditambahkan ke daftar."))

    def set_equipment_choices(self, equipment):
        self.equipment_ids.choices = [SelectChoice(item.id, item.name) for item in equipment]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.units_text.errors:
            try:
                parse_competency_units(self.units_text.data or "")
            except RuleError as error:
                self.add_errors(error.errors)
                valid = False
        return valid

    def to_data(self) -> CourseData:
        return CourseData(
            name=self.name.data, sector=self.sector.data or "",
            description=self.description.data or "", hours=self.hours.data,
            duration_days=self.duration_days.data, package_size=self.package_size.data,
            units_text=self.units_text.data or "", equipment_ids=list(self.equipment_ids.data),
            new_equipment=self.new_equipment.data or "")

"""The MTU unit form; admins also choose the regency."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from mtu.fleet.models import UNIT_STATUS_LABELS
from mtu.fleet.services import UnitData
from mtu.forms import CheckboxesField, CreateForm, max_length, optional, required
from mtu.regions.forms import RegionField
from mtu.regions.models import Level


class UnitForm(CreateForm):
    code = StringField(_l("Kode unit"), [required(), max_length(20)],
                       description=_l("Misalnya: MTU-01."))
    name = StringField(_l("Nama unit"), [required(), max_length(120)])
    plate = StringField(_l("Nomor polisi"), [optional(), max_length(20)])
    home_base = StringField(_l("Pangkalan"), [optional(), max_length(160)],
                            description=_l("Tempat unit disimpan, misalnya UPT LKD atau BLK."))
    status = SelectField(_l("Status"), choices=[
        SelectChoice(status.value, label) for status, label in UNIT_STATUS_LABELS.items()])
    equipment_ids = CheckboxesField(_l("Peralatan yang dibawa"))

    def set_equipment_choices(self, equipment):
        self.equipment_ids.choices = [SelectChoice(item.id, item.name) for item in equipment]

    def to_data(self) -> UnitData:
        return UnitData(code=self.code.data, name=self.name.data, plate=self.plate.data or "",
                        home_base=self.home_base.data or "", status=self.status.data,
                        equipment_ids=list(self.equipment_ids.data),
                        regency=self.regency.region if "regency" in self else None)


class AdminUnitForm(UnitForm):
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[required()],
                          description=_l("Kantor Disnaker pemilik unit."))

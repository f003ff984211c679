"""Forms for coordination meetings, their action items, and an item's status."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.forms import CheckboxesField, CreateForm, Form, max_length, optional, required
from mtu.numbers import coerce_id
from mtu.prison_programs.meeting_services import (
    CHAIR_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    ItemData,
    MeetingData,
)
from mtu.prison_programs.models import ACTION_STATUS_LABELS


def _date(label, validators, **kwargs):
    return DateField(label, validators, invalid_value_message=_l("Tanggal tidak valid."),
                     **kwargs)


def _status_choices():
    return [SelectChoice(status.value, label) for status, label in ACTION_STATUS_LABELS.items()]


class MeetingForm(CreateForm):
    held_on = _date(_l("Tanggal rapat"), [required()])
    place = StringField(_l("Tempat"), [required(), max_length(PLACE_MAX)])
    chair = StringField(_l("Pimpinan rapat"), [optional(), max_length(CHAIR_MAX)])
    agency_ids = CheckboxesField(_l("Instansi yang hadir"))
    minutes = TextAreaField(_l("Notulen"), [optional(), max_length(TEXT_MAX)],
                            render_kw={"rows": 6})
    decisions = TextAreaField(_l("Keputusan"), [optional(), max_length(TEXT_MAX)],
                              description=_l("Satu keputusan per baris."),
                              render_kw={"rows": 4})

    def set_agencies(self, agencies):
        self.agency_ids.choices = [SelectChoice(agency.id, agency.name) for agency in agencies]

    def to_data(self) -> MeetingData:
        return MeetingData(held_on=self.held_on.data, place=self.place.data or "",
                           chair=self.chair.data or "", agency_ids=list(self.agency_ids.data or []),
                           minutes=self.minutes.data or "", decisions=self.decisions.data or "")


class ActionItemForm(CreateForm):
    description = TextAreaField(_l("Tindak lanjut"), [required(), max_length(DESCRIPTION_MAX)],
                                render_kw={"rows": 2})
    # The service checks it is one of the programme's agencies and says so.
    agency_id = SelectField(_l("Instansi penanggung jawab"), coerce=coerce_id, default=0,
                            validate_choice=False)
    due_on = _date(_l("Batas waktu"), [optional()])
    status = SelectField(_l("Status"), choices=_status_choices(), default="open")

    def set_agencies(self, agencies):
        self.agency_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(agency.id, agency.name) for agency in agencies]

    def to_data(self) -> ItemData:
        return ItemData(description=self.description.data or "",
                        agency_id=self.agency_id.data or None, due_on=self.due_on.data,
                        status=self.status.data)


class StatusForm(Form):
    """How far an action item is, and a note: the responsible agency's update."""

    status = SelectField(_l("Status"), choices=_status_choices())
    note = StringField(_l("Catatan"), [optional(), max_length(NOTE_MAX)])
    back = HiddenField()

"""The follow-up form: after training or after release."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.aftercare.models import KIND_LABELS, STATUS_LABELS
from mtu.aftercare.services import CONTACT_MAX, FollowUpData
from mtu.forms import CreateForm, max_length, optional, required
from mtu.numbers import coerce_id
from mtu.prison_programs.services import agency_choices


def _date(label, validators, **kwargs):
    return DateField(label, validators, invalid_value_message=_l("Tanggal tidak valid."),
                     **kwargs)


class FollowUpForm(CreateForm):
    kind = SelectField(_l("Jenis tindak lanjut"), choices=[
        SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()])
    held_on = _date(_l("Tanggal"), [required()])
    agency_id = SelectField(_l("Instansi"), coerce=coerce_id, validate_choice=False,
                            description=_l("Kosongkan bila dilakukan Disnaker."))
    note = TextAreaField(_l("Catatan"), [optional(), max_length(2000)],
                         render_kw={"rows": 3})
    released_on = _date(_l("Tanggal bebas"), [optional()],
                        description=_l("Untuk tindak lanjut setelah bebas."))
    status = SelectField(_l("Keadaan setelah bebas"), choices=[SelectChoice("", "—")] + [
        SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()],
        default="", validate_choice=False)  # the service checks it for after release
    contact = StringField(_l("Kontak setelah bebas"), [optional(), max_length(CONTACT_MAX)],
                          description=_l("Telepon atau alamat yang dapat dihubungi."))
    next_on = _date(_l("Tindak lanjut berikutnya"), [optional()],
                    description=_l("Bila tanggal ini lewat tanpa tindak lanjut baru, "
                                   "peserta tercatat terlambat."))

    def __init__(self, *args, agency=None, **kwargs):
        """`agency`: an agency user's own agency, the only one it may record for."""
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.agency_id.choices = [SelectChoice(agency.id, agency.name)]
        else:
            self.agency_id.choices = agency_choices()

    def to_data(self) -> FollowUpData:
        return FollowUpData(kind=self.kind.data, held_on=self.held_on.data,
                            agency_id=self.agency_id.data or None, note=self.note.data or "",
                            status=self.status.data or None, contact=self.contact.data or "",
                            next_on=self.next_on.data, released_on=self.released_on.data)

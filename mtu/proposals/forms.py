"""The proposal form: the village operator's, and staff's with the proposer to choose."""

from flask_babel import lazy_gettext as _l
from wtforms import MonthField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from mtu.forms import (
    CreateForm,
    Form,
    IntegerField,
    indonesian_phone,
    max_length,
    normalise_phone,
    number_range,
    optional,
    required,
)
from mtu.numbers import coerce_id, optional_id
from mtu.proposals.models import PROPOSER_LABELS, VENUE_LABELS
from mtu.proposals.services import ProposalData
from mtu.regions.forms import RegionField
from mtu.regions.models import Level

OTHER_VOCATION = 0


def _choice_id(value):
    """Select values to ids; the empty placeholder becomes None (and fails `required`)."""
    return optional_id(value)


class ProposalForm(CreateForm):
    course_id = SelectField(_l("Kejuruan yang diusulkan"), [required()], coerce=_choice_id,
                            validate_choice=False)
    vocation_text = StringField(
        _l("Kejuruan lain"), [optional(), max_length(120)],
        description=_l("Isi bila kejuruan yang diinginkan belum ada di daftar."))
    candidates = IntegerField(_l("Perkiraan jumlah calon peserta"),
                              [required(), number_range(1, 500)],
                              description=_l("Satu paket pelatihan untuk 16 orang."))
    venue_type = SelectField(_l("Tempat yang diinginkan"),
                             choices=[SelectChoice(v.value, label)
                                      for v, label in VENUE_LABELS.items()])
    venue_name = StringField(_l("Nama tempat"), [optional(), max_length(160)],
                             description=_l("Misalnya: Balai Desa Bulukandang."))
    preferred_from = MonthField(_l("Waktu yang diinginkan, mulai"), [optional()],
                                invalid_value_message=_l("Bulan tidak valid."))
    preferred_until = MonthField(_l("sampai"), [optional()],
                                 invalid_value_message=_l("Bulan tidak valid."))
    reason = TextAreaField(_l("Alasan dan kebutuhan warga"), [required(), max_length(4000)])
    musrenbang_ref = StringField(_l("Rujukan Musrenbang"), [optional(), max_length(160)],
                                 description=_l("Nomor atau tahun berita acara, bila ada."))
    contact_name = StringField(_l("Narahubung"), [required(), max_length(120)])
    contact_phone = StringField(_l("Telepon narahubung"),
                                [required(), max_length(30), indonesian_phone()],
                                render_kw={"inputmode": "tel", "autocomplete": "tel"})

    listed = 0  # candidates on the proposal's list (OpenSID), when it has one

    def count_from_list(self, listed: int) -> None:
        """Once the proposal lists its candidates, their number is the list's: shown, not
        typed, and not held to the estimate's 500 (an upload holds up to 5 000)."""
        if not listed:
            return
        field = self.candidates
        self.listed = field.data = listed
        field.raw_data, field.process_errors, field.validators = None, [], []
        field.flags.required = False
        field.render_kw = {"readonly": True}
        field.description = _l("Dihitung dari daftar calon peserta (%(num)d orang); ubah "
                               "lewat daftar itu.", num=listed)

    def set_course_choices(self, courses):
        self.course_id.choices = [SelectChoice("", _l("— Pilih kejuruan —"))] + [
            SelectChoice(c.id, c.name) for c in courses] + [
            SelectChoice(OTHER_VOCATION, _l("Lainnya (tulis di bawah)"))]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        offered = {choice.value for choice in self.course_id.choices}
        if self.course_id.data is not None and self.course_id.data not in offered:
            self.course_id.errors.append(_l("Pilihan tidak valid."))
            valid = False
        if self.course_id.data == OTHER_VOCATION and not (self.vocation_text.data or "").strip():
            self.vocation_text.errors.append(_l("Tulis kejuruan yang diinginkan."))
            valid = False
        start, end = self.preferred_from.data, self.preferred_until.data
        if start and end and end < start:
            self.preferred_until.errors.append(_l("Tidak boleh sebelum bulan mulai."))
            valid = False
        return valid

    def to_data(self) -> ProposalData:
        chosen = self.course_id.data if self.course_id.data != OTHER_VOCATION else None
        return ProposalData(
            course_id=chosen,
            vocation_text="" if chosen else self.vocation_text.data.strip(),
            candidates=self.listed or self.candidates.data,
            venue_type=self.venue_type.data,
            venue_name=(self.venue_name.data or "").strip(),
            preferred_from=self.preferred_from.data,
            preferred_until=self.preferred_until.data,
            reason=self.reason.data.strip(),
            musrenbang_ref=(self.musrenbang_ref.data or "").strip(),
            contact_name=self.contact_name.data.strip(),
            contact_phone=normalise_phone(self.contact_phone.data),
        )


class StaffProposalForm(ProposalForm):
    """Staff enter proposals on behalf of a village, a sub-district, a company or a prison."""

    proposer_kind = SelectField(_l("Pengusul"), choices=[
        SelectChoice(kind.value, label) for kind, label in PROPOSER_LABELS.items()])
    village = RegionField(_l("Desa/kelurahan pengusul"), level=Level.VILLAGE,
                          validators=[optional()],
                          description=_l("Untuk usulan desa/kelurahan."))
    subdistrict = RegionField(_l("Kecamatan"), level=Level.SUBDISTRICT, validators=[optional()],
                              description=_l("Untuk usulan kecamatan; untuk perusahaan dan "
                                             "lapas: lokasi pelatihan (opsional)."))
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, validate_choice=False)
    prison_id = SelectField(_l("Lembaga pemasyarakatan"), coerce=coerce_id, validate_choice=False)


class DecisionForm(Form):
    """Verification note (optional) or rejection reason (required, checked by the service)."""

    note = TextAreaField(_l("Catatan"), [optional(), max_length(2000)])


class RejectForm(Form):
    """The rejection reason, asked for in the confirmation beside the "Tolak" button."""

    note = TextAreaField(_l("Alasan penolakan"), [optional(), max_length(2000)], id="reject-note",
                         description=_l("Wajib; ditampilkan kepada pengusul."))

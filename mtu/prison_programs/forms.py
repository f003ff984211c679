"""Forms for partner agencies, their accounts, and programmes with their partners editor."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.form import Form as SubForm

from mtu.forms import (
    ContactFields,
    CreateForm,
    IndonesianMessages,
    email,
    max_length,
    optional,
    required,
)
from mtu.numbers import coerce_id
from mtu.prison_programs.agencies import AgencyData
from mtu.prison_programs.models import (
    AGENCY_KIND_LABELS,
    PARTNER_ROLE_LABELS,
    PROGRAMME_STATUS_LABELS,
)
from mtu.prison_programs.services import ProgrammeData
from mtu.regions.forms import RegionField
from mtu.regions.models import Level

EMPTY_ROWS = 2  # blank partner rows offered below the filled ones on the edit page
NEW_ROWS = 4  # rows of a new programme (a prison programme has about four partners)
MAX_ROWS = 30


class AgencyForm(ContactFields, CreateForm):
    name = StringField(_l("Nama instansi"), [required(), max_length(160)])
    kind = SelectField(_l("Jenis"), choices=[
        SelectChoice(kind.value, label) for kind, label in AGENCY_KIND_LABELS.items()])
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[optional()],
                          description=_l("Kosongkan untuk instansi yang melayani beberapa "
                                         "kabupaten/kota."))
    address = StringField(_l("Alamat"), [optional(), max_length(300)])

    def to_data(self) -> AgencyData:
        return AgencyData(name=self.name.data, kind=self.kind.data, regency=self.regency.region,
                          address=self.address.data or "", **self.contacts())


class AccountForm(CreateForm):
    name = StringField(_l("Nama lengkap"), [required(), max_length(120)])
    email = EmailField(_l("Email"), [required(), email(), max_length(254)])


class PartnerRowForm(SubForm):
    """One row of the partners editor: an agency and one of its roles (both or neither)."""

    class Meta:  # a sub-form (no CSRF of its own), with WTForms' messages in Indonesian
        def get_translations(self, form):
            return IndonesianMessages()

    agency_id = SelectField(_l("Instansi"), coerce=coerce_id, default=0)
    role = SelectField(_l("Peran"), default="", choices=[SelectChoice("", "—")] + [
        SelectChoice(role.value, label) for role, label in PARTNER_ROLE_LABELS.items()])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.agency_id.data and not self.role.data:
            self.role.errors.append(_l("Pilih peran instansi ini."))
        elif self.role.data and not self.agency_id.data:
            self.agency_id.errors.append(_l("Pilih instansinya."))
        return not (self.agency_id.errors or self.role.errors)

    @property
    def filled(self) -> bool:
        return bool(self.agency_id.data or self.role.data)


class ProgrammeForm(CreateForm):
    name = StringField(_l("Nama program"), [required(), max_length(200)])
    prison_id = SelectField(_l("Lapas"), coerce=coerce_id, default=0,
                            description=_l("Instansi berjenis lembaga pemasyarakatan."))
    legal_basis = StringField(_l("Dasar hukum"), [optional(), max_length(300)],
                              description=_l("Misalnya: Instruksi Bupati Malang Nomor …"))
    lead_agency_id = SelectField(_l("Instansi pemimpin"), coerce=coerce_id, default=0,
                                 description=_l("Kosongkan bila Disnaker sendiri yang "
                                                "memimpin."))
    goal = TextAreaField(_l("Tujuan"), [optional(), max_length(4000)], render_kw={"rows": 3})
    institute_id = SelectField(_l("LPK penyedia pelatih"), coerce=coerce_id, default=0)
    status = SelectField(_l("Tahap"), choices=[
        SelectChoice(status.value, label) for status, label in PROGRAMME_STATUS_LABELS.items()])
    partners = FieldList(FormField(PartnerRowForm), min_entries=NEW_ROWS, max_entries=MAX_ROWS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_errors: list[str] = []  # about the rows together (a pair listed twice)
        self._agencies: list[SelectChoice] = []

    def set_choices(self, agencies, prisons, institutes):
        """Fill the selects; every partner row offers the same agencies."""
        self.prison_id.choices, self.lead_agency_id.choices = prisons, agencies
        self.institute_id.choices, self._agencies = institutes, agencies
        self._row_choices()

    def _row_choices(self):
        for row in self.partners:
            row.agency_id.choices = self._agencies

    def add_errors(self, errors) -> None:
        """As Form.add_errors; the partners' messages go above the rows."""
        self.partner_errors += [message for name, message in errors if name == "partners"]
        super().add_errors([(name, message) for name, message in errors if name != "partners"])

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.form_errors or self.partner_errors)

    def fill_partners(self, partners) -> None:
        """A GET of the edit page: one row per partner, then the blank rows."""
        while len(self.partners):
            self.partners.pop_entry()
        for partner in partners:
            self.partners.append_entry({"agency_id": partner.agency_id, "role": partner.role})
        self.add_rows(EMPTY_ROWS)

    def add_rows(self, count: int = 1) -> None:
        for _index in range(min(count, MAX_ROWS - len(self.partners))):
            self.partners.append_entry()
        self._row_choices()

    def partner_rows(self) -> list[tuple[int, str]]:
        return [(row.agency_id.data, row.role.data) for row in self.partners if row.filled]

    def to_data(self) -> ProgrammeData:
        return ProgrammeData(
            name=self.name.data, prison_id=self.prison_id.data, status=self.status.data,
            legal_basis=self.legal_basis.data or "",
            lead_agency_id=self.lead_agency_id.data or None,
            institute_id=self.institute_id.data or None, goal=self.goal.data or "",
            regency=self.regency.region if "regency" in self else None,
            partners=self.partner_rows())


class AdminProgrammeForm(ProgrammeForm):
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY, validators=[required()],
                          description=_l("Kantor Disnaker yang menjalankan program."))

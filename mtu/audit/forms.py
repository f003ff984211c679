"""The trail page's filters, read from the query string."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, ValidationError

from mtu.audit.models import KIND_LABELS
from mtu.audit.services import TrailFilters
from mtu.forms import Form, IntegerField, max_length, number_range, optional


class TrailForm(Form):
    """GET filters; no CSRF token: the page only reads."""

    class Meta:
        csrf = False

    user = StringField(_l("Pengguna (nama atau email)"), [optional(), max_length(100)])
    person = IntegerField(_l("Nomor peserta"), [optional(), number_range(1, 2_147_483_647)])
    kind = SelectField(_l("Jenis"), default="")
    start = DateField(_l("Dari tanggal"), [optional()])
    end = DateField(_l("Sampai tanggal"), [optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _("Semua jenis"))] + [
            (kind.value, label) for kind, label in KIND_LABELS.items()]

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("Tanggal akhir sebelum tanggal awal."))

    def filters(self) -> TrailFilters | None:
        """What was chosen; None when a field is invalid (the page says why)."""
        if not self.validate():
            return None
        return TrailFilters(user=(self.user.data or "").strip(), person=self.person.data,
                            kind=self.kind.data or "", start=self.start.data,
                            end=self.end.data)

"""Form base class and validators with Indonesian messages.

WTForms ships no Indonesian catalogue, so its built-in messages (a number that is not a
number, a date that is not a date, …) are translated here for every form, through MTU's own
catalogue (mtu/translations) like every other message.
"""

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    SelectMultipleField,
    StringField,
    ValidationError,
    validators,
)
from wtforms import IntegerField as WTFormsIntegerField
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from mtu.numbers import MAX_ID, MIN_INT, coerce_id, parse_int

WTFORMS_MESSAGES = {
    "This field is required.": _l("Wajib diisi."),
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid email address.": _l("Alamat email tidak valid."),
    "Not a valid choice.": _l("Pilihan tidak valid."),
    "Invalid Choice: could not coerce.": _l("Pilihan tidak valid."),
    "Not a valid integer value.": _l("Harus berupa bilangan bulat."),
    "Not a valid decimal value.": _l("Harus berupa angka."),
    "Not a valid float value.": _l("Harus berupa angka."),
    "Not a valid date value.": _l("Tanggal tidak valid."),
    "Not a valid datetime value.": _l("Tanggal dan jam tidak valid."),
    "Not a valid time value.": _l("Jam tidak valid."),
    "Not a valid month value.": _l("Bulan tidak valid."),
    "Number must be at least %(min)s.": _l("Paling kecil %(min)s."),
    "Number must be at most %(max)s.": _l("Paling besar %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Harus antara %(min)s dan %(max)s."),
    "Invalid CSRF Token.": _l("Formulir tidak sah; muat ulang halaman."),
    "CSRF token missing.": _l("Formulir tidak sah; muat ulang halaman."),
    "CSRF token expired.": _l("Formulir kedaluwarsa; muat ulang halaman."),
}


class IndonesianMessages:
    """WTForms' messages from MTU's catalogue (Indonesian, or the user's language)."""

    def gettext(self, string):
        message = WTFORMS_MESSAGES.get(string)
        return string if message is None else str(message)

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    """Every MTU form: CSRF from Flask-WTF, WTForms' own messages in Indonesian."""

    class Meta:
        def get_translations(self, form):
            return IndonesianMessages()

        def render_field(self, field, render_kw):
            """Hidden fields without an id: no label points at one, and a page with two forms
            would carry the same id twice (csrf_token), which HTML forbids."""
            if isinstance(field.widget, HiddenInput):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

    def add_errors(self, errors) -> None:
        """Place a service's (field name or None, message) pairs beside their fields."""
        for name, message in errors:
            field = self._fields.get(name) if name else None
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]


class CreateForm(Form):
    """A form that creates something: it carries a one-time token (mtu.submissions), so that
    a repeated or retried post creates one record and its second answer leads to it."""

    submission_token = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_token.data:
            self.submission_token.data = secrets.token_urlsafe(24)


class IntegerField(WTFormsIntegerField):
    """A whole number in ASCII digits within the integer columns' range.

    WTForms' own field takes '١٢' for 12 and lets 10**20 through to the database."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        number = parse_int(valuelist[0], MIN_INT, MAX_ID)
        if number is None:
            self.data = None
            raise ValueError(_l("Harus berupa bilangan bulat."))
        self.data = number


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (render with class_="checks"), values as ints."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Pilihan tidak valid."))
        kwargs.setdefault("invalid_value_message", _l("Pilihan tidak valid."))
        super().__init__(label, validators, coerce=coerce_id, **kwargs)


def required():
    return validators.InputRequired(message=_l("Wajib diisi."))


def optional():
    return validators.Optional()


def max_length(limit: int):
    return validators.Length(max=limit, message=_l("Paling banyak %(max)d karakter.", max=limit))


def min_length(limit: int):
    return validators.Length(min=limit, message=_l("Paling sedikit %(min)d karakter.", min=limit))


def number_range(low: int, high: int):
    return validators.NumberRange(low, high, message=_l("Harus antara %(low)d dan %(high)d.",
                                                        low=low, high=high))


def email():
    return validators.Email(message=_l("Alamat email tidak valid."), check_deliverability=False)


def equal_to(fieldname: str, message):
    return validators.EqualTo(fieldname, message=message)


PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
PHONE_PATTERN = re.compile(r"^(?:\+62|62|0)([1-9][0-9]{7,12})$")


def normalise_phone(text: str) -> str | None:
    """'+62 812-3456-7890' → '081234567890'; None when it is not an Indonesian number."""
    match = PHONE_PATTERN.match(PHONE_SEPARATORS.sub("", text or ""))
    return f"0{match.group(1)}" if match else None


def indonesian_phone():
    def check(form, field):
        if field.data and normalise_phone(field.data) is None:
            raise ValidationError(_l("Nomor telepon tidak valid (contoh: 0812-3456-7890 atau "
                                     "+62 812 3456 7890)."))
    return check


PHONE_INPUT = {"inputmode": "tel", "autocomplete": "off"}


class ContactFields:
    """A partner's office phone and email and its contact person (companies, agencies)."""

    phone = StringField(_l("Telepon kantor"), [optional(), max_length(30), indonesian_phone()],
                        render_kw=PHONE_INPUT)
    email = EmailField(_l("Email"), [optional(), email(), max_length(254)])
    contact_name = StringField(_l("Nama kontak"), [optional(), max_length(120)])
    contact_phone = StringField(_l("Telepon kontak"),
                                [optional(), max_length(30), indonesian_phone()],
                                render_kw=PHONE_INPUT)

    def contacts(self) -> dict:
        """The four fields as the services take them: phones normalised, blanks as ""."""
        return {"phone": normalise_phone(self.phone.data) or "", "email": self.email.data or "",
                "contact_name": self.contact_name.data or "",
                "contact_phone": normalise_phone(self.contact_phone.data) or ""}

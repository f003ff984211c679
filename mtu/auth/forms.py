"""Forms for signing in, passwords and user management."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from mtu.auth import passwords
from mtu.authz import ROLE_LABELS
from mtu.forms import CreateForm, Form, email, equal_to, max_length, optional, required
from mtu.numbers import coerce_id
from mtu.regions.forms import RegionField
from mtu.regions.models import Level

PASSWORD_MIN_LENGTH = passwords.MIN_LENGTH


class LoginForm(Form):
    email = EmailField(_l("Email"), [required(), max_length(254)])
    password = PasswordField(_l("Kata sandi"), [required(), max_length(200)])


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Kata sandi sekarang"), [required()])
    new_password = PasswordField(
        _l("Kata sandi baru"), [required(), passwords.strong()],
        description=_l("Paling sedikit %(min)d karakter; bukan kata sandi yang umum dipakai.",
                       min=PASSWORD_MIN_LENGTH))
    confirm_password = PasswordField(
        _l("Ulangi kata sandi baru"),
        [required(), equal_to("new_password", _l("Tidak sama dengan kata sandi baru."))])


class UserForm(CreateForm):
    name = StringField(_l("Nama lengkap"), [required(), max_length(120)])
    email = EmailField(_l("Email"), [required(), email(), max_length(254)])
    role = SelectField(_l("Peran"), [required()],
                       choices=[SelectChoice(role.value, label)
                                for role, label in ROLE_LABELS.items()])
    regency = RegionField(_l("Kantor Disnaker kabupaten/kota"), level=Level.REGENCY,
                          validators=[optional()],
                          description=_l("Wajib untuk staf; opsional untuk peran lain."))
    village = RegionField(_l("Desa/kelurahan"), level=Level.VILLAGE, validators=[optional()],
                          description=_l("Wajib untuk operator desa."))
    company_id = SelectField(_l("Perusahaan"), coerce=coerce_id, validate_choice=False,
                             description=_l("Wajib untuk perusahaan mitra."))
    agency_id = SelectField(_l("Instansi"), coerce=coerce_id, validate_choice=False,
                            description=_l("Wajib untuk instansi mitra."))
    active = BooleanField(_l("Akun aktif"), default=True)

"""Validators with Indonesian messages (WTForms ships no Indonesian catalogue)."""

from flask_babel import lazy_gettext as _l
from wtforms import validators


def required():
    return validators.InputRequired(message=_l("Wajib diisi."))


def optional():
    return validators.Optional()


def max_length(limit: int):
    return validators.Length(max=limit, message=_l("Paling banyak %(max)d karakter.", max=limit))


def min_length(limit: int):
    return validators.Length(min=limit, message=_l("Paling sedikit %(min)d karakter.", min=limit))


def email():
    return validators.Email(message=_l("Alamat email tidak valid."), check_deliverability=False)


def equal_to(fieldname: str, message):
    return validators.EqualTo(fieldname, message=message)

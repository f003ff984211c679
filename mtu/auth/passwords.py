"""What a new password must be: at least 12 characters (OWASP ASVS 4 V2.1.1) and not one of
the most common passwords.

common_passwords.txt.gz holds the 10 000 most common passwords of the list Django ships
(django/contrib/auth/common-passwords.txt.gz, BSD licence: Royce Williams' list of the
commonest passwords in breaches, lower-cased and deduplicated), followed by a few Indonesian
ones of at least 12 characters (bismillah123, indonesia123, disnaker2026, …). A file in the
repository rather than a package: it is 40 KB, read once, and no request goes out to check a
password. Passwords are compared lower-cased and without spaces at the ends.
"""

import gzip
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from wtforms import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_FILE = Path(__file__).resolve().parent / "common_passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def problems(password: str, email: str = "") -> list[str]:
    """Why this password may not be used (empty when it may)."""
    password = password or ""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(_("Kata sandi paling sedikit %(min)d karakter.", min=MIN_LENGTH))
    elif len(password) > MAX_LENGTH:
        found.append(_("Kata sandi paling banyak %(max)d karakter.", max=MAX_LENGTH))
    folded = password.strip().lower()
    if folded in common_passwords():
        found.append(_("Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak; "
                       "pilih yang lain, misalnya beberapa kata acak."))
    if email and folded in (email.strip().lower(), email.strip().lower().split("@")[0]):
        found.append(_("Kata sandi tidak boleh sama dengan email."))
    return found


def strong():
    """The WTForms validator for a new password field."""

    def check(form, field):
        email = getattr(getattr(form, "email", None), "data", "") or ""
        if found := problems(field.data or "", email):
            raise ValidationError(found[0])

    return check

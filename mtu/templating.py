"""What every template may use: static URLs with content hashes, labels, formats."""

import re

from flask_babel import format_decimal

from mtu.assets import static_url
from mtu.authz import ROLE_LABELS, Role, can
from mtu.i18n import date, datetime, rupiah  # noqa: F401 (rupiah: tests import it here)


def phone(number: str) -> str:
    """'081234567890' → '0812-3456-7890', easier to read aloud and to dial."""
    if not number or not re.fullmatch(r"[0-9]{10,}", number):
        return number or ""
    return f"{number[:4]}-{number[4:8]}-{number[8:]}"


def init_app(app):
    app.jinja_env.globals.update(static_url=static_url, ROLE_LABELS=ROLE_LABELS, Role=Role,
                                 can=can)
    app.jinja_env.filters.update(date=date, datetime=datetime, phone=phone,
                                 rupiah=rupiah, number=format_decimal)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

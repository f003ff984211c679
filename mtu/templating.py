"""What every template may use: static URLs with content hashes, labels, formats."""

import re
from datetime import date
from functools import lru_cache

from flask_babel import format_date, format_datetime, format_decimal

from mtu.assets import static_url
from mtu.authz import ROLE_LABELS, Role, can


def phone(number: str) -> str:
    """'081234567890' → '0812-3456-7890', easier to read aloud and to dial."""
    if not number or not re.fullmatch(r"[0-9]{10,}", number):
        return number or ""
    return f"{number[:4]}-{number[4:8]}-{number[8:]}"


def rupiah(value: int | None) -> str:
    """750000 → 'Rp750.000', the way Indonesian documents write amounts."""
    if value is None:
        return ""
    return "Rp" + format_decimal(value)


def date_filter(value, format=None):
    """format_date (|date), remembered for plain dates: a year's timeline writes hundreds,
    and Babel takes a tenth of a millisecond for each. Datetimes go through the time zone
    each time. MTU has one locale (BABEL_DEFAULT_LOCALE, no selector), so it keys none."""
    if type(value) is date:
        return _formatted_date(value, format)
    return format_date(value, format)


@lru_cache(maxsize=8192)
def _formatted_date(value: date, format) -> str:
    return format_date(value, format)


def init_app(app):
    app.jinja_env.globals.update(static_url=static_url, ROLE_LABELS=ROLE_LABELS, Role=Role,
                                 can=can)
    app.jinja_env.filters.update(date=date_filter, datetime=format_datetime, phone=phone,
                                 rupiah=rupiah, number=format_decimal)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

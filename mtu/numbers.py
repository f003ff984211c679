"""Numbers read from people and from requests: ASCII digits only, within the columns' range.

Python's int() reads '١٢' (Arabic-Indic digits) as 12 and str.isdigit() says yes to '²',
which int() then refuses; the databases' integer columns stop at 2 147 483 647 (SQLite
raises OverflowError past 2**63). Every number taken from a URL, a query string, a form field
or a field's name goes through this module, so that a crafted one is a 404, a 400 or a field
error, never a 500.
"""

import re

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite stores more, but ids never get there
MIN_INT = -(2**31)
MAX_PAGE = 100_000
_INTEGER = re.compile(r"-?[0-9]{1,18}", re.ASCII)


def parse_int(text, low: int | None = None, high: int | None = None) -> int | None:
    """An integer written in ASCII digits (an optional leading '-', spaces around allowed),
    within [low, high] when given; None for anything else."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str):
        text = text.strip()
        if not _INTEGER.fullmatch(text):
            return None
        value = int(text)
    else:
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


# 'Rp 750.000', '750.000', '750000', '750.000,00', 'Rp. 1.250.000,-'
_RUPIAH = re.compile(r"^(?:rp\.?)?([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?:0{1,2}|-))?$")


def parse_rupiah(text, maximum: int) -> int | None:
    """'Rp 750.000' → 750000; None when it is not a whole rupiah amount in 1 … maximum."""
    if not isinstance(text, str):
        return None
    match = _RUPIAH.match(re.sub(r"\s+", "", text).lower())
    if not match or len(match.group(1)) > 24:
        return None
    value = int(match.group(1).replace(".", ""))
    return value if 0 < value <= maximum else None


def parse_id(text) -> int | None:
    """A row id (1 … 2 147 483 647) in ASCII digits, or None."""
    if isinstance(text, str) and text.strip().startswith("-"):
        return None
    return parse_int(text, 1, MAX_ID)


def coerce_id(value) -> int:
    """SelectField/SelectMultipleField coerce: an id, or 0 for the 'none' choice.

    Raises ValueError for anything else, which WTForms turns into a field error."""
    if isinstance(value, str) and value.strip().startswith("-"):
        raise ValueError(value)
    number = parse_int(value, 0, MAX_ID)
    if number is None:
        raise ValueError(value)
    return number


def optional_id(value) -> int | None:
    """Like coerce_id, but the empty placeholder choice ('' or None) becomes None."""
    if value in ("", None):
        return None
    return coerce_id(value)


def arg_id(name: str) -> int | None:
    """An id from the query string (?batch=12), None when missing or not an id."""
    from flask import request

    return parse_id(request.args.get(name))


def form_id(name: str) -> int | None:
    """An id from the posted form, None when missing or not an id."""
    from flask import request

    return parse_id(request.form.get(name))


def page_number(text=None) -> int:
    """?page= as a page number: junk is page 1, huge numbers stop at MAX_PAGE (an empty page)."""
    if text is None:
        from flask import has_request_context, request

        text = request.args.get("page") if has_request_context() else None
    number = parse_int(text, 1)
    if number is None:
        return 1
    return min(number, MAX_PAGE)


class IdConverter(IntegerConverter):
    """`<int:…>` in every URL rule: ASCII digits only, at most the integer columns' maximum.

    Anything else does not match the rule, so the request is a 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)
        self.regex = r"[0-9]{1,10}"


def init_app(app) -> None:
    """Install the converter; call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter

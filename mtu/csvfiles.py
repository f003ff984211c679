"""Every CSV file MTU writes: one line at a time, safe to open in a spreadsheet.

A cell that starts with = + - or @ is a formula to Excel and LibreOffice (and so a way to run
what someone typed into a participant's name); such a cell gets a leading apostrophe, which
shows the text as written. The import reader takes that apostrophe off again, so a file MTU
wrote can be uploaded back unchanged.
"""

import csv
import io

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel reads the letters as UTF-8


def guard(value) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would take it for a
    formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """A cell read back from a file MTU wrote: the guard's apostrophe taken off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def csv_line(values) -> str:
    """One CSV line (with its line break), every cell guarded."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([guard(value) for value in values])
    return buffer.getvalue()


def csv_response(body, filename: str) -> Response:
    """A CSV download (a string or an iterable of lines), never cached: it holds people's data."""
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

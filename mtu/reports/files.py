"""CSV and XLSX files of any size, streamed: never the whole file, or all its rows, in memory.

A CSV goes out line by line as the rows come from the database (mtu/csvfiles.py guards every
cell). An XLSX is a zip that can only be sent once complete: openpyxl's write-only workbook
writes the rows to a temporary file, saved into a spooled temporary file (in memory while
small, on disk beyond), which is then sent in chunks. Text cells are guarded in both, so that
a name typed as '=HYPERLINK(…)' stays text.
"""

from datetime import date, datetime
from tempfile import SpooledTemporaryFile

from flask import Response, stream_with_context
from openpyxl import Workbook

from mtu.csvfiles import BOM, csv_line, csv_response, guard

CHUNK = 64 * 1024
LINES_PER_CHUNK = 500
IN_MEMORY = 8 * 1024 * 1024  # an XLSX beyond this waits on disk
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def csv_stream(header, rows, filename: str) -> Response:
    """A CSV download written while the rows are read."""

    def lines():
        yield BOM + csv_line(header)
        chunk = []
        for row in rows:
            chunk.append(csv_line([_csv_value(value) for value in row]))
            if len(chunk) == LINES_PER_CHUNK:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    return csv_response(stream_with_context(lines()), filename)


def _xlsx_value(value):
    if isinstance(value, str):
        return guard(value)
    return value


def xlsx_file(title: str, header, rows) -> tuple[SpooledTemporaryFile, int]:
    """The rows as a workbook in a (spooled) temporary file, read from the start; and how
    many rows it holds."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([guard(name) for name in header])
    written = 0
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        written += 1
    spool = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (closed once sent)
    workbook.save(spool)
    spool.seek(0)
    return spool, written


def file_response(spool, filename: str) -> Response:
    """Send a finished temporary file in chunks, closing it at the end."""
    size = spool.seek(0, 2)
    spool.seek(0)

    def chunks():
        try:
            while block := spool.read(CHUNK):
                yield block
        finally:
            spool.close()

    response = Response(chunks(), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Length"] = str(size)
    response.headers["Cache-Control"] = "private, no-store"
    return response

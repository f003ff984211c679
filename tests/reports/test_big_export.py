"""An export of 100 000 rows streams: it never holds them all in memory.

The CSV is measured with tracemalloc (Python's allocations). The XLSX too would take minutes
under tracemalloc (openpyxl allocates per cell), so it is measured as the whole process sees
it, C libraries included: the growth of the resident set's high-water mark (Linux's VmHWM,
reset through /proc/self/clear_refs).
"""

import io
import re
import time
import tracemalloc
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, literal, select

from mtu.attendance.models import AttendanceMark
from mtu.participants.models import Enrolment, Participant
from tests.factories import BatchFactory, UserFactory, valid_nik

PEOPLE = 3334
DAYS = 30  # 3 334 people × 30 days = 100 020 marks
LIMIT = 100 * 1024 * 1024


@pytest.fixture
def big_batch(db):
    """One district's batch with 100 020 attendance marks, inserted in bulk."""
    batch = BatchFactory(status="done")
    now = datetime(2026, 3, 1, 8, 0)
    db.session.execute(insert(Participant), [
        {"nik": valid_nik(serial, female=serial % 2 == 0), "full_name": f"Peserta {serial}",
         "name_key": f"peserta {serial}", "gender": "F" if serial % 2 == 0 else "M",
         "birth_date": batch.start_date.replace(year=1995), "address": "", "phone": "",
         "regency_id": batch.regency_id, "education": "senior", "employment": "job_seeker",
         "disability": "", "created_at": now} for serial in range(1, PEOPLE + 1)])
    db.session.execute(insert(Enrolment).from_select(
        ["participant_id", "batch_id", "status", "note", "created_at"],
        select(Participant.id, literal(batch.id), literal("accepted"), literal(""),
               literal(now))))
    for offset in range(DAYS):
        db.session.execute(insert(AttendanceMark).from_select(
            ["enrolment_id", "batch_id", "day", "status", "recorded_at", "marked_at"],
            select(Enrolment.id, Enrolment.batch_id,
                   literal(batch.start_date + timedelta(days=offset)),
                   literal("present"), literal(now), literal(now))))
    db.session.commit()
    assert db.session.scalar(select(func.count(AttendanceMark.id))) == PEOPLE * DAYS
    return batch


def _download(client, file_format) -> tuple[int, int | io.BytesIO]:
    """Take the export chunk by chunk, as a server sends it: its size, and the CSV's line
    count or the XLSX itself."""
    response = client.get("/reports/download",
                          query_string={"export": f"attendance.{file_format}"})
    assert response.status_code == 200
    assert response.is_streamed
    size, lines, body = 0, 0, io.BytesIO()
    for chunk in response.response:
        chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(chunk)
        if file_format == "csv":
            lines += chunk.count(b"\n")
        else:
            body.write(chunk)  # the test keeps the XLSX (~2 MB) to count its rows
    return size, lines if file_format == "csv" else body


def _rows_in(xlsx: io.BytesIO) -> int:
    rows, tail = 0, b""
    with zipfile.ZipFile(xlsx) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        while block := sheet.read(1 << 20):
            rows += (tail + block).count(b"<row ")
            tail = block[-4:]  # a tag cut in two is counted once, with the next block
    return rows


def test_a_csv_of_100_000_rows_stays_under_100_mb(client, big_batch):
    client.login(UserFactory(staff=True, regency=big_batch.regency))
    started = time.monotonic()
    tracemalloc.start()
    try:
        size, lines = _download(client, "csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == PEOPLE * DAYS + 1
    assert peak < LIMIT, f"CSV peak {peak / 2**20:.1f} MB"
    assert peak < size / 2  # never the whole file at once
    print(f"CSV of 100 020 rows, {size / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB, "
          f"{time.monotonic() - started:.1f} s")


def _resident_kb(field):
    return int(re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())[1])


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux only")
def test_an_xlsx_of_100_000_rows_stays_under_100_mb(client, big_batch):
    client.login(UserFactory(staff=True, regency=big_batch.regency))
    started = time.monotonic()
    Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again here
    before = _resident_kb("VmRSS")
    size, xlsx = _download(client, "xlsx")
    growth = (_resident_kb("VmHWM") - before) * 1024
    assert _rows_in(xlsx) == PEOPLE * DAYS + 1
    assert growth < LIMIT, f"XLSX peak growth {growth / 2**20:.1f} MB"
    print(f"XLSX of 100 020 rows, {size / 2**20:.1f} MB, peak growth {growth / 2**20:.1f} MB, "
          f"{time.monotonic() - started:.1f} s")

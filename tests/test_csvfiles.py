"""Every CSV MTU writes keeps spreadsheet formulas from running; the import reads them back."""

import csv
import io

import pytest

from mtu.csvfiles import csv_line, guard, unguard
from mtu.participants import importing
from tests.factories import BatchFactory, RegencyFactory, UserFactory


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+62 812", "'+62 812"),
    ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("Budi", "Budi"), ("0812-3456", "0812-3456"),
    (17, "17"), (None, ""),
])
def test_formula_cells_get_a_leading_apostrophe(cell, written):
    assert guard(cell) == written
    assert unguard(written) == ("" if cell is None else str(cell))


def test_a_line_is_guarded_cell_by_cell():
    assert next(csv.reader(io.StringIO(csv_line(["=1+1", "Siti", "@x"])))) == [
        "'=1+1", "Siti", "'@x"]


def test_rejected_rows_come_back_guarded_and_read_back_as_typed(client, db):
    regency = RegencyFactory()
    staff = UserFactory(staff=True, regency=regency)
    batch = BatchFactory(regency=regency, status="registration")
    client.login(staff)
    upload = (b"nik,nama,jenis_kelamin,tanggal_lahir\n"
              b"3514041708950001,=HYPERLINK(\"http://x\"),L,1995-08-17\n")
    response = client.post_form(f"/participants/batches/{batch.id}/import",
                                {"file": (io.BytesIO(upload), "peserta.csv")},
                                content_type="multipart/form-data")
    text = client.get(response.headers["Location"] + "/rejected.csv").get_data(as_text=True)
    [row] = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert row["nama"] == "'=HYPERLINK(\"http://x\")"
    again = importing.parse_file("ditolak.csv", text.encode())
    assert again.rows[0]["nama"] == "=HYPERLINK(\"http://x\")"

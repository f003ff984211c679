"""XLSX uploads built to attack the XML parser are refused in Indonesian, never a 500."""

import io
import zipfile

import openpyxl.xml
import pytest
from openpyxl import Workbook

from mtu.participants import importing
from mtu.participants.importing import ImportFileError
from tests.factories import BatchFactory, RegencyFactory, UserFactory

SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
                    for n in range(1, 10)) + "]>", "&lol9;")
EXTERNAL = ('<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")


def _hostile_xlsx(doctype: str, reference: str) -> bytes:
    workbook = Workbook()
    workbook.active.append(["nik", "nama", "jenis_kelamin", "tanggal_lahir"])
    workbook.active.append(["3514041708950001", "NAMA", "L", "1995-08-17"])
    plain = io.BytesIO()
    workbook.save(plain)
    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(hostile, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == SHEET:
                content = (('<?xml version="1.0" encoding="UTF-8"?>' + doctype).encode()
                           + content.replace(b"NAMA", reference.encode()))
            target.writestr(name, content)
    return hostile.getvalue()


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.parametrize("attack", [LAUGHS, EXTERNAL], ids=["billion-laughs", "xxe"])
def test_entities_in_an_xlsx_are_refused(db, attack):
    with pytest.raises(ImportFileError, match="tidak diizinkan"):
        importing.parse_file("peserta.xlsx", _hostile_xlsx(*attack))


@pytest.mark.parametrize("attack", [LAUGHS, EXTERNAL], ids=["billion-laughs", "xxe"])
def test_an_uploaded_attack_is_explained_on_the_form(client, db, attack):
    regency = RegencyFactory()
    staff = UserFactory(staff=True, regency=regency)
    batch = BatchFactory(regency=regency, status="registration")
    client.login(staff)
    response = client.post_form(
        f"/participants/batches/{batch.id}/import",
        {"file": (io.BytesIO(_hostile_xlsx(*attack)), "peserta.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "memuat isi XML yang tidak diizinkan" in response.get_data(as_text=True)

"""NIK validation and what it encodes."""

from datetime import date

import pytest

from mtu.participants import nik


def test_a_valid_nik_tells_gender_and_birth_date(app):
    with app.test_request_context():
        facts = nik.read("3514 0457 0895 0001")
    assert facts.nik == "3514045708950001" and facts.gender == "F"
    assert facts.birth_date(date(2026, 11, 23)) == date(1995, 8, 17)
    assert nik.read("3514041708050001").birth_date(date(2026, 11, 23)) == date(2005, 8, 17)


@pytest.mark.parametrize("number, message", [
    ("12345", "NIK harus 16 angka (tertulis 5)."),
    ("35140417089500AB", "NIK hanya berisi angka."),
    ("9914041708950001", "Kode provinsi/kabupaten di NIK tidak dikenal."),
    ("3514043213950001", "Tanggal lahir di dalam NIK tidak valid."),
])
def test_invalid_niks_are_explained(app, number, message):
    with app.test_request_context(), pytest.raises(ValueError, match=message.replace(
            "(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        nik.read(number)


def test_typed_facts_are_checked_against_the_nik(app):
    with app.test_request_context():
        facts = nik.read("3514045708950001")
        assert nik.check_against(facts, "F", date(1995, 8, 17)) == []
        problems = dict(nik.check_against(facts, "M", date(1995, 8, 18)))
    assert "Perempuan" in problems["gender"] and "17-08-..95" in problems["birth_date"]


@pytest.mark.parametrize("name", ["Siti Aminah", "  siti   AMINAH ", "Hj. Siti Aminah, S.Pd.",
                                  "Dra. Siti Aminah"])
def test_name_keys_ignore_case_spacing_and_titles(name):
    assert nik.name_key(name) == "siti aminah"

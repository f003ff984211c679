"""The NIK (Nomor Induk Kependudukan): validation with python-stdnum, and what it encodes."""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.id import nik as stdnum_nik

from mtu.participants.models import Gender

# Honorifics and titles written before a name; degrees come after a comma and are cut off.
PREFIX_TITLES = {"h", "hj", "kh", "ir", "dr", "drs", "dra", "prof", "ny", "tn", "sdr", "sdri"}


@dataclass
class NikFacts:
    """What a valid NIK says about its holder."""

    nik: str
    gender: Gender
    day: int
    month: int
    year_2digit: int

    def matches(self, birth_date: date) -> bool:
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day, self.month, self.year_2digit)

    def birth_date(self, today: date) -> date:
        """The century is not encoded: the latest date not in the future."""
        century = 2000 if date(2000 + self.year_2digit, self.month, self.day) <= today else 1900
        return date(century + self.year_2digit, self.month, self.day)


def compact(text: str) -> str:
    return stdnum_nik.compact(text or "")


def read(text: str) -> NikFacts:
    """The facts of a NIK, or ValueError with an Indonesian message saying what is wrong."""
    number = compact(text)
    try:
        stdnum_nik.validate(number)
    except InvalidLength:  # a subclass of InvalidFormat: catch it first
        raise ValueError(_("NIK harus 16 angka (tertulis %(n)d).", n=len(number))) from None
    except InvalidFormat:
        raise ValueError(_("NIK hanya berisi angka.")) from None
    except InvalidComponent:
        if stdnum_nik.is_valid(number[:6] + "010100" + number[12:]):
            raise ValueError(_("Tanggal lahir di dalam NIK tidak valid.")) from None
        raise ValueError(_("Kode provinsi/kabupaten di NIK tidak dikenal.")) from None
    day = int(number[6:8])
    return NikFacts(nik=number, gender=Gender.FEMALE if day > 40 else Gender.MALE,
                    day=day % 40, month=int(number[8:10]), year_2digit=int(number[10:12]))


def check_against(facts: NikFacts, gender: str | None, birth_date: date | None) -> list[tuple]:
    """(field, message) for every typed fact the NIK contradicts."""
    problems = []
    if gender and gender != facts.gender:
        problems.append(("gender", _("Menurut NIK, jenis kelaminnya %(gender)s.",
                                     gender=facts.gender.label)))
    if birth_date and not facts.matches(birth_date):
        problems.append(("birth_date", _(
            "Tanggal lahir tidak sama dengan yang tertulis di NIK "
            "(%(day)02d-%(month)02d-..%(yy)02d).",
            day=facts.day, month=facts.month, yy=facts.year_2digit)))
    return problems


def name_key(full_name: str) -> str:
    """'Hj. Siti  Aminah, S.Pd.' → 'siti aminah': how to spot one person under two NIKs."""
    words = re.sub(r"[^a-z]+", " ", full_name.lower().split(",")[0]).split()
    return " ".join(word for word in words if word not in PREFIX_TITLES)

"""A district's programme with three partner agencies (plus its prison), its staff, and an
account of one partner agency."""

from dataclasses import dataclass

import pytest

from mtu.auth.models import User
from mtu.prison_programs.models import Agency, Programme
from tests.factories import AgencyFactory, PartnerFactory, ProgrammeFactory, UserFactory


@dataclass
class Setting:
    programme: Programme
    partners: list[Agency]  # Disperindag, Dinas Koperasi, BPJS
    staff: User
    agency_user: User  # of Disperindag
    other_agency_user: User  # of Dinas Koperasi


@pytest.fixture
def setting(db) -> Setting:
    staff = UserFactory(staff=True)
    programme = ProgrammeFactory(regency=staff.regency, name="Sulam Lapas Wanita")
    partners = [AgencyFactory(name=name) for name in
                ("Disperindag Kab. Contoh", "Dinas Koperasi dan UMKM", "BPJS Ketenagakerjaan")]
    for agency, role in zip(partners, ("marketing", "funding", "social_security"), strict=True):
        PartnerFactory(programme=programme, agency=agency, role=role)
    return Setting(programme, partners, staff,
                   UserFactory(role="agency", agency=partners[0]),
                   UserFactory(role="agency", agency=partners[1]))

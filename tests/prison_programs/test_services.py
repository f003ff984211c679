"""Prison programmes: who sees which."""

from sqlalchemy import select

from mtu.extensions import db
from mtu.prison_programs import services
from mtu.prison_programs.models import Programme
from tests.factories import (
    AgencyFactory,
    PartnerFactory,
    ProgrammeFactory,
    UserFactory,
    user_with_role,
)


def _visible(user):
    return set(db.session.scalars(services.visible_programmes(user)))


def test_staff_see_their_districts_programmes_and_admins_all(db):
    ours, theirs = ProgrammeFactory(), ProgrammeFactory()
    staff = UserFactory(staff=True, regency=ours.regency)
    assert _visible(staff) == {ours}
    assert _visible(user_with_role("admin")) == {ours, theirs}


def test_an_agency_sees_the_programmes_it_belongs_to_as_partner_prison_or_lead(db):
    agency = AgencyFactory()
    as_partner = PartnerFactory(agency=agency).programme
    as_prison = ProgrammeFactory(prison=agency)
    as_lead = ProgrammeFactory(lead_agency=agency)
    ProgrammeFactory()
    PartnerFactory()
    user = UserFactory(agency_staff=True, agency=agency)
    assert _visible(user) == {as_partner, as_prison, as_lead}
    assert services.get_visible_programme(user, as_partner.id) == as_partner


def test_other_roles_and_agency_accounts_without_agency_see_none(db):
    ProgrammeFactory()
    for role in ("trainer", "village", "company"):
        assert _visible(user_with_role(role)) == set()
    assert _visible(UserFactory(role="agency", agency=None)) == set()
    assert db.session.scalar(select(Programme.id)) is not None

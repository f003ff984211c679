"""visible_to() narrows queries to what a role may see."""

from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import visible_to
from tests.factories import AgencyFactory, CompanyFactory, UserFactory, VillageFactory


def _visible(viewer, **columns):
    statement = visible_to(select(User).order_by(User.id), viewer, **columns)
    from mtu.extensions import db
    return db.session.scalars(statement).all()


COLUMNS = {"regency": User.regency_id, "village": User.village_id,
           "company": User.company_id, "agency": User.agency_id}


def test_each_role_sees_only_rows_of_its_own_scope(db):
    village, other_village = VillageFactory(), VillageFactory()
    company, agency = CompanyFactory(), AgencyFactory()
    regency = village.parent.parent
    admin = UserFactory()
    staff = UserFactory(staff=True, regency=regency)
    village_user = UserFactory(village_operator=True, village=village, regency=regency)
    neighbour = UserFactory(village_operator=True, village=other_village)
    company_user = UserFactory(company_hr=True, company=company)
    agency_user = UserFactory(agency_staff=True, agency=agency)
    trainer = UserFactory(trainer=True)

    assert len(_visible(admin, **COLUMNS)) == 7
    assert _visible(staff, **COLUMNS) == [staff, village_user]
    assert _visible(village_user, **COLUMNS) == [village_user]
    assert neighbour not in _visible(village_user, **COLUMNS)
    assert _visible(company_user, **COLUMNS) == [company_user]
    assert _visible(agency_user, **COLUMNS) == [agency_user]
    assert _visible(trainer, **COLUMNS) == []


def test_a_scope_column_left_out_hides_everything_rather_than_leaking(db):
    village_user = UserFactory(village_operator=True)
    assert _visible(village_user, regency=User.regency_id) == []

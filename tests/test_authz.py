"""visible_to() narrows queries to what a role may see; can() answers templates from the
views' declared audiences."""

import re
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import PUBLIC, Role, can, view_access, visible_to
from tests.factories import (
    AgencyFactory,
    CompanyFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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


@pytest.mark.parametrize("role", list(Role))
def test_can_follows_the_audiences_the_views_declare(app, db, role):
    user = user_with_role(role)
    with app.test_request_context():
        login_user(user)
        for endpoint in app.view_functions:
            access = view_access(app, endpoint)
            assert can(endpoint) == (access == PUBLIC or role in access), endpoint


def test_anonymous_visitors_can_only_public_views(app):
    with app.test_request_context():
        assert can("verification.index") and can("auth.login")
        assert not can("home.index") and not can("auth.users")


def test_templates_compare_no_role_or_status_with_a_string():
    """Links and buttons ask can(endpoint) or a model's predicate, never a literal role or
    status, so that they cannot drift from what the views and services allow."""
    literal = re.compile(r"""(\.role|\.status)\s*(==|!=|(not\s+)?in)\s*[(\[]?\s*['"]""")
    found = [f"{path.name}: {line.strip()}" for path in TEMPLATES.rglob("*.html")
             for line in path.read_text().splitlines() if literal.search(line)]
    assert found == []

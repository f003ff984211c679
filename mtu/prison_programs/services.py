"""Partner agencies and prison partnership programmes: who may see which, and the writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import false, select, union
from wtforms.fields.choices import SelectChoice

from mtu.authz import Role, visible_to
from mtu.extensions import db
from mtu.prison_programs.models import Agency, AgencyKind, Partner, Programme

if TYPE_CHECKING:  # mtu.auth.models imports mtu.prison_programs.models
    from mtu.auth.models import User


def agency_choices(kind: AgencyKind | None = None) -> list[SelectChoice]:
    """For an agency select: an empty first option (0), then the agencies (of one kind)."""
    statement = select(Agency.id, Agency.name).order_by(Agency.name)
    if kind is not None:
        statement = statement.where(Agency.kind == kind)
    return [SelectChoice(0, "—")] + [SelectChoice(id_, name)
                                     for id_, name in db.session.execute(statement)]


def programme_ids_of(agency_id: int):
    """Scalar subquery: the programmes an agency belongs to, as partner, prison or lead."""
    return union(
        select(Partner.programme_id).where(Partner.agency_id == agency_id),
        select(Programme.id).where(Programme.prison_id == agency_id),
        select(Programme.id).where(Programme.lead_agency_id == agency_id),
    ).scalar_subquery()


def visible_programmes(user: User):
    """select(Programme) narrowed to what the user may see: admins all, staff their district's,
    an agency account the programmes its agency belongs to, everyone else none."""
    statement = select(Programme)
    if Role(user.role) is Role.AGENCY:
        if user.agency_id is None:
            return statement.where(false())
        return statement.where(Programme.id.in_(programme_ids_of(user.agency_id)))
    return visible_to(statement, user, regency=Programme.regency_id)


def get_visible_programme(user: User, programme_id: int) -> Programme | None:
    return db.session.scalar(visible_programmes(user).where(Programme.id == programme_id))

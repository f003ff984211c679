"""Queries over partner agencies."""

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from mtu.extensions import db
from mtu.prison_programs.models import Agency, AgencyKind


def agency_choices(kind: AgencyKind | None = None) -> list[SelectChoice]:
    """For an agency select: an empty first option (0), then the agencies (of one kind)."""
    statement = select(Agency.id, Agency.name).order_by(Agency.name)
    if kind is not None:
        statement = statement.where(Agency.kind == kind)
    return [SelectChoice(0, "—")] + [SelectChoice(id_, name)
                                     for id_, name in db.session.execute(statement)]

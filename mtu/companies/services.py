"""Queries over partner companies."""

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from mtu.companies.models import Company
from mtu.extensions import db


def company_choices() -> list[SelectChoice]:
    """For a company select: an empty first option (0), then every company by name."""
    rows = db.session.execute(select(Company.id, Company.name).order_by(Company.name))
    return [SelectChoice(0, "—")] + [SelectChoice(id_, name) for id_, name in rows]

"""Queries and rules about MTU units."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mtu.auth.models import User
from mtu.authz import visible_to
from mtu.fleet.models import Unit


def visible_units(user: User):
    """select(Unit) of the units of the user's district (admins: all)."""
    return visible_to(select(Unit).options(selectinload(Unit.equipment)), user,
                      regency=Unit.regency_id)

"""Who may use which view, and what each user may see.

Every view declares its audience with @roles_required(...), @any_role or @public; create_app()
refuses to start when a view declares nothing, so no route can forget. Queries for scoped roles
go through visible_to(), which narrows a statement to the user's own village, company, agency
or district office.
"""

from enum import StrEnum
from functools import wraps

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import false, select

from mtu.extensions import login_manager


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    TRAINER = "trainer"
    VILLAGE = "village"
    COMPANY = "company"
    AGENCY = "agency"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.STAFF: _l("Staf Disnaker"),
    Role.TRAINER: _l("Pelatih / instruktur"),
    Role.VILLAGE: _l("Operator desa"),
    Role.COMPANY: _l("Perusahaan mitra"),
    Role.AGENCY: _l("Instansi mitra"),
}

PUBLIC = "public"
ACCESS_ATTRIBUTE = "mtu_access"


def roles_required(*roles: Role):
    """Let only signed-in users with one of these roles use the view."""
    allowed = frozenset(Role(role) for role in roles)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, allowed)
        return wrapper

    return decorator


any_role = roles_required(*Role)


def public(view):
    """Mark a view as open to anonymous visitors."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def undeclared_views(app) -> list[str]:
    """Endpoints whose view declares no audience (Flask's own static view excepted)."""
    return sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, ACCESS_ATTRIBUTE)
    )


def view_access(app, endpoint):
    """The declared audience of an endpoint: PUBLIC or a frozenset of roles."""
    return getattr(app.view_functions[endpoint], ACCESS_ATTRIBUTE, None)


def can(endpoint: str) -> bool:
    """Whether the signed-in user's role is in the endpoint's declared audience: templates
    show a link or a button only when the view behind it would let the user in."""
    access = view_access(current_app, endpoint)
    if access == PUBLIC:
        return True
    return bool(access) and current_user.is_authenticated and current_user.role in access


def visible_to(statement, user, *, regency=None, village=None, company=None, agency=None,
               trainer=None):
    """Narrow a select() to the rows this user may see.

    Pass what ties the queried rows to each kind of scope: a column compared with the user's
    own district, village, company or agency id, for example
    visible_to(select(Proposal), user, regency=Proposal.regency_id, village=Proposal.village_id).
    For trainers pass a function that takes the user's trainer id (a scalar subquery) and
    returns the condition, since what they teach lives in an association table.
    A role whose scope is not given sees nothing: forgetting one hides rows rather than
    leaking them. Admins see everything.
    """
    role = Role(user.role)
    if role is Role.ADMIN:
        return statement
    if role is Role.TRAINER:
        if trainer is None:
            return statement.where(false())
        from mtu.trainers.models import Trainer

        trainer_id = select(Trainer.id).where(Trainer.user_id == user.id).scalar_subquery()
        return statement.where(trainer(trainer_id))
    scopes = {
        Role.STAFF: (regency, user.regency_id),
        Role.VILLAGE: (village, user.village_id),
        Role.COMPANY: (company, user.company_id),
        Role.AGENCY: (agency, user.agency_id),
    }
    column, value = scopes[role]
    if column is None or value is None:
        return statement.where(false())
    return statement.where(column == value)


def found_or_404(row):
    """The row a scoped lookup found, or 404: another district's id looks like no id at all."""
    if row is None:
        abort(404)
    return row

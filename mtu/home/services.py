"""What each role's home page shows."""

from sqlalchemy import func, select, text

from mtu.auth.models import User
from mtu.extensions import db
from mtu.regions.models import Level, Region


def database_ok() -> bool:
    """True when the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable" to a load balancer
        db.session.rollback()
        return False


def admin_summary() -> dict:
    """Counts for the admin's home page, in two queries."""
    users_by_role = dict(db.session.execute(
        select(User.role, func.count()).where(User.active).group_by(User.role)).all())
    regions_by_level = dict(db.session.execute(
        select(Region.level, func.count()).group_by(Region.level)).all())
    return {"users_by_role": users_by_role,
            "regions_by_level": {level: regions_by_level.get(level, 0) for level in Level}}

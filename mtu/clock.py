"""Time: stored as naive UTC, counted in days as the district office's calendar has them."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_date(moment: datetime) -> date:
    """The office's calendar date of a stored (naive UTC) moment."""
    return moment.replace(tzinfo=UTC).astimezone(local_timezone()).date()


def local_today() -> date:
    return datetime.now(local_timezone()).date()

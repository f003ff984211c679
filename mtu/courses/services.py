"""Queries over the course catalogue."""

from sqlalchemy import select

from mtu.courses.models import Course
from mtu.extensions import db


def active_courses() -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.active).order_by(Course.name)))

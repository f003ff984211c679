"""The course catalogue (kejuruan): competency units and the equipment each course needs."""

from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")

from mtu.courses import models, views  # noqa: E402,F401

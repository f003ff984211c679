"""Training institutes (LPK) and trainers."""

from flask import Blueprint

bp = Blueprint("trainers", __name__, url_prefix="/trainers")

from mtu.trainers import models, views  # noqa: E402,F401

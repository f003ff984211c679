"""The fleet of Mobile Training Units."""

from flask import Blueprint

bp = Blueprint("fleet", __name__, url_prefix="/fleet")

from mtu.fleet import models, views  # noqa: E402,F401

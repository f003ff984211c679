"""Village pages: the villages of a district, each with its proposals and results."""

from flask import Blueprint

bp = Blueprint("villages", __name__, url_prefix="/villages")

from mtu.villages import views  # noqa: E402,F401

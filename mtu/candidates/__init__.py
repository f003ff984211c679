"""A proposal's candidates from the village's own register (OpenSID): upload, tick, enrol."""

from flask import Blueprint

bp = Blueprint("candidates", __name__, url_prefix="/proposals")

from mtu.candidates import views  # noqa: E402,F401

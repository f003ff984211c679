"""Training proposals (usulan pelatihan): submission, verification, the queue."""

from flask import Blueprint

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

from mtu.proposals import views  # noqa: E402,F401

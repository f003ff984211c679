"""Follow-up of inmates after training and after release (pendampingan), and overdue ones."""

from flask import Blueprint

bp = Blueprint("aftercare", __name__, url_prefix="/aftercare")

from mtu.aftercare import models, views  # noqa: E402,F401

"""The trainer's day on a phone: session journal and attendance in a few taps."""

from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/attendance")

from mtu.attendance import models, views  # noqa: E402,F401

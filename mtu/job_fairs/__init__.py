"""Job fairs (bursa kerja): the companies taking part, visitors, and graduates' registrations."""

from flask import Blueprint

bp = Blueprint("job_fairs", __name__, url_prefix="/job-fairs")

from mtu.job_fairs import models, views  # noqa: E402,F401

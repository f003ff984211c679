"""The company portal: graduates who consented, a company's interest in them, and staff's
follow-up of those interests."""

from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")

from mtu.portal import models, views  # noqa: E402,F401

"""The dashboard: a year's figures and charts for a district, sub-district, village or company."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from mtu.dashboard import views  # noqa: E402,F401

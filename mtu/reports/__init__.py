"""Reports: filtered CSV/XLSX exports with an audit of who took what, and the official PDFs."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from mtu.reports import models, views  # noqa: E402,F401

"""Competency assessment, certificates (PDF with QR) and their public verification."""

from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/certificates")

from mtu.certificates import documents, models, views  # noqa: E402,F401

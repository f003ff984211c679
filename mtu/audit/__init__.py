"""The audit trail: changes to personal data, and one page where admins read every record of
who looked at, took out or changed what."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from mtu.audit import models, views  # noqa: E402,F401

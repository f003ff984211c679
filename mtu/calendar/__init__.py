"""The calendar offices work by: national holidays, cuti bersama and the district's days off."""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from mtu.calendar import models, views  # noqa: E402,F401

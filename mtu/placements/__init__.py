"""Outcomes of training: vacancies, placements with their follow-ups, absorption."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")

from mtu.placements import models, views  # noqa: E402,F401

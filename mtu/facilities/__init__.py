"""Facilities (fasilitas) handed to participants, and the signed receipt list."""

from flask import Blueprint

bp = Blueprint("facilities", __name__, url_prefix="/facilities")

from mtu.facilities import models, views  # noqa: E402,F401

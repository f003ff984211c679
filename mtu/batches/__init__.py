"""Batches (paket pelatihan): planning with conflict checks, and the fleet's schedule."""

from flask import Blueprint

bp = Blueprint("batches", __name__, url_prefix="/batches")

from mtu.batches import models, views  # noqa: E402,F401

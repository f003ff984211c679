"""Certificates as signed Open Badges 3.0 credentials that anyone can verify without MTU."""

from flask import Blueprint

bp = Blueprint("credentials", __name__)

from mtu.credentials import views  # noqa: E402,F401

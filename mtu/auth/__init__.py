"""Accounts: signing in and out, passwords, and the admin's user management."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from mtu.auth import views  # noqa: E402,F401

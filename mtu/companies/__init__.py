"""Partner companies: their pages, agreements, accounts, and (for companies) the portal."""

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/companies")

from mtu.companies import models, views  # noqa: E402,F401

"""Prison partnership programmes: partner agencies, programmes with their partners, and (in
meetings) the coordination meetings and their action items."""

from flask import Blueprint

bp = Blueprint("prison_programs", __name__, url_prefix="/programmes")

from mtu.prison_programs import (  # noqa: E402,F401
    agency_views,
    meetings,
    models,
    views,
)

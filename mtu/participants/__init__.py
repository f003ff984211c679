"""Participants (peserta): identity by NIK, enrolment with quota and waiting list, import."""

from flask import Blueprint

bp = Blueprint("participants", __name__, url_prefix="/participants")

from mtu.participants import import_views, models, subject_views, views  # noqa: E402,F401

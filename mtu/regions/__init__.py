"""Regions: province → regency/city → sub-district → village, with Kemendagri codes."""

from flask import Blueprint

bp = Blueprint("regions", __name__, url_prefix="/regions", cli_group="regions")

from mtu.regions import cli, views  # noqa: E402,F401

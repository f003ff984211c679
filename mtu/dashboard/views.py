"""The dashboard page: one GET form (year, district, sub-district) and the figures it selects."""

from flask import request
from flask_login import current_user

from mtu.authz import Role, roles_required
from mtu.dashboard import bp, charts, services
from mtu.numbers import arg_id, parse_int
from mtu.rendering import render


@bp.get("/")
@roles_required(Role.ADMIN, Role.STAFF, Role.VILLAGE, Role.COMPANY)
def index():
    """A year's figures and charts for the account's district (or village, or company)."""
    year = parse_int(request.args.get("year"), services.FIRST_YEAR, services.LAST_YEAR) \
        or services.default_year()
    scope = services.scope_for(current_user, year, arg_id("regency"), arg_id("subdistrict"))
    regencies, subdistricts = services.region_choices(current_user, scope.regency_id)
    return render("dashboard/index.html", fragment="figures", oob=("subdistricts",),
                  figures=services.kept_figures(scope), scope=scope, charts=charts,
                  years=services.year_choices(), regencies=regencies,
                  subdistricts=subdistricts, filters=Role(current_user.role) in (
                      Role.ADMIN, Role.STAFF))

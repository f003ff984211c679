"""Browsing regions, and the suggestions behind region fields."""

from flask import abort, request

from mtu.authz import Role, any_role, roles_required
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.regions import bp, services
from mtu.regions.forms import region_choice_label
from mtu.regions.models import Level, Region
from mtu.rendering import render

SUGGESTION_LIMIT = 15


def _level_arg():
    value = request.args.get("level", "")
    return Level(value) if value in Level._value2member_map_ else None


@bp.get("/")
@roles_required(Role.ADMIN, Role.STAFF)
def index():
    """Search all regions by name or code; provinces when nothing is typed."""
    query = search_arg()
    level = _level_arg() or (None if query else Level.PROVINCE)
    page = paginate(services.search_statement(query, level))
    return render("regions/index.html", fragment="results", page=page, query=query,
                  level=level, levels=list(Level), counts=services.child_counts(page.items))


@bp.get("/<int:region_id>")
@roles_required(Role.ADMIN, Role.STAFF)
def detail(region_id):
    """A region with its parents and a page of its children."""
    region = db.get_or_404(Region, region_id)
    query = search_arg()
    page = paginate(services.search_statement(query, parent=region))
    return render("regions/detail.html", fragment="results", region=region, page=page,
                  query=query, counts=services.child_counts(page.items))


@bp.get("/suggest")
@any_role
def suggest():
    """<option>s for a region field's datalist, for what has been typed so far."""
    level = _level_arg()
    if level is None:
        abort(400)
    query = search_arg(request.args.get("field", "q"))
    regions = []
    if len(query) >= 2:
        regions = db.session.scalars(
            services.search_statement(query, level).limit(SUGGESTION_LIMIT)).all()
    return render("regions/suggest.html", options=[region_choice_label(r) for r in regions])

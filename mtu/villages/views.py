"""The villages of a district, and one village's proposals and results."""

from flask import abort, redirect, url_for
from flask_login import current_user

from mtu.authz import Role, roles_required
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id
from mtu.proposals import services as proposal_services
from mtu.proposals.models import Proposal
from mtu.rendering import render
from mtu.villages import bp, services


@bp.get("/")
@roles_required(Role.ADMIN, Role.STAFF, Role.VILLAGE)
def index():
    """Villages in the user's scope, searchable as you type and by sub-district."""
    if current_user.role == Role.VILLAGE:
        return redirect(url_for("villages.detail", village_id=current_user.village_id))
    query = search_arg()
    subdistrict_id = arg_id("subdistrict")
    page = paginate(services.list_statement(current_user, query, subdistrict_id))
    return render("villages/index.html", fragment="results", page=page, query=query,
                  subdistrict_id=subdistrict_id, subdistricts=services.subdistricts(current_user),
                  counts=services.proposal_counts(page.items))


@bp.get("/<int:village_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.VILLAGE)
def detail(village_id):
    """A village: its proposals by status and what its residents gained."""
    village = services.get_visible(current_user, village_id)
    if village is None:
        abort(404)
    statement = (proposal_services.list_statement(current_user)
                 .where(Proposal.village_id == village.id))
    page = paginate(statement)
    return render("villages/detail.html", fragment="proposals", village=village, page=page,
                  counts=proposal_services.status_counts(statement),
                  results=services.training_results(village, current_user))

"""Home pages and /healthz."""

from flask import jsonify
from flask_login import current_user

from mtu.attendance import services as attendance_services
from mtu.authz import ROLE_LABELS, Role, any_role, public
from mtu.clock import local_today
from mtu.home import bp, services
from mtu.placements import services as outcomes
from mtu.portal import services as portal
from mtu.prison_programs import meeting_services
from mtu.prison_programs import services as programmes
from mtu.proposals import services as proposal_services
from mtu.rendering import render


@bp.get("/")
@any_role
def index():
    """The signed-in user's home page, one per role."""
    role = Role(current_user.role)
    summary = services.admin_summary() if role is Role.ADMIN else None
    proposals = (proposal_services.status_counts(
        proposal_services.visible_proposals(current_user))
        if role in (Role.ADMIN, Role.STAFF, Role.VILLAGE) else None)
    batches = attendance_services.trainer_batches(current_user) if role is Role.TRAINER else []
    days_off = attendance_services.days_off_today(batches)
    company = portal.company_summary(current_user) if role is Role.COMPANY else None
    follow_ups = outcomes.due_follow_ups(current_user) if role in (Role.ADMIN, Role.STAFF) \
        else []
    agency_programmes = programmes.agency_home_programmes(current_user) \
        if role is Role.AGENCY else []
    actions = meeting_services.home_actions(current_user) if role is Role.AGENCY else None
    return render(f"home/{role.value}.html", summary=summary, roles=ROLE_LABELS,
                  proposals=proposals, batches=batches, today=local_today(), company=company,
                  follow_ups=follow_ups, programmes=agency_programmes, actions=actions,
                  days_off=days_off)


@bp.get("/healthz")
@public
def healthz():
    """For load balancers: 200 when the app and its database answer, else 503."""
    if services.database_ok():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503

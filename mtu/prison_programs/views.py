"""STAND-IN until prog's programme pages land on main (theirs replaces this file at merge):
the programme page, just enough for the meetings' links and sections."""

from flask_login import current_user

from mtu.authz import Role, found_or_404, roles_required
from mtu.clock import local_today
from mtu.prison_programs import bp
from mtu.prison_programs.services import get_visible_programme
from mtu.rendering import render


def sections(programme) -> dict:
    """Context of the sections meetings.py adds to the programme page (meetings, figures)."""
    from mtu.prison_programs import meetings

    return meetings.sections(programme)


@bp.get("/<int:programme_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.AGENCY)
def detail(programme_id):
    """One programme (stand-in)."""
    programme = found_or_404(get_visible_programme(current_user, programme_id))
    return render("prison_programs/detail.html", programme=programme, today=local_today(),
                  **sections(programme))

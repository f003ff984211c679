"""The audit trail page (admins): who looked at, took out or changed what."""

from flask import current_app, request
from flask_babel import gettext as _

from mtu.audit import bp, services
from mtu.audit.forms import TrailForm
from mtu.authz import Role, roles_required
from mtu.extensions import db
from mtu.numbers import page_number
from mtu.rendering import render


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    """The trail, newest first, filtered by user, person, kind and days; 25 to a page."""
    form = TrailForm(request.args)
    filters = form.filters()
    page = None
    if filters is not None:
        page = services.trail_page(filters, page_number(), current_app.config["PER_PAGE"])
    person = None
    if filters is not None and filters.person is not None:
        from mtu.participants.models import Participant

        person = db.session.get(Participant, filters.person)
    return render("audit/index.html", fragment="results", form=form, page=page,
                  person=person, title=_("Jejak audit"))

"""Public verification of certificates: anyone holding one (or its QR code) may check it.

No login. The page shows only what a certificate itself states and whether it still holds;
nothing that identifies the person beyond their name (no NIK, birth date, address, phone or
village), and for training inside a prison not the venue, only the district. Lookups share one
rate limit per address, so neither codes nor numbers can be enumerated, and an unknown code
and an unknown number get the same answer.
"""

import re

from flask import Blueprint, current_app, request

from mtu.authz import public
from mtu.certificates.services import find_public
from mtu.extensions import limiter
from mtu.proposals.models import VenueType
from mtu.rendering import render

bp = Blueprint("verification", __name__, url_prefix="/verifikasi")

CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
NUMBER_MAX = 60

# One budget per address for both pages: splitting guesses between them gains nothing.
throttled = limiter.shared_limit(lambda: current_app.config["VERIFY_RATE_LIMIT"],
                                 scope="verification")


def _normalised_number(typed: str) -> str:
    """What people type from paper: stray spaces, spaces around the slashes."""
    number = re.sub(r"\s+", " ", typed).strip()
    return re.sub(r"\s*/\s*", "/", number)[:NUMBER_MAX]


def _by_number(typed: str):
    number = _normalised_number(typed)
    if not number:
        return None
    return find_public(number=number) or (
        find_public(number=number.upper()) if number.upper() != number else None)


def _page(certificate, *, number: str = "", searched: bool = False):
    context = {"number": number, "searched": searched}
    if certificate is not None:
        batch = certificate.enrolment.batch
        context.update(
            certificate=certificate,
            name=certificate.enrolment.participant.full_name,
            course=batch.course.name,
            start_date=batch.start_date, end_date=batch.end_date,
            # Never the venue of training in a prison, nor any village: the district only.
            venue=None if batch.venue_type == VenueType.PRISON else batch.venue_name,
            regency=batch.regency.name)
    status = 404 if searched and certificate is None else 200
    response = render("verification/page.html", status_code=status, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@public
@throttled
def index():
    """A form for the certificate number; ?nomor=... looks it up."""
    typed = request.args.get("nomor", "")
    if not typed.strip():
        return _page(None)
    return _page(_by_number(typed), number=typed.strip()[:NUMBER_MAX], searched=True)


@bp.get("/<code>")
@public
@throttled
def detail(code):
    """The certificate behind a QR code."""
    certificate = find_public(code=code) if CODE.fullmatch(code) else None
    return _page(certificate, searched=True)

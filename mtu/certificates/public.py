"""Public verification of certificates: anyone holding one (or its QR code) may check it.

No login. The QR code's random path shows what the certificate itself states and whether it
still holds; nothing that identifies the person beyond their name (no NIK, birth date, address,
phone or village), and for training inside a prison not the venue, only the district.

Numbers are sequential, so a number alone answers nothing: the visitor also types the holder's
name (or birth date) and learns only whether they match ("Cocok" / "Tidak cocok"), and whether a
matching certificate holds. An unknown number and a wrong name get the same answer. Both pages
share one rate limit per address.
"""

import re

from flask import Blueprint, current_app, request
from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField

from mtu.authz import public
from mtu.certificates.services import find_public, not_yet_certifiable
from mtu.extensions import csrf, limiter
from mtu.forms import Form, max_length, optional, required
from mtu.participants import audit
from mtu.participants.nik import name_key
from mtu.proposals.models import VenueType
from mtu.rendering import render

bp = Blueprint("verification", __name__, url_prefix="/verifikasi")

CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
NUMBER_MAX = 60

# One budget per address for both pages: splitting guesses between them gains nothing.
throttled = limiter.shared_limit(lambda: current_app.config["VERIFY_RATE_LIMIT"],
                                 scope="verification")


class NumberForm(Form):
    """Number plus what the holder knows. No CSRF token: the page keeps no session and the
    answer changes nothing."""

    class Meta:
        csrf = False

    nomor = StringField(_l("Nomor sertifikat"), [required(), max_length(NUMBER_MAX)])
    nama = StringField(_l("Nama pemegang sertifikat"), [optional(), max_length(120)])
    tanggal_lahir = DateField(_l("atau tanggal lahir pemegang"), [optional()],
                              invalid_value_message=_l("Tanggal tidak valid."))


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


def holder_matches(certificate, name: str, birth_date) -> bool:
    """Every detail given is the holder's (titles, case and spacing aside for the name)."""
    if certificate is None or not ((name or "").strip() or birth_date):
        return False
    person = certificate.enrolment.participant
    if name and name.strip() and name_key(name) != name_key(person.full_name):
        return False
    return not (birth_date and birth_date != person.birth_date)


def standing(certificate) -> str:
    """'valid', 'revoked' or 'early' (issued for a batch that has not finished)."""
    if not certificate.valid:
        return "revoked"
    return "early" if not_yet_certifiable(certificate.enrolment.batch) else "valid"


def _page(certificate, *, searched: bool = False, form=None, verdict=None):
    context = {"searched": searched, "form": form or NumberForm(formdata=None),
               "verdict": verdict, "credentials_on": _credentials_on()}
    if certificate is not None:
        batch = certificate.enrolment.batch
        context.update(
            certificate=certificate, standing=standing(certificate),
            name=certificate.enrolment.participant.full_name,
            course=batch.course.name,
            start_date=batch.start_date, end_date=batch.end_date,
            # Never the venue of training in a prison, nor any village: the district only.
            venue=None if batch.venue_type == VenueType.PRISON else batch.venue_name,
            regency=batch.regency.name, credential_url=_credential_url(certificate))
    status = 404 if searched and certificate is None else 200
    if form is not None and (form.errors or form.form_errors):
        status = 422
    response = render("verification/page.html", status_code=status, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _credentials_on() -> bool:
    from mtu.credentials.keys import signing_ring

    return signing_ring() is not None


def _credential_url(certificate) -> str | None:
    from mtu.credentials.views import download_url

    return download_url(certificate)


def seen(response, certificate):
    """An inmate's certificate shown to a visitor is a look at their record: kept."""
    if certificate is None:
        return response
    return audit.seen(response, None, [certificate.enrolment.participant_id],
                      audit.ViewKind.VERIFICATION)


@bp.get("/")
@public
def index():
    """The form: certificate number and the holder's name or birth date."""
    form = NumberForm(formdata=None)
    form.nomor.data = request.args.get("nomor", "").strip()[:NUMBER_MAX]
    return _page(None, form=form)


@bp.post("/")
@public
@csrf.exempt
@throttled
def check():
    """Does this number belong to this person? Cocok or tidak cocok, nothing more."""
    form = NumberForm()
    if not form.validate():
        return _page(None, form=form)
    if not (form.nama.data or "").strip() and not form.tanggal_lahir.data:
        form.nama.errors = [*form.nama.errors,
                            _l("Isi nama pemegang atau tanggal lahirnya.")]
        return _page(None, form=form)
    certificate = _by_number(form.nomor.data)
    if not holder_matches(certificate, form.nama.data, form.tanggal_lahir.data):
        return _page(None, form=form, verdict={"match": False})
    return seen(_page(None, form=form, verdict={"match": True,
                                                 "standing": standing(certificate),
                                                 "certificate": certificate}), certificate)


@bp.get("/<code>")
@public
@throttled
def detail(code):
    """The certificate behind a QR code."""
    certificate = find_public(code=code) if CODE.fullmatch(code) else None
    return seen(_page(certificate, searched=True), certificate)


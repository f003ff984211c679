"""Public: the published keys and status list, the credential download and the check page."""

from datetime import datetime

from flask import abort, current_app, jsonify, make_response, request, url_for

from mtu.authz import public
from mtu.certificates.public import CODE, seen, standing, throttled
from mtu.certificates.services import find_public
from mtu.clock import local_timezone
from mtu.credentials import bp, issuing, keys, status, verifying
from mtu.extensions import csrf
from mtu.rendering import render

KEYS_MAX_AGE = 60 * 60  # a rotated key shows within the hour
FORM_LIMIT = 256 * 1024  # bytes of a post to the check page; beyond is no credential


def _published_ring() -> keys.KeyRing:
    try:
        ring = keys.configured_ring()
    except keys.KeyFileError:
        current_app.logger.exception("The credential key file cannot be read")
        ring = None
    if ring is None or not ring.public:
        abort(404)
    return ring


def _cacheable(response, max_age: int):
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers run anywhere
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/.well-known/did.json")
@public
def did_document():
    """The did:web document with every public key (current and rotated)."""
    response = jsonify(keys.did_document(_published_ring()))
    response.mimetype = "application/did+json"
    return _cacheable(response, KEYS_MAX_AGE)


@bp.get("/.well-known/jwks.json")
@public
def jwks():
    """The same public keys as a JWK Set."""
    response = jsonify(_published_ring().public_jwks())
    response.mimetype = "application/jwk-set+json"
    return _cacheable(response, KEYS_MAX_AGE)


@bp.get("/kredensial/status/1")
@public
def status_list():
    """The signed revocation list (Bitstring Status List), one bit per certificate (one list
    holds them all; a second would be /kredensial/status/2)."""
    ring = keys.signing_ring()
    if ring is None:
        abort(404)
    response = make_response(issuing.signed_status_list(ring))
    response.mimetype = issuing.MEDIA_TYPE
    return _cacheable(response, status.TTL_SECONDS)


@bp.get("/verifikasi/<code>/kredensial.jwt")
@public
@throttled
def download(code):
    """The certificate's signed credential, for the holder to keep or hand to an employer."""
    ring = keys.signing_ring()
    certificate = find_public(code=code) if CODE.fullmatch(code) else None
    if ring is None or certificate is None or standing(certificate) != "valid":
        abort(404)
    response = make_response(issuing.signed_credential(certificate, ring))
    response.mimetype = issuing.MEDIA_TYPE
    response.headers.set("Content-Disposition", "attachment",
                         filename=issuing.file_name(certificate))
    response.headers["Cache-Control"] = "no-store"
    return seen(response, certificate)


def _check_page(verdict=None, typed: str = "", status_code: int = 200):
    """The page, with what was pasted back in its box; a text too long to be a credential is
    not sent back (the page says so) rather than cut or sent whole to a phone."""
    if verdict is not None and verdict.outcome == "too_large":
        typed = ""
    response = render("credentials/verify.html", status_code=status_code, verdict=verdict,
                      typed=typed[:verifying.MAX_LENGTH], facts=_facts(verdict))
    response.headers["Cache-Control"] = "no-store"
    return response


def _facts(verdict) -> dict | None:
    """What a signed credential says, for the page (only once its signature held)."""
    if verdict is None or not verdict.credential:
        return None
    credential = verdict.credential
    subject = credential.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    names = [i.get("identityHash") for i in subject.get("identifier") or []
             if isinstance(i, dict) and i.get("identityType") == "name"]
    issuer = credential.get("issuer") or {}
    creator = achievement.get("creator") or {}
    return {"holder": names[0] if names else "", "name": credential.get("name", ""),
            "description": credential.get("description", ""),
            "achievement": achievement.get("name", ""),
            "issuer": issuer.get("name", "") if isinstance(issuer, dict) else "",
            "creator": creator.get("name", "") if isinstance(creator, dict) else "",
            "creator_note": creator.get("description", "") if isinstance(creator, dict)
            else "",
            "valid_from": _local_day(credential.get("validFrom"))}


def _local_day(text):
    """validFrom on the office's calendar (a signed, already checked DateTimeZ)."""
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).astimezone(
            local_timezone()).date()
    except ValueError:
        return None


@bp.get("/verifikasi/kredensial")
@public
def check_form():
    """Paste or upload a credential to check it."""
    return _check_page()


@bp.post("/verifikasi/kredensial")
@public
@csrf.exempt  # no session on this page; the answer changes nothing
@throttled
def check():
    """Is this credential MTU's, unchanged, and not revoked? Said plainly."""
    if (request.content_length or 0) > FORM_LIMIT:
        return _check_page(verifying.Verdict("too_large"), status_code=413)
    upload = request.files.get("berkas")
    text = ""
    if upload is not None and upload.filename:
        text = upload.stream.read(verifying.MAX_LENGTH + 1).decode("utf-8", "replace")
    if not text.strip():
        text = request.form.get("kredensial", "")
    if not text.strip():
        return _check_page(verifying.Verdict("not_jwt"), status_code=422)
    try:
        ring = keys.configured_ring()
    except keys.KeyFileError:
        current_app.logger.exception("The credential key file cannot be read")
        ring = None
    ring = ring or keys.KeyRing(None, {})
    verdict = verifying.verify(text, ring, lambda index, _url: status.is_revoked(index))
    refused = verdict.outcome in ("not_jwt", "bad_algorithm", "malformed", "too_large")
    return _check_page(verdict, text, status_code=422 if refused else 200)


def download_url(certificate) -> str | None:
    """Where the certificate's credential is downloaded (None while credentials are off or
    the certificate does not hold)."""
    if keys.signing_ring() is None or standing(certificate) != "valid":
        return None
    return url_for("credentials.download", code=certificate.code)

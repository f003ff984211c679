"""Checking a credential someone hands us: never trusted before every step has passed.

Order matters (OB 3.0 §8.2.6 "Verify a Credential"): the size and shape first, then the JOSE
header — only EdDSA/Ed25519 is accepted, so `alg: none` and HMAC tokens (whose "secret" could
be our own public key) are refused before any key is touched — then the key named by `kid` among
the keys MTU published (current and rotated), the signature, the claims against the credential
(§8.2.6.1), the validity period, and last the revocation bit (Bitstring Status List v1.0,
"Validate Algorithm").
"""

import base64
import binascii
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError

from mtu.credentials.keys import KeyRing
from mtu.numbers import parse_int

MAX_LENGTH = 32 * 1024  # characters; our credentials are ~3-5 KB
MAX_LIST_LENGTH = 1024 * 1024  # a saved status list (~1 KB while under 131 072 certificates)
# The signature may be empty so that an unsigned token (alg "none") is named for what it is.
COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
ACCEPTED_ALGORITHMS = ("EdDSA", "Ed25519")
MAX_INDEX = 2_147_483_647  # a certificate id

# (title, explanation) per outcome; the page shows both.
OUTCOMES = {
    "valid": (_l("Kredensial sah"),
              _l("Tanda tangan digital cocok dengan kunci yang diterbitkan kantor ini, "
                 "isinya tidak berubah, dan sertifikatnya tidak dicabut.")),
    "changed": (_l("Kredensial telah diubah"),
                _l("Tanda tangan digital tidak cocok dengan isinya: kredensial ini telah "
                   "diubah setelah ditandatangani dan tidak dapat dipercaya.")),
    "revoked": (_l("Kredensial dicabut"),
                _l("Tanda tangan digitalnya asli, tetapi sertifikat ini sudah dicabut dan "
                   "tidak berlaku lagi.")),
    "expired": (_l("Kredensial kedaluwarsa"),
                _l("Tanda tangan digitalnya asli, tetapi masa berlakunya sudah lewat.")),
    "not_yet_valid": (_l("Kredensial belum berlaku"),
                      _l("Tanda tangan digitalnya asli, tetapi tanggal mulai berlakunya "
                         "belum tiba.")),
    "unknown_key": (_l("Ditandatangani dengan kunci yang tidak dikenal"),
                    _l("Kredensial ini tidak ditandatangani dengan kunci yang diterbitkan "
                       "MTU, sehingga tidak dapat dipastikan asalnya.")),
    "bad_algorithm": (_l("Jenis tanda tangan ditolak"),
                      _l("Kredensial MTU selalu ditandatangani dengan Ed25519 (EdDSA). "
                         "Tanda tangan jenis lain, atau tanpa tanda tangan (alg: none), "
                         "tidak diterima.")),
    "not_jwt": (_l("Bukan kredensial bertanda tangan"),
                _l("Teks ini bukan kredensial digital (JWT: tiga bagian yang dipisahkan "
                   "titik). Tempel seluruh isi berkas .jwt yang diunduh dari halaman "
                   "sertifikat.")),
    "too_large": (_l("Teks terlalu panjang"),
                  _l("Kredensial MTU berukuran beberapa kilobyte; teks sepanjang ini bukan "
                     "kredensial MTU.")),
    "malformed": (_l("Isi kredensial tidak sesuai standar"),
                  _l("Tanda tangannya cocok, tetapi isinya bukan Open Badges 3.0 yang "
                     "lengkap dan konsisten.")),
    "status_unknown": (_l("Status pencabutan tidak dapat diperiksa"),
                       _l("Tanda tangan digitalnya asli, tetapi daftar pencabutan tidak "
                          "tersedia untuk memastikan sertifikat ini belum dicabut.")),
}


class Refused(Exception):
    def __init__(self, outcome: str):
        super().__init__(outcome)
        self.outcome = outcome


@dataclass
class Verdict:
    outcome: str
    credential: dict = field(default_factory=dict)  # only once the signature held

    @property
    def ok(self) -> bool:
        return self.outcome == "valid"

    @property
    def title(self):
        return OUTCOMES[self.outcome][0]

    @property
    def explanation(self):
        return OUTCOMES[self.outcome][1]


# index -> revoked?; None when the status cannot be known; IndexError outside the list.
StatusLookup = Callable[[int, str], bool | None]


def _header(token: str) -> dict:
    segment = token.split(".", 1)[0]
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        header = json.loads(data.decode("utf-8"))
    # ValueError covers bad UTF-8 and bad JSON; RecursionError, "[[[[…" nested thousands deep
    # (a 32 KB header can be).
    except (binascii.Error, ValueError, RecursionError):
        raise Refused("not_jwt") from None
    if not isinstance(header, dict):
        raise Refused("not_jwt")
    return header


def _key_for(header: dict, ring: KeyRing):
    algorithm = header.get("alg")
    if algorithm not in ACCEPTED_ALGORITHMS or "crit" in header or "jwk" in header:
        raise Refused("bad_algorithm")
    key_id = header.get("kid")
    if not isinstance(key_id, str) or len(key_id) > 500:
        raise Refused("unknown_key")
    key = ring.public.get(key_id.rpartition("#")[2])
    if key is None:
        raise Refused("unknown_key")
    return algorithm, key_id, key


def _signed_payload(token: str, algorithm: str, key) -> dict:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "EdDSA" is flagged as superseded (RFC 9864)
            signed = jws.deserialize_compact(token, key, algorithms=[algorithm])
    except BadSignatureError:
        raise Refused("changed") from None
    except JoseError:
        raise Refused("not_jwt") from None
    try:
        payload = json.loads(signed.payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise Refused("malformed") from None
    if not isinstance(payload, dict):
        raise Refused("malformed")
    return payload


def _opened(token: str, ring: KeyRing, max_length: int) -> tuple[str, dict]:
    """The key id and payload of a compact JWS one of our keys signed: the size and shape,
    then the header (alg, kid), then the signature; Refused at the first that fails."""
    if len(token) > max_length:
        raise Refused("too_large")
    if not COMPACT.fullmatch(token):
        raise Refused("not_jwt")
    algorithm, key_id, key = _key_for(_header(token), ring)
    return key_id, _signed_payload(token, algorithm, key)


def _moment(text) -> datetime:
    if not isinstance(text, str):
        raise Refused("malformed")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Refused("malformed") from None
    if moment.tzinfo is None:
        raise Refused("malformed")
    return moment


def _types(value) -> set:
    return {value} if isinstance(value, str) else set(value) if isinstance(value, list) else set()


def check_claims(payload: dict, key_id: str, now: datetime) -> None:
    """OB 3.0 §8.2.6.1: iss, sub, nbf, jti (and exp) must repeat the credential; then the
    validity period (VC Data Model 2.0 "Validity Period", #validity-period)."""
    types = _types(payload.get("type"))
    if "VerifiableCredential" not in types \
            or types.isdisjoint({"OpenBadgeCredential", "AchievementCredential"}):
        raise Refused("malformed")
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject = payload.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(issuer_id, str):
        raise Refused("malformed")
    if payload.get("iss") != issuer_id or payload.get("jti") != payload.get("id") \
            or payload.get("sub") != subject.get("id"):
        raise Refused("malformed")
    if not key_id.startswith(issuer_id + "#"):
        raise Refused("unknown_key")  # a key of ours, but named for another issuer
    valid_from = _moment(payload.get("validFrom"))
    if not isinstance(payload.get("nbf"), int) or payload["nbf"] != int(valid_from.timestamp()):
        raise Refused("malformed")
    if valid_from > now:
        raise Refused("not_yet_valid")
    if "validUntil" in payload or "exp" in payload:
        valid_until = _moment(payload.get("validUntil"))
        if payload.get("exp") != int(valid_until.timestamp()):
            raise Refused("malformed")
        if valid_until <= now:
            raise Refused("expired")


def status_index(payload: dict) -> tuple[int, str] | None:
    """The revocation entry's index and list (None when the credential has none)."""
    entry = payload.get("credentialStatus")
    if entry is None:
        return None
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry" \
            or entry.get("statusPurpose") != "revocation":
        raise Refused("malformed")
    index_text, list_url = entry.get("statusListIndex"), entry.get("statusListCredential")
    index = parse_int(index_text, 0, MAX_INDEX) if isinstance(index_text, str) else None
    if index is None or not isinstance(list_url, str):
        raise Refused("malformed")
    return index, list_url


def verify(text: str, ring: KeyRing, lookup: StatusLookup | None,
           now: datetime | None = None) -> Verdict:
    """What this pasted or uploaded text is: a Verdict, never an exception."""
    now = now or datetime.now(UTC)
    payload = {}
    try:
        key_id, payload = _opened((text or "").strip(), ring, MAX_LENGTH)
        check_claims(payload, key_id, now)
        entry = status_index(payload)
        if entry is not None:
            try:
                revoked = lookup(*entry) if lookup is not None else None
            except IndexError:
                raise Refused("malformed") from None
            if revoked is None:
                raise Refused("status_unknown")
            if revoked:
                raise Refused("revoked")
    except Refused as refusal:
        trusted = refusal.outcome in ("revoked", "expired", "not_yet_valid", "status_unknown")
        return Verdict(refusal.outcome, payload if trusted else {})
    return Verdict("valid", payload)


def lookup_in_list(list_token: str, ring: KeyRing) -> StatusLookup:
    """A status lookup from a saved BitstringStatusListCredential (JWT), checked with the same
    keys; ValueError when it is not a list MTU signed (Bitstring Status List v1.0, "Validate
    Algorithm")."""
    from mtu.credentials import status

    try:
        _key_id, payload = _opened((list_token or "").strip(), ring, MAX_LIST_LENGTH)
    except Refused as refusal:
        raise ValueError(str(OUTCOMES[refusal.outcome][0])) from None
    subject = payload.get("credentialSubject")
    if "BitstringStatusListCredential" not in _types(payload.get("type")) \
            or not isinstance(subject, dict) or subject.get("statusPurpose") != "revocation":
        raise ValueError("bukan daftar status pencabutan")
    try:
        bits = status.decode(subject.get("encodedList"))
    except ValueError:
        raise ValueError("isi daftar status (encodedList) tidak dapat dibaca") from None
    list_url = payload.get("id")

    def lookup(index: int, url: str) -> bool | None:
        if url != list_url:
            return None
        return status.bit(bits, index)

    return lookup

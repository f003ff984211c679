"""The revocation list: a Bitstring Status List (W3C, "Bitstring Status List v1.0").

One bit per certificate, at the certificate's id: 1 when it is revoked. The list is derived
from the certificates table on each request, so revoking flips the bit at once; it is published
as a signed BitstringStatusListCredential, gzip-compressed and base64url-encoded with the
multibase "u" prefix ("BitstringStatusListCredential" and "Bitstring Generation
Algorithm" in the specification). Its length is at least 131 072
bits (16 KB before compression, about a hundred bytes after) so that a list says little about
how many certificates exist ("Herd Privacy" in its privacy considerations).
"""

import base64
import binascii
import gzip
import io
import zlib
from datetime import UTC, datetime

from sqlalchemy import func, select

from mtu.certificates.models import Certificate
from mtu.extensions import db

MINIMUM_BITS = 131_072
TTL_SECONDS = 300  # how long a copy of the list may be used before fetching it again
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def _length(highest_index: int) -> int:
    bits = max(MINIMUM_BITS, highest_index + 1)
    return -(-bits // 8) * 8


def encode(revoked: set[int], highest_index: int = 0) -> str:
    """The encodedList for these revoked indexes: bit 0 is the first byte's leftmost bit."""
    bits = bytearray(_length(max([highest_index, *revoked])) // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list compresses to the same bytes, so the published list is stable.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode(
        "ascii").rstrip("=")


MAX_DECODED_BYTES = 16 * 1024 * 1024  # a gzip bomb stops here


def decode(encoded: str) -> bytes:
    """The bitstring of an encodedList; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u' prefix)")
    try:
        data = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        bits = gzip.GzipFile(fileobj=io.BytesIO(data)).read(MAX_DECODED_BYTES + 1)
    except (binascii.Error, OSError, EOFError, zlib.error) as error:
        raise ValueError(f"encodedList cannot be read: {error}") from None
    if len(bits) > MAX_DECODED_BYTES:
        raise ValueError("status list too large")
    return bits


def bit(bits: bytes, index: int) -> bool:
    """The status bit at `index`; IndexError when the list is shorter (the "Validate
    Algorithm" makes an index beyond the list an error)."""
    if index < 0 or index // 8 >= len(bits):
        raise IndexError("status list index out of range")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revoked_indexes() -> tuple[set[int], int, datetime]:
    """The revoked certificates' ids, the highest id issued, and when the list last changed."""
    revoked = db.session.execute(
        select(Certificate.id, Certificate.revoked_at).where(
            Certificate.revoked_at.is_not(None))).all()
    highest = db.session.scalar(select(func.max(Certificate.id))) or 0
    changed = max((at for _id, at in revoked), default=None)
    changed = EPOCH if changed is None else changed.replace(tzinfo=UTC)
    return {row_id for row_id, _at in revoked}, highest, changed


def is_revoked(index: int) -> bool:
    """The live status of one certificate (as the published list says it)."""
    return db.session.scalar(select(Certificate.revoked_at.is_not(None)).where(
        Certificate.id == index)) is True


def list_credential(list_url: str, issuer: str) -> dict:
    """The BitstringStatusListCredential (#bitstringstatuslistcredential), unsigned."""
    revoked, highest, changed = revoked_indexes()
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": changed.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": list_url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked, highest),
            "ttl": TTL_SECONDS * 1000,
        },
    }


def entry(list_url: str, index: int) -> dict:
    """A credential's credentialStatus (#bitstringstatuslistentry)."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(index),
            "statusListCredential": list_url}

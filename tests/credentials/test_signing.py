"""Signing and verifying: the round trip, tampering, forged algorithms, rotation, status."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from mtu.certificates import services
from mtu.credentials import issuing, keys, status, verifying
from tests.credentials.conftest import certified


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parts(token: str) -> tuple[dict, dict, bytes]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), unb64(signature)


def live(index, _url):
    return status.is_revoked(index)


@pytest.fixture
def token(app, db, ring):
    certificate = certified(db)
    with app.test_request_context():
        return issuing.signed_credential(certificate, ring)


def test_a_signed_credential_verifies(token, ring):
    """OB 3.0 §8.2.5 "Create the Proof" and §8.2.6 "Verify a Credential": the round trip."""
    verdict = verifying.verify(token, ring, live)
    assert verdict.outcome == "valid", verdict.outcome
    assert verdict.credential["credentialSubject"]["identifier"][0]["identityHash"] == \
        "Siti Aminah 1"


@pytest.mark.parametrize("segment", [0, 1, 2])
def test_one_changed_byte_fails(token, ring, segment):
    """A byte changed in the header, the payload or the signature: never "sah"."""
    pieces = token.split(".")
    raw = bytearray(unb64(pieces[segment]))
    position = len(raw) // 2
    raw[position] ^= 0x01
    pieces[segment] = b64(bytes(raw))
    verdict = verifying.verify(".".join(pieces), ring, live)
    assert verdict.outcome != "valid"
    assert verdict.credential == {}  # nothing from a forged token is shown as fact
    if segment != 0:
        assert verdict.outcome == "changed"


def test_a_changed_name_in_the_payload_fails(token, ring):
    header, payload, signature = token.split(".")
    forged = unb64(payload).replace(b"Siti Aminah 1", b"Siti Aminah 2")
    verdict = verifying.verify(f"{header}.{b64(forged)}.{signature}", ring, live)
    assert verdict.outcome == "changed"
    assert "telah diubah" in str(verdict.title)


def test_alg_none_is_refused(token, ring):
    """RFC 7515 §4.1.1 / RFC 7518 §3.6: an unsecured JWS is never a credential."""
    header, payload, _signature = parts(token)
    for algorithm in ("none", "None", "NONE"):
        forged = b64(json.dumps({**header, "alg": algorithm}).encode()) + "." + \
            token.split(".")[1] + "."
        verdict = verifying.verify(forged, ring, live)
        assert verdict.outcome == "bad_algorithm", algorithm
        assert verdict.credential == {}


def _public_secrets(ring) -> list[bytes]:
    """Every form an attacker could use the public key in as an HMAC secret."""
    key = next(iter(ring.public.values()))
    jwk = keys.public_jwk(key)
    raw = unb64(jwk["x"])
    public = key.public_key
    pem = public.public_bytes(serialization.Encoding.PEM,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    return [raw, jwk["x"].encode(), json.dumps(jwk).encode(), pem]


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_an_hmac_token_signed_with_the_public_key_as_secret_is_refused(token, ring, algorithm):
    """The algorithm-confusion attack: the verifier must not let the header pick HMAC."""
    header, _payload, _signature = parts(token)
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
              "HS512": hashlib.sha512}[algorithm]
    for secret in _public_secrets(ring):
        signing_input = b64(json.dumps({**header, "alg": algorithm}).encode()) + "." + \
            token.split(".")[1]
        mac = hmac.new(secret, signing_input.encode("ascii"), digest).digest()
        verdict = verifying.verify(f"{signing_input}.{b64(mac)}", ring, live)
        assert verdict.outcome == "bad_algorithm"
        assert verdict.credential == {}


def test_an_unknown_key_id_is_refused(app, db, token, ring, tmp_path):
    """A credential signed by a key MTU never published: "kunci yang tidak dikenal"."""
    other_file = tmp_path / "other.json"
    keys.generate(other_file)
    stranger = keys.read_ring(other_file)
    certificate = certified(db, serial=2)
    with app.test_request_context():
        foreign = issuing.signed_credential(certificate, stranger)
    verdict = verifying.verify(foreign, ring, live)
    assert verdict.outcome == "unknown_key"
    header, _payload, _signature = parts(token)
    for kid in ("did:web:mtu.example.go.id#tidak-ada", 12345, "", None, "x" * 5000):
        forged = b64(json.dumps({**header, "kid": kid}).encode()) + token[token.index("."):]
        assert verifying.verify(forged, ring, live).outcome == "unknown_key", kid


def test_our_key_claimed_for_another_issuer_is_refused(app, token, ring):
    """The kid names our key but another DID than the credential's issuer."""
    header, _payload, _signature = parts(token)
    key_id = header["kid"].rpartition("#")[2]
    forged_header = {**header, "kid": f"did:web:evil.example#{key_id}"}
    forged = b64(json.dumps(forged_header).encode()) + token[token.index("."):]
    # the signature covers the header, so this is "changed" before anything else is read
    assert verifying.verify(forged, ring, live).outcome == "changed"


@pytest.mark.parametrize("text", [
    "", "   ", "bukan kredensial", "a.b", "a.b.c.d", "eyJ.eyJ.",
    "!!!.???.***", "{\"@context\": []}", "e" * 40_000, "x.y.z",
    "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.AAAA",
    b64(b"[" * 20_000) + ".eyJ9.",  # nested deeper than Python's recursion limit
])
def test_bad_input_gets_an_outcome_never_an_exception(ring, text):
    verdict = verifying.verify(text, ring, live)
    assert verdict.outcome in ("not_jwt", "too_large", "unknown_key", "bad_algorithm")
    assert verdict.credential == {}


def test_a_revoked_certificate_fails_the_status_check(app, db, ring):
    """Bitstring Status List v1.0 "Validate Algorithm": bit set at statusListIndex → revoked."""
    certificate = certified(db)
    with app.test_request_context():
        token = issuing.signed_credential(certificate, ring)
    assert verifying.verify(token, ring, live).outcome == "valid"
    services.revoke(certificate, "Data peserta keliru", certificate.issued_by)
    db.session.commit()
    verdict = verifying.verify(token, ring, live)
    assert verdict.outcome == "revoked"
    assert "dicabut" in str(verdict.title)


def test_after_a_key_rotation_an_old_credential_still_verifies(app, db, key_file):
    first = keys.read_ring(key_file)
    old_kid = first.signing.thumbprint()
    certificate = certified(db)
    with app.test_request_context():
        old = issuing.signed_credential(certificate, first)
    new_kid = keys.generate(key_file, rotate=True)
    rotated = keys.read_ring(key_file)
    assert new_kid != old_kid and rotated.signing.thumbprint() == new_kid
    assert set(rotated.public) == {old_kid, new_kid}
    assert not rotated.public[old_kid].is_private  # the old private half is gone
    assert verifying.verify(old, rotated, live).outcome == "valid"
    with app.test_request_context():
        new = issuing.signed_credential(certificate, rotated)
    assert parts(new)[0]["kid"].endswith("#" + new_kid)
    assert verifying.verify(new, rotated, live).outcome == "valid"
    # a second rotation keeps both older public keys
    keys.generate(key_file, rotate=True)
    assert len(keys.read_ring(key_file).public) == 3
    assert verifying.verify(old, keys.read_ring(key_file), live).outcome == "valid"


def test_keygen_refuses_to_overwrite_a_signing_key_without_rotate(key_file):
    with pytest.raises(keys.KeyFileError):
        keys.generate(key_file)


def _resigned(token, ring, **changes):
    header, payload, _signature = parts(token)
    payload.update(changes)
    return issuing.sign(payload, ring, "https://mtu.example.go.id")


def test_an_expired_credential_says_so(token, ring):
    """VC Data Model 2.0 #validity-period and OB 3.0 §8.2.6.1 (exp = validUntil)."""
    past = datetime.now(UTC) - timedelta(days=1)
    expired = _resigned(token, ring, validUntil=past.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        exp=int(past.replace(microsecond=0).timestamp()))
    assert verifying.verify(expired, ring, live).outcome == "expired"


def test_claims_that_disagree_with_the_credential_are_refused(token, ring):
    """OB 3.0 §8.2.6.1: iss, sub, jti and nbf must repeat the credential's own fields."""
    for change in ({"iss": "did:web:evil.example"}, {"sub": "urn:uuid:0"},
                   {"jti": "https://evil.example/1"}, {"nbf": 0}):
        assert verifying.verify(_resigned(token, ring, **change), ring, live).outcome == \
            "malformed", change


def test_a_credential_not_yet_valid_says_so(token, ring):
    future = datetime.now(UTC) + timedelta(days=3)
    stamp = future.strftime("%Y-%m-%dT%H:%M:%SZ")
    early = _resigned(token, ring, validFrom=stamp,
                      nbf=int(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
                              .replace(tzinfo=UTC).timestamp()))
    assert verifying.verify(early, ring, live).outcome == "not_yet_valid"


def test_the_fully_specified_ed25519_algorithm_is_accepted_too(token, ring):
    """RFC 9864 names Ed25519 directly; a credential signed so also verifies."""
    from joserfc import jws

    header, payload, _signature = parts(token)
    signed = jws.serialize_compact({**header, "alg": "Ed25519"},
                                   json.dumps(payload).encode(), ring.signing,
                                   algorithms=["Ed25519"])
    assert verifying.verify(signed, ring, live).outcome == "valid"

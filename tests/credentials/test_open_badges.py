"""The credential, field by field, against the specifications it claims to follow.

Open Badges 3.0 (1EdTech, Final 1.4.1, https://www.imsglobal.org/spec/ob/v3p0/): appendix B.1
data models (#achievementcredential / OpenBadgeCredential, #achievementsubject, #achievement,
#criteria, #profile, #identityobject, #resultdescription, #result, #identifierentry,
#credentialstatus) and §8.2 "JSON Web Token Proof Format" (§8.2.3 "Create the JOSE Header",
§8.2.4.1 "JWT Payload Format", §8.2.6 "Verify a Credential"). W3C Verifiable Credentials Data
Model 2.0 (#contexts, #identifiers, #types, #issuer, #validity-period, #status). VC-JOSE-COSE
("Securing with JOSE": the kid names a verification method). Bitstring Status List v1.0
(#bitstringstatuslistentry, #bitstringstatuslistcredential, "Validate Algorithm", "Herd
Privacy"). Section numbers are OB 3.0's; the W3C texts are cited by their anchors.
"""

import base64
import gzip
import hashlib
import json
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mtu.certificates import services
from mtu.credentials import issuing
from tests.certificates.test_public import assert_nothing_personal
from tests.credentials.conftest import certified
from tests.factories import VillageFactory

DATETIME_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decoded(token: str) -> tuple[dict, dict]:
    header, payload, _signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload))


def types(value) -> list:
    return [value] if isinstance(value, str) else value


@pytest.fixture
def certificate(db):
    return certified(db)


@pytest.fixture
def token(client, certificate, key_file):
    response = client.get(f"/verifikasi/{certificate.code}/kredensial.jwt")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_jose_header(token):
    """OB 3.0 §8.2.3 "Create the JOSE Header": alg (an asymmetric algorithm; RS256 is the
    floor, others allowed), kid a URI dereferenceable to the JWK, typ "JWT" if present, and
    no other header. The kid is a DID URL into the did:web document (VC-JOSE-COSE
    lets kid name the verification method)."""
    header, payload = decoded(token)
    assert set(header) == {"alg", "kid", "typ"}
    assert header["alg"] == "EdDSA"  # RFC 8037 §3.1: Ed25519 signatures in JOSE
    assert header["typ"] == "JWT"
    assert header["kid"].startswith(payload["issuer"]["id"] + "#")


def test_jwt_claims_repeat_the_credential(token):
    """OB 3.0 §8.2.4.1 "JWT Payload Format": iss = issuer.id, jti = id, nbf = validFrom,
    sub = credentialSubject.id (all required); exp only with validUntil."""
    _header, credential = decoded(token)
    assert credential["iss"] == credential["issuer"]["id"]
    assert credential["jti"] == credential["id"]
    assert credential["sub"] == credential["credentialSubject"]["id"]
    valid_from = datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    assert credential["nbf"] == int(valid_from.timestamp())
    assert "exp" not in credential and "validUntil" not in credential  # certificates last


def test_achievement_credential_required_fields(token, certificate):
    """OB 3.0 B.1 #achievementcredential: @context [1..*] (VCDM 2.0 #contexts: the VC v2
    context first; then the OB 3.0 context), id [1] URI (VCDM #identifiers), type [1..*] with
    VerifiableCredential and OpenBadgeCredential (VCDM #types), name [1], credentialSubject
    [1] AchievementSubject, issuer [1] Profile (VCDM #issuer), validFrom [1] DateTimeZ (VCDM
    #validity-period)."""
    _header, credential = decoded(token)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["@context"][1].startswith(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0")
    assert URI.match(credential["id"])
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(types(credential["type"]))
    assert isinstance(credential["name"], str) and credential["name"]
    assert isinstance(credential["credentialSubject"], dict)
    assert isinstance(credential["issuer"], dict)
    assert DATETIME_Z.match(credential["validFrom"])
    assert "proof" not in credential  # OB 3.0 §8.2: the JWT is the proof (external proof)
    # the code the QR carries: the credential's id is the certificate's own page
    assert credential["id"].endswith("/verifikasi/" + certificate.code)


def test_issuer_profile(token, certificate):
    """OB 3.0 B.1 #profile: id [1] URI, type [1..*] including "Profile"; name [0..1] — we
    always give it: the district office."""
    _header, credential = decoded(token)
    issuer = credential["issuer"]
    assert issuer["id"] == "did:web:mtu.example.go.id"
    assert "Profile" in types(issuer["type"])
    assert issuer["name"] == f"Dinas Tenaga Kerja {certificate.enrolment.batch.regency.name}"


def test_achievement_subject(token, certificate):
    """OB 3.0 B.1 #achievementsubject: type [1..*] including "AchievementSubject",
    achievement [1]; "either id or at least one identifier MUST be supplied" (we give both:
    §8.2.4.1 needs sub). IdentityObject: type "IdentityObject", hashed [1], identityHash [1],
    identityType [1] from IdentifierTypeEnum ("name", "identifier")."""
    _header, credential = decoded(token)
    subject = credential["credentialSubject"]
    assert "AchievementSubject" in types(subject["type"])
    assert URI.match(subject["id"])
    by_type = {i["identityType"]: i for i in subject["identifier"]}
    for identity in subject["identifier"]:
        assert identity["type"] == "IdentityObject"
        assert identity["hashed"] is False
    assert by_type["name"]["identityHash"] == certificate.enrolment.participant.full_name
    assert by_type["identifier"]["identityHash"] == certificate.code
    assert DATETIME_Z.match(subject["activityStartDate"])
    assert DATETIME_Z.match(subject["activityEndDate"])


def test_achievement(token, certificate):
    """OB 3.0 B.1 #achievement: id [1] URI, type [1..*] including "Achievement", name [1],
    description [1], criteria [1] (Criteria: id or narrative); achievementType from
    AchievementType ("Certificate"). The course, its hours and every competency unit."""
    _header, credential = decoded(token)
    achievement = credential["credentialSubject"]["achievement"]
    course = certificate.enrolment.batch.course
    assert URI.match(achievement["id"])
    assert "Achievement" in types(achievement["type"])
    assert achievement["achievementType"] == "Certificate"
    assert course.name in achievement["name"]
    assert f"{course.hours} jam" in achievement["description"]
    assert achievement["criteria"]["narrative"]
    for unit in course.units:
        assert f"{unit.code} — {unit.title}" in achievement["criteria"]["narrative"]


def test_competency_units_as_result_descriptions_and_results(token, certificate):
    """OB 3.0 B.1 #resultdescription: id [1], type [1..*] "ResultDescription", name [1],
    resultType [1] (ResultType "Status"); Result: type [1..*] "Result", resultDescription the
    id it answers, status from ResultStatusType ("Completed")."""
    _header, credential = decoded(token)
    subject = credential["credentialSubject"]
    described = subject["achievement"]["resultDescription"]
    units = certificate.enrolment.batch.course.units
    assert [d["name"] for d in described] == [f"{u.code} — {u.title}" for u in units]
    for description in described:
        assert URI.match(description["id"])
        assert "ResultDescription" in types(description["type"])
        assert description["resultType"] == "Status"
    assert [r["resultDescription"] for r in subject["result"]] == [d["id"] for d in described]
    for result in subject["result"]:
        assert "Result" in types(result["type"]) and result["status"] == "Completed"


def test_credential_status_entry(token, certificate):
    """Bitstring Status List v1.0 #bitstringstatuslistentry: type, statusPurpose
    ("revocation"), statusListIndex (a string of an integer ≥ 0), statusListCredential (a
    URL); OB 3.0 CredentialStatus: type [1], id [0..1] (errata 1.4)."""
    _header, credential = decoded(token)
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == str(certificate.id)
    assert urlsplit(entry["statusListCredential"]).path == "/kredensial/status/1"
    assert entry["id"] == f"{entry['statusListCredential']}#{certificate.id}"


def test_the_status_list_credential(client, certificate, key_file):
    """Bitstring Status List v1.0 #bitstringstatuslistcredential: type includes it;
    credentialSubject.type "BitstringStatusList", statusPurpose, encodedList = multibase
    base64url ("u") of the GZIP of a bitstring of at least 16 KB (131 072 entries, "Herd
    Privacy"), bit 0 the first byte's leftmost ("Validate Algorithm"); small and cacheable."""
    services.revoke(certificate, "Salah data", certificate.issued_by)
    from mtu.extensions import db

    db.session.commit()
    response = client.get("/kredensial/status/1")
    assert response.status_code == 200
    assert len(response.data) < 2_000
    assert "public" in response.headers["Cache-Control"] and "max-age" in \
        response.headers["Cache-Control"]
    assert response.headers["ETag"]
    again = client.get("/kredensial/status/1",
                       headers={"If-None-Match": response.headers["ETag"].strip('"')})
    assert again.status_code == 304
    _header, listing = decoded(response.get_data(as_text=True))
    assert "BitstringStatusListCredential" in listing["type"]
    subject = listing["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert subject["encodedList"].startswith("u")
    bits = gzip.decompress(unb64(subject["encodedList"][1:]))
    assert len(bits) * 8 >= 131_072
    index = certificate.id
    assert bits[index // 8] & (0x80 >> (index % 8))
    assert sum(bin(b).count("1") for b in bits) == 1


def test_an_independent_check_with_only_the_published_keys_and_cryptography(client, token):
    """What an employer's own tool does, without the JOSE library that signed: fetch the
    did:web document (did:web method: did:web:host → https://host/.well-known/did.json) and
    the JWKS, take the key the kid names, and check the Ed25519 signature over
    "header.payload" (RFC 7515 §5.2) with the `cryptography` package directly."""
    header_text, payload_text, signature_text = token.split(".")
    header = json.loads(unb64(header_text))
    did, _hash, key_id = header["kid"].partition("#")
    assert did.startswith("did:web:")
    document = client.get("/.well-known/did.json").get_json()
    assert document["id"] == did
    method = next(m for m in document["verificationMethod"] if m["id"] == header["kid"])
    assert header["kid"] in document["assertionMethod"]
    jwk = method["publicKeyJwk"]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    published = {k["kid"]: k for k in client.get("/.well-known/jwks.json").get_json()["keys"]}
    assert published[key_id]["x"] == jwk["x"]
    assert all("d" not in k for k in published.values())

    public_key = Ed25519PublicKey.from_public_bytes(unb64(jwk["x"]))
    signing_input = f"{header_text}.{payload_text}".encode("ascii")
    public_key.verify(unb64(signature_text), signing_input)  # raises if it does not hold
    with pytest.raises(InvalidSignature):
        public_key.verify(unb64(signature_text), signing_input.replace(b"e", b"f", 1))
    credential = json.loads(unb64(payload_text))
    assert credential["issuer"]["id"] == did


def _text_of(token: str) -> str:
    _header, credential = decoded(token)
    return json.dumps(credential, ensure_ascii=False)


def test_no_nik_in_any_form_no_birth_date_address_or_phone(token, certificate):
    """Nothing personal beyond the printed name: not the NIK, a part of it, nor its hash."""
    text = _text_of(token)
    assert_nothing_personal(text, certificate)
    nik = certificate.enrolment.participant.nik
    for digest in (hashlib.sha256, hashlib.md5, hashlib.sha1, hashlib.sha512):
        assert digest(nik.encode()).hexdigest() not in text.lower()
    assert "nationalIdentityNumber" not in text
    assert "birth" not in text.lower() and "lahir" not in text.lower()


def test_training_in_a_prison_reveals_no_prison(client, db, key_file):
    certificate = certified(db, venue_type="prison",
                            venue_name="Lapas Perempuan Kelas IIA Malang",
                            batch_village=VillageFactory(name="Kebonsari Lor"))
    token = client.get(f"/verifikasi/{certificate.code}/kredensial.jwt").get_data(as_text=True)
    text = _text_of(token).lower()
    for telling in ("lapas", "kebonsari", "penjara", "warga binaan", "prison", "rutan",
                    "pemasyarakatan"):
        assert telling not in text, telling
    assert_nothing_personal(_text_of(token), certificate)


def test_an_lsp_certificate_names_the_lsp_and_licence_as_certifying_body(app, client, db,
                                                                         key_file):
    """The issuer (who signs and attests the record) stays the office; the LSP and its BNSP
    licence are the achievement's creator (OB 3.0 #achievement creator: Profile, with
    otherIdentifier IdentifierEntry)."""
    from mtu.certificates.models import Certificate
    from mtu.extensions import db as database

    certificate = certified(db)
    database.session.execute(
        Certificate.__table__.update().where(Certificate.id == certificate.id).values(
            issuer_kind="lsp", issuer_name="LSP Garmen Nusantara",
            lsp_licence="BNSP-LSP-123-ID", signatory_name="Ir. Wahyu"))
    database.session.commit()
    token = client.get(f"/verifikasi/{certificate.code}/kredensial.jwt").get_data(as_text=True)
    _header, credential = decoded(token)
    regency = certificate.enrolment.batch.regency.name
    assert credential["issuer"]["name"] == f"Dinas Tenaga Kerja {regency}"
    creator = credential["credentialSubject"]["achievement"]["creator"]
    assert "Profile" in creator["type"] and URI.match(creator["id"])
    assert creator["name"] == "LSP Garmen Nusantara"
    assert creator["otherIdentifier"] == [{"type": "IdentifierEntry",
                                          "identifier": "BNSP-LSP-123-ID",
                                          "identifierType": "identifier"}]
    assert "BNSP-LSP-123-ID" in creator["description"]
    assert "LSP Garmen Nusantara" in credential["issuer"]["description"]


def test_the_credential_is_small(token):
    assert len(token) < 8_000
    assert issuing.MEDIA_TYPE == "application/vc+jwt"

"""A certificate as an Open Badges 3.0 OpenBadgeCredential, signed as a compact JWT.

The credential follows the VC Data Model 2.0 with the OB 3.0 context (OB 3.0 appendix B.1
"AchievementCredential") and OB 3.0 §8.2 "JSON Web Token Proof Format", which narrows
VC-JOSE-COSE: the JOSE header holds only alg, kid and typ "JWT", and the payload is the
credential itself with iss, jti, nbf and sub repeating issuer.id, id, validFrom and
credentialSubject.id.

What it says about the person: the name as printed on the certificate and nothing else (no
NIK in any form, no birth date, address or phone). Nothing says where the training took place,
so training in a prison is not revealed either. A certificate from an LSP names the LSP and
its BNSP licence as the achievement's creator (the certifying body); the issuer, who signs and
attests the record, is always the district office.
"""

import json
import uuid
import warnings
from datetime import UTC, date, datetime, time

from flask import url_for
from joserfc import jws

from mtu.certificates.models import Certificate
from mtu.clock import local_timezone
from mtu.credentials import keys, status

CONTEXT = ["https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CREDENTIAL_TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
MEDIA_TYPE = "application/vc+jwt"


def _timestamp(day: date) -> str:
    """The start of the office's calendar day, in UTC (Jakarta's midnight is 17:00Z)."""
    start = datetime.combine(day, time(), tzinfo=local_timezone()).astimezone(UTC)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(timestamp: str) -> int:
    return int(datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC).timestamp())


def _urn(namespace: str, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}:{name}"))


def status_list_url(base: str) -> str:
    return base + url_for("credentials.status_list")


def verification_page(base: str, code: str) -> str:
    return base + url_for("verification.detail", code=code)


def _units(units) -> tuple[list[dict], list[dict]]:
    """Each competency unit as a ResultDescription of the achievement (OB 3.0
    #resultdescription) and the holder's result on it: competent, as a certificate is only
    issued then."""
    descriptions, results = [], []
    for unit in units:
        described = _urn("mtu:unit", f"{unit.course_id}:{unit.code}")
        descriptions.append({"id": described, "type": ["ResultDescription"],
                             "name": f"{unit.code} — {unit.title}", "resultType": "Status"})
        results.append({"type": ["Result"], "resultDescription": described,
                        "status": "Completed"})
    return descriptions, results


def _creator(certificate: Certificate) -> dict | None:
    """The LSP as certifying body, with its BNSP licence, for an LSP's certificate."""
    if not certificate.by_lsp:
        return None
    return {"id": _urn("mtu:lsp", certificate.lsp_licence), "type": ["Profile"],
            "name": certificate.issuer_name,
            "description": f"Lembaga Sertifikasi Profesi berlisensi BNSP "
                           f"nomor {certificate.lsp_licence}",
            "otherIdentifier": [{"type": "IdentifierEntry",
                                 "identifier": certificate.lsp_licence,
                                 "identifierType": "identifier"}]}


def credential_of(certificate: Certificate, base: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential of a certificate."""
    base = base or keys.base_url()
    batch = certificate.enrolment.batch
    course = batch.course
    office = f"Dinas Tenaga Kerja {batch.regency.name}"
    holder = certificate.enrolment.participant.full_name
    descriptions, results = _units(course.units)
    units_text = "".join(f"\n- {d['name']}" for d in descriptions)
    achievement = {
        "id": _urn("mtu:course", f"{batch.regency.code}:{course.id}"),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"Pelatihan {course.name}",
        "description": (f"Pelatihan berbasis kompetensi kejuruan {course.name}, "
                        f"{course.hours} jam pelajaran."),
        "criteria": {"narrative": (
            f"Mengikuti pelatihan {course.name} ({course.hours} jam pelajaran) dengan "
            f"kehadiran cukup dan dinyatakan kompeten pada setiap unit kompetensi:"
            f"{units_text or ' -'}")},
        "fieldOfStudy": course.sector or course.name,
        "inLanguage": "id",
    }
    if descriptions:
        achievement["resultDescription"] = descriptions
    if creator := _creator(certificate):
        achievement["creator"] = creator
    subject = {
        "id": _urn("mtu:holder", certificate.code),
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "hashed": False, "identityHash": holder,
             "identityType": "name"},
            {"type": "IdentityObject", "hashed": False, "identityHash": certificate.code,
             "identityType": "identifier"},
        ],
        "achievement": achievement,
        "activityStartDate": _timestamp(batch.start_date),
        "activityEndDate": _timestamp(batch.end_date),
    }
    if results:
        subject["result"] = results
    issuer = {"id": keys.issuer_did(base), "type": ["Profile"], "name": office, "url": base}
    if certificate.by_lsp:
        issuer["description"] = (f"Mencatat dan membuktikan sertifikat yang diterbitkan "
                                 f"{certificate.issuer_name} untuk pelatihannya.")
    list_url = status_list_url(base)
    return {
        "@context": CONTEXT,
        "id": verification_page(base, certificate.code),
        "type": CREDENTIAL_TYPE,
        "name": f"Sertifikat Pelatihan {course.name}",
        "description": f"Sertifikat nomor {certificate.number} atas nama {holder}.",
        "issuer": issuer,
        "validFrom": _timestamp(certificate.issued_on),
        "awardedDate": _timestamp(certificate.issued_on),
        "credentialSubject": subject,
        "credentialStatus": status.entry(list_url, certificate.id),
    }


def sign(payload: dict, ring: keys.KeyRing, base: str | None = None) -> str:
    """A compact JWS of the payload signed by the ring's signing key (OB 3.0 §8.2.3 header,
    §8.2.5 proof)."""
    key = ring.signing
    header = {"alg": keys.ALGORITHM, "kid": keys.verification_method(key.thumbprint(), base),
              "typ": "JWT"}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" as superseded by RFC 9864; it is still what verifiers read.
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, body, key, algorithms=[keys.ALGORITHM])


def with_claims(credential: dict) -> dict:
    """The JWT payload: the credential with the registered claims of OB 3.0 §8.2.4.1 (the
    issuer is a profile in a credential, a bare DID in the status list)."""
    issuer = credential["issuer"]
    return {**credential, "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
            "jti": credential["id"], "sub": credential["credentialSubject"]["id"],
            "nbf": _epoch(credential["validFrom"])}


def signed_credential(certificate: Certificate, ring: keys.KeyRing) -> str:
    """The certificate's credential as a compact JWT, signed now by the current key."""
    base = keys.base_url()
    return sign(with_claims(credential_of(certificate, base)), ring, base)


def signed_status_list(ring: keys.KeyRing) -> str:
    base = keys.base_url()
    credential = status.list_credential(status_list_url(base), keys.issuer_did(base))
    return sign(with_claims(credential), ring, base)


def file_name(certificate: Certificate) -> str:
    """'001/MTU-3514/III/2026' → 'kredensial-001-MTU-3514-III-2026.jwt'."""
    return "kredensial-" + certificate.number.replace("/", "-") + ".jwt"

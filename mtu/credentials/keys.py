"""The office's Ed25519 signing keys: made by `flask credentials keygen`, kept in one file.

The file (MTU_CREDENTIAL_KEY_FILE) is a JWK Set readable by its owner only (0600), outside the
database and the repository. Exactly one key in it has its private part: the one that signs.
Rotating makes a new signing key and keeps the old ones as public keys only, so credentials
they signed still verify; their private parts are gone from the file. Each key's id is its
RFC 7638 thumbprint. No file, no signed credentials: certificates are issued as before.

The keys are published as a did:web document (/.well-known/did.json) and a JWKS
(/.well-known/jwks.json); the issuer of every credential is that did:web.
"""

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from joserfc.jwk import OKPKey

from mtu.config import INSTANCE_DIR

KEY_FILE_SETTING = "MTU_CREDENTIAL_KEY_FILE"
CURVE = "Ed25519"
ALGORITHM = "EdDSA"  # what wallets and VC verifiers read today (RFC 8037); RFC 9864's
#                      fully specified "Ed25519" is accepted when verifying.
FILE_MODE = 0o600


class KeyFileError(RuntimeError):
    """The key file is missing, unreadable or not a key set MTU wrote."""


@dataclass(frozen=True)
class KeyRing:
    """The signing key (None when only public keys are known) and every public key by id."""

    signing: OKPKey | None
    public: dict[str, OKPKey]

    def public_jwks(self) -> dict:
        """The JWKS: public parts only, with their ids, for verifying EdDSA signatures."""
        return {"keys": [public_jwk(key) for key in self.public.values()]}


def public_jwk(key: OKPKey) -> dict:
    jwk = key.as_dict(private=False)
    jwk.pop("d", None)
    jwk.update(kid=key.thumbprint(), use="sig", alg=ALGORITHM)
    return jwk


def _as_key(jwk) -> OKPKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != CURVE:
        raise KeyFileError("kredensial hanya memakai kunci Ed25519 (OKP)")
    try:
        return OKPKey.import_key({k: v for k, v in jwk.items() if k in ("kty", "crv", "x", "d")})
    except Exception as error:  # joserfc raises several kinds for a malformed key
        raise KeyFileError(f"ada kunci yang rusak dalam berkas: {error}") from None


def ring_from_jwks(data) -> KeyRing:
    """A key ring from a parsed JWK Set, or from a did.json whose methods carry publicKeyJwk."""
    if isinstance(data, dict) and "verificationMethod" in data:
        jwks = [method.get("publicKeyJwk") for method in data["verificationMethod"]
                if isinstance(method, dict)]
    elif isinstance(data, dict) and isinstance(data.get("keys"), list):
        jwks = data["keys"]
    else:
        raise KeyFileError("bukan JWK Set ({\"keys\": [...]}) maupun dokumen DID")
    keys = [_as_key(jwk) for jwk in jwks]
    signing = [key for key in keys if key.is_private]
    if len(signing) > 1:
        raise KeyFileError("ada lebih dari satu kunci privat dalam berkas")
    return KeyRing(signing[0] if signing else None,
                   {key.thumbprint(): key for key in keys})


def read_ring(path: Path) -> KeyRing:
    try:
        return ring_from_jwks(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise KeyFileError(f"{path}: {error}") from None


def key_file() -> Path | None:
    configured = current_app.config.get("CREDENTIAL_KEY_FILE", "")
    return Path(configured) if configured else None


_cache: dict[str, tuple[float, KeyRing]] = {}


def configured_ring() -> KeyRing | None:
    """The configured key ring, or None when there is no key file."""
    path = key_file()
    if path is None:
        return None
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _cache.get(str(path))
    if cached is None or cached[0] != modified:
        ring = read_ring(path)
        _warn_if_exposed(path)
        _cache[str(path)] = cached = (modified, ring)
    return cached[1]


def _warn_if_exposed(path: Path) -> None:
    """A key file copied or restored by hand may have lost its 0600 or landed in the checkout:
    said in the log each time the file is read again (it is still used)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:  # group or others
        current_app.logger.warning("The credential key file %s has mode %o; run chmod 600 on "
                                   "it", path, mode)
    try:
        _outside_the_repository(path)
    except KeyFileError:
        current_app.logger.warning("The credential key file %s is inside the repository; "
                                   "move it to instance/ or outside the application", path)


def signing_ring() -> KeyRing | None:
    """The key ring when it can sign; None when signed credentials are off."""
    try:
        ring = configured_ring()
    except KeyFileError:
        current_app.logger.exception("The credential key file cannot be read")
        return None
    return ring if ring is not None and ring.signing is not None else None


def _write(path: Path, ring_keys: list[dict]) -> None:
    """Write the set readable by its owner only; a half-written file never replaces a whole
    one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"keys": ring_keys}, handle, indent=1)
        handle.write("\n")
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, path)


def _outside_the_repository(path: Path) -> None:
    """A private key never lands where git would pick it up: inside the checkout only under
    instance/ (which .gitignore leaves out)."""
    resolved = path.resolve()
    if resolved.is_relative_to(INSTANCE_DIR.parent) and not resolved.is_relative_to(INSTANCE_DIR):
        raise KeyFileError(f"{path} ada di dalam repositori; simpan kunci di instance/ atau di "
                           "luar folder aplikasi")


def generate(path: Path, *, rotate: bool = False) -> str:
    """Create the signing key at `path` (or, with `rotate`, a new one that replaces it, the
    old one kept as a public key); the new key's id."""
    _outside_the_repository(path)
    existing = read_ring(path) if path.exists() else None
    if existing is not None and existing.signing is not None and not rotate:
        raise KeyFileError(f"{path} sudah berisi kunci penanda tangan; pakai --rotate untuk "
                           "menggantinya")
    key = OKPKey.generate_key(CURVE, private=True)
    kept = [public_jwk(old) for old in existing.public.values()] if existing else []
    private = key.as_dict(private=True)
    private["kid"] = key.thumbprint()
    _write(path, [private, *kept])
    _cache.pop(str(path), None)
    return key.thumbprint()


# --- Where the keys are published ----------------------------------------------------------


def base_url() -> str:
    """The public address credentials name (MTU_PUBLIC_BASE_URL, else the request's host)."""
    configured = current_app.config.get("PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://localhost"


def issuer_did(base: str | None = None) -> str:
    """did:web of the server's host (a port is written %3A as the did:web method says)."""
    host = urlsplit(base or base_url()).netloc
    return "did:web:" + host.replace(":", "%3A")


def verification_method(key_id: str, base: str | None = None) -> str:
    return f"{issuer_did(base)}#{key_id}"


def did_document(ring: KeyRing, base: str | None = None) -> dict:
    """The did:web document: every public key, each one usable to check an assertion."""
    did = issuer_did(base)
    methods = [{"id": f"{did}#{key_id}", "type": "JsonWebKey2020", "controller": did,
                "publicKeyJwk": public_jwk(key)} for key_id, key in ring.public.items()]
    return {"@context": ["https://www.w3.org/ns/did/v1",
                         "https://w3id.org/security/suites/jws-2020/v1"],
            "id": did, "verificationMethod": methods,
            "assertionMethod": [method["id"] for method in methods]}

"""The public pages and files: download, the check page, published keys, the PDF, the CLI."""

import base64
import io
import json
import stat
from io import BytesIO

import pytest
from pypdf import PdfReader

from mtu.authz import PUBLIC, view_access
from mtu.certificates import services
from mtu.credentials import keys
from mtu.extensions import limiter
from tests.credentials.conftest import certified

CHECK = "/verifikasi/kredensial"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def download(client, certificate):
    return client.get(f"/verifikasi/{certificate.code}/kredensial.jwt")


def check(client, text=None, **kwargs):
    return client.post(CHECK, data={"kredensial": text} if text is not None else kwargs.pop(
        "data"), **kwargs)


def test_the_new_routes_are_public(app):
    for endpoint in ("credentials.did_document", "credentials.jwks",
                     "credentials.status_list", "credentials.download",
                     "credentials.check_form", "credentials.check"):
        assert view_access(app, endpoint) == PUBLIC, endpoint


def test_the_qr_page_offers_the_credential_and_it_checks_as_sah(client, db, key_file):
    certificate = certified(db)
    page = client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert f"/verifikasi/{certificate.code}/kredensial.jwt" in page
    assert "Unduh kredensial digital" in page
    response = download(client, certificate)
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    answer = check(client, response.get_data(as_text=True))
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Kredensial sah" in body and "Siti Aminah 1" in body
    assert certificate.number in body


def test_an_uploaded_file_is_checked_too(client, db, key_file):
    certificate = certified(db)
    token = download(client, certificate).data
    answer = client.post(CHECK, data={"berkas": (io.BytesIO(token), "kredensial.jwt")},
                         content_type="multipart/form-data")
    assert "Kredensial sah" in answer.get_data(as_text=True)


def test_revoking_flips_the_answer_at_once(client, db, key_file):
    certificate = certified(db)
    token = download(client, certificate).get_data(as_text=True)
    services.revoke(certificate, "Data keliru", certificate.issued_by)
    db.session.commit()
    body = check(client, token).get_data(as_text=True)
    assert "Kredensial dicabut" in body and "Kredensial sah" not in body
    assert download(client, certificate).status_code == 404  # no fresh copy of a revoked one


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return f"{header}.{b64(data.replace(b'Siti Aminah 1', b'Siti Aminah 9'))}.{signature}"


def _forged_header(token: str, **header_changes) -> str:
    header, payload, _signature = token.split(".")
    original = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    return b64(json.dumps({**original, **header_changes}).encode()) + "." + payload + "."


@pytest.mark.parametrize("case, expected, status", [
    ("changed", "Kredensial telah diubah", 200),
    ("none", "Jenis tanda tangan ditolak", 422),
    ("hmac", "Jenis tanda tangan ditolak", 422),
    ("unknown kid", "kunci yang tidak dikenal", 200),
    ("not a jwt", "Bukan kredensial bertanda tangan", 422),
    ("empty", "Bukan kredensial bertanda tangan", 422),
    ("long", "Teks terlalu panjang", 422),
    ("unicode", "Bukan kredensial bertanda tangan", 422),
    ("deep", "Bukan kredensial bertanda tangan", 422),
])
def test_bad_input_gets_a_clear_indonesian_answer(client, db, key_file, case, expected, status):
    certificate = certified(db)
    token = download(client, certificate).get_data(as_text=True)
    text = {
        "changed": _tampered(token),
        "none": _forged_header(token, alg="none"),
        "hmac": _forged_header(token, alg="HS256")[:-1] + "." + b64(b"x" * 32),
        "unknown kid": _forged_header(token, kid="did:web:x#tidak-ada")[:-1] + ".AAAA",
        "not a jwt": "Sertifikat ini asli, percayalah",
        "empty": "   ",
        "long": "eyJ" + "A" * 40_000,
        "unicode": "eyJ٣.eyJ٣.٣٣",
        "deep": b64(b"[" * 20_000) + ".eyJ9.",  # deeper than Python's recursion limit
    }[case]
    response = check(client, text)
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[-800:]
    assert expected in body
    assert "Kredensial sah" not in body and "Siti Aminah" not in body


def test_the_check_page_keeps_the_pasted_text_unless_it_is_too_long(client, db, key_file):
    certificate = certified(db)
    token = download(client, certificate).get_data(as_text=True)
    for typed in (_tampered(token), "Sertifikat ini asli", _forged_header(token, alg="none")):
        body = check(client, typed).get_data(as_text=True)
        assert f'spellcheck="false">{typed}</textarea>' in body
    for typed in ("eyJ" + "A" * 40_000, "A" * 600_000):
        body = check(client, typed).get_data(as_text=True)
        assert 'spellcheck="false"></textarea>' in body
        assert "tidak ditampilkan lagi di kotak" in body


def test_a_huge_paste_is_refused_before_it_is_read(client, db, key_file):
    response = check(client, "A" * 600_000)
    assert response.status_code == 413
    assert "Teks terlalu panjang" in response.get_data(as_text=True)
    beyond = check(client, "A" * (3 * 1024 * 1024))  # over the app's 2 MB request limit
    assert beyond.status_code == 413


def test_the_check_page_is_throttled(client, db, key_file, app, monkeypatch):
    certificate = certified(db)
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "3 per minute")
    limiter.reset()
    token = download(client, certificate).get_data(as_text=True)
    assert check(client, token).status_code == 200
    assert check(client, "x").status_code == 422
    refused = check(client, token)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.get_data(as_text=True)
    assert client.get(CHECK).status_code == 200  # the empty form costs nothing


def test_published_keys_are_small_cacheable_and_public_only(client, db, key_file):
    for url, mimetype in (("/.well-known/did.json", "application/did+json"),
                          ("/.well-known/jwks.json", "application/jwk-set+json")):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == mimetype
        assert len(response.data) < 2_000
        assert "public, max-age=" in response.headers["Cache-Control"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert '"d"' not in response.get_data(as_text=True)


def test_without_a_key_nothing_is_signed_and_staff_are_told_how(client, db, login_as):
    """TestingConfig has no key file: certificates issue as before."""
    certificate = certified(db)
    assert download(client, certificate).status_code == 404
    assert client.get("/.well-known/did.json").status_code == 404
    assert client.get("/.well-known/jwks.json").status_code == 404
    assert client.get("/kredensial/status/1").status_code == 404
    page = client.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert "Sertifikat sah" in page and "kredensial.jwt" not in page
    login_as("admin")
    staff_page = client.get(f"/certificates/batches/{certificate.enrolment.batch_id}")
    body = staff_page.get_data(as_text=True)
    assert "belum aktif" in body and "flask --app wsgi credentials keygen" in body
    assert "MTU_CREDENTIAL_KEY_FILE" in body
    pdf = client.get(f"/certificates/{certificate.id}.pdf").data
    assert not PdfReader(BytesIO(pdf)).attachments


def test_the_staff_page_says_nothing_when_credentials_are_on(client, db, key_file, login_as):
    certificate = certified(db)
    login_as("admin")
    body = client.get(f"/certificates/batches/{certificate.enrolment.batch_id}").get_data(
        as_text=True)
    assert "belum aktif" not in body


def test_the_pdf_carries_the_credential_as_an_embedded_file(client, db, key_file, login_as,
                                                            app, monkeypatch):
    certificate = certified(db)
    login_as("admin")
    pdf = client.get(f"/certificates/{certificate.id}.pdf").data
    attachments = PdfReader(BytesIO(pdf)).attachments
    name = "kredensial-" + certificate.number.replace("/", "-") + ".jwt"
    assert list(attachments) == [name]
    token = attachments[name][0].decode("ascii")
    assert "Kredensial sah" in check(client, token).get_data(as_text=True)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Kredensial digital terlampir" in text
    batch = client.get(f"/certificates/batches/{certificate.enrolment.batch_id}.pdf").data
    assert list(PdfReader(BytesIO(batch)).attachments) == [name]


def test_the_qr_code_stays_as_short_as_it_was(app, db, key_file):
    """The QR holds the verification address only, never the credential."""
    from mtu.certificates.documents import verification_url

    certificate = certified(db)
    with app.test_request_context():
        assert verification_url(certificate) == \
            f"https://mtu.example.go.id/verifikasi/{certificate.code}"


# --- The command line -----------------------------------------------------------------------


def test_keygen_writes_an_owner_only_file_and_rotates(app, tmp_path, monkeypatch):
    path = tmp_path / "etc" / "mtu" / "credential-keys.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(path))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["credentials", "keygen"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = keys.read_ring(path).signing.thumbprint()
    assert first in result.output
    again = runner.invoke(args=["credentials", "keygen"])
    assert again.exit_code != 0 and "--rotate" in again.output
    rotated = runner.invoke(args=["credentials", "keygen", "--rotate"])
    assert rotated.exit_code == 0
    ring = keys.read_ring(path)
    assert ring.signing.thumbprint() != first and first in ring.public
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp"))


def test_keygen_without_a_configured_path_says_what_to_set(app, monkeypatch):
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", "")
    result = app.test_cli_runner().invoke(args=["credentials", "keygen"])
    assert result.exit_code != 0 and "MTU_CREDENTIAL_KEY_FILE" in result.output


def test_verify_offline_from_a_saved_key_set_and_status_list(app, client, db, key_file,
                                                             tmp_path, monkeypatch):
    certificate = certified(db)
    token_file = tmp_path / "kredensial.jwt"
    token_file.write_bytes(download(client, certificate).data)
    did_file = tmp_path / "did.json"
    did_file.write_bytes(client.get("/.well-known/did.json").data)
    status_file = tmp_path / "status.jwt"
    status_file.write_bytes(client.get("/kredensial/status/1").data)
    # offline: no key file configured, only what was saved
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", "")
    runner = app.test_cli_runner()
    args = ["credentials", "verify", str(token_file), "--keys", str(did_file)]
    result = runner.invoke(args=[*args, "--status", str(status_file)])
    assert result.exit_code == 0, result.output
    assert "Kredensial sah" in result.output

    services.revoke(certificate, "Data keliru", certificate.issued_by)
    db.session.commit()
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(key_file))
    status_file.write_bytes(client.get("/kredensial/status/1").data)
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", "")
    revoked = runner.invoke(args=[*args, "--status", str(status_file)])
    assert revoked.exit_code == 1 and "Kredensial dicabut" in revoked.output

    jwks_file = tmp_path / "jwks.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(key_file))
    jwks_file.write_bytes(client.get("/.well-known/jwks.json").data)
    token_file.write_text(_tampered(token_file.read_text()))
    changed = runner.invoke(args=["credentials", "verify", str(token_file), "--keys",
                                  str(jwks_file)])
    assert changed.exit_code == 1 and "Kredensial telah diubah" in changed.output


def test_verify_says_why_a_broken_key_file_cannot_be_used(app, tmp_path, monkeypatch):
    broken = tmp_path / "credential-keys.json"
    broken.write_text('{"keys": 5}')
    token_file = tmp_path / "kredensial.jwt"
    token_file.write_text("eyJ9.eyJ9.")
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(broken))
    runner = app.test_cli_runner()
    for args in ([], ["--keys", str(broken)]):
        result = runner.invoke(args=["credentials", "verify", str(token_file), *args])
        assert result.exit_code == 1, result.output
        assert "Berkas kunci tidak dapat dibaca" in result.output
        assert not isinstance(result.exception, keys.KeyFileError)  # no traceback


def test_verify_refuses_a_status_list_it_cannot_trust(app, client, db, key_file, tmp_path):
    certificate = certified(db)
    token_file = tmp_path / "kredensial.jwt"
    token_file.write_bytes(download(client, certificate).data)
    forged = tmp_path / "status.jwt"
    forged.write_text("eyJhbGciOiJub25lIn0.eyJ9.")
    result = app.test_cli_runner().invoke(args=["credentials", "verify", str(token_file),
                                                "--status", str(forged)])
    assert result.exit_code != 0 and "Daftar status tidak dapat dipakai" in result.output


def test_the_demo_seed_makes_a_development_key_once(app, db, tmp_path, monkeypatch):
    from tests.factories import user_with_role

    user_with_role("admin")  # an existing database: --if-empty loads nothing else
    path = tmp_path / "instance" / "credential-keys.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(path))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0 and "Kunci kredensial contoh" in first.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    made = path.read_bytes()
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "Kunci kredensial contoh" not in again.output and path.read_bytes() == made


def test_a_key_file_readable_by_others_is_still_used_and_logged(app, key_file, caplog):
    key_file.chmod(0o644)
    keys._cache.clear()
    with app.app_context():
        assert keys.signing_ring() is not None
    assert "mode 644" in caplog.text and "chmod 600" in caplog.text


def test_keygen_never_writes_a_key_into_the_repository(app, monkeypatch):
    from mtu.config import INSTANCE_DIR

    path = INSTANCE_DIR.parent / "mtu" / "credential-keys.json"
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", str(path))
    result = app.test_cli_runner().invoke(args=["credentials", "keygen"])
    assert result.exit_code != 0 and "di dalam repositori" in result.output
    assert not path.exists()


def test_the_number_page_points_to_the_credential_check_when_credentials_are_on(client, db,
                                                                                key_file,
                                                                                monkeypatch,
                                                                                app):
    assert "/verifikasi/kredensial" in client.get("/verifikasi/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "CREDENTIAL_KEY_FILE", "")
    assert "/verifikasi/kredensial" not in client.get("/verifikasi/").get_data(as_text=True)

"""`flask --app wsgi credentials keygen|verify`: the signing key, and checking a credential
offline from a saved key set."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup

credentials = AppGroup("credentials", help="Kredensial digital Open Badges 3.0.")


@credentials.command("keygen")
@click.option("--rotate", is_flag=True,
              help="Ganti kunci penanda tangan; kunci lama tetap diterbitkan (publik saja).")
def keygen_command(rotate):
    """Buat kunci Ed25519 penanda tangan kredensial di MTU_CREDENTIAL_KEY_FILE (mode 0600)."""
    from mtu.credentials import keys

    path = keys.key_file()
    if path is None:
        raise click.ClickException(
            f"Atur {keys.KEY_FILE_SETTING} ke lokasi berkas kunci (di luar repositori), "
            "lalu jalankan lagi.")
    try:
        key_id = keys.generate(path, rotate=rotate)
    except keys.KeyFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Kunci penanda tangan {key_id} {'menggantikan kunci lama' if rotate else 'dibuat'}"
               f" di {path} (hanya dapat dibaca pemiliknya).")


def _ring_from(path: str | None):
    from mtu.credentials import keys

    try:
        ring = keys.read_ring(Path(path)) if path is not None else keys.configured_ring()
    except keys.KeyFileError as error:
        raise click.ClickException(f"Berkas kunci tidak dapat dibaca: {error}") from None
    if ring is None:
        raise click.ClickException(
            "Tidak ada kunci: beri --keys BERKAS (did.json atau jwks.json yang disimpan) "
            f"atau atur {keys.KEY_FILE_SETTING}.")
    return ring


@credentials.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--keys", "keys_file", type=click.Path(exists=True, dir_okay=False),
              help="did.json atau jwks.json yang disimpan (bawaan: kunci server ini).")
@click.option("--status", "status_file", type=click.Path(exists=True, dir_okay=False),
              help="Daftar status (JWT dari /kredensial/status/1) yang disimpan "
                   "(bawaan: basis data server ini).")
@click.option("--json", "as_json", is_flag=True, help="Cetak isi kredensial bila sah.")
def verify_command(file, keys_file, status_file, as_json):
    """Periksa kredensial (berkas .jwt) tanpa server: tanda tangan, isi, masa berlaku, status."""
    from sqlalchemy.exc import SQLAlchemyError

    from mtu.credentials import status, verifying

    ring = _ring_from(keys_file)
    with click.open_file(file, encoding="utf-8", errors="replace") as handle:
        text = handle.read(verifying.MAX_LENGTH + 1)
    if status_file is not None:
        try:
            lookup = verifying.lookup_in_list(Path(status_file).read_text(encoding="utf-8"),
                                              ring)
        except ValueError as error:
            raise click.ClickException(f"Daftar status tidak dapat dipakai: {error}") from None
    else:
        def lookup(index, _url):
            try:
                return status.is_revoked(index)
            except SQLAlchemyError:  # no database here: the status stays unknown
                return None

    verdict = verifying.verify(text, ring, lookup)
    click.echo(f"{verdict.title}: {verdict.explanation}")
    if as_json and verdict.credential:
        click.echo(json.dumps(verdict.credential, ensure_ascii=False, indent=2))
    if not verdict.ok:
        raise SystemExit(1)


def init_app(app):
    app.cli.add_command(credentials)

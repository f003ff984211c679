"""`flask --app wsgi imports purge`: delete uploaded participant files past their retention."""

import click
from flask.cli import AppGroup

from mtu.extensions import db

imports = AppGroup("imports", help="Berkas impor peserta.")


@imports.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Hapus yang diunggah lebih dari sekian hari lalu "
                   "(bawaan: MTU_IMPORT_RETENTION_DAYS, 7).")
def purge_command(days):
    """Hapus berkas impor peserta (dan data baris yang ditolak) yang melewati masa simpan."""
    from flask import current_app

    from mtu.candidates.services import STAGING_DAYS
    from mtu.candidates.services import purge as purge_residents
    from mtu.participants.importing import purge_staged

    days = current_app.config["IMPORT_RETENTION_DAYS"] if days is None else days
    removed = purge_staged(days)
    residents = purge_residents(min(days, STAGING_DAYS))
    db.session.commit()
    click.echo(f"{removed} berkas impor yang diunggah lebih dari {days} hari lalu dihapus.")
    click.echo(f"{residents} data penduduk OpenSID yang menunggu dicentang dihapus.")


def init_app(app):
    app.cli.add_command(imports)

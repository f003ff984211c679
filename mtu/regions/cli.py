"""`flask regions import FILE.csv`."""

import sys
import time

import click

from mtu.extensions import db
from mtu.regions import bp
from mtu.regions.services import import_regions


@bp.cli.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def import_command(csv_file):
    """Import regions from a CSV with columns code,name,level,parent_code."""
    started = time.perf_counter()
    report = import_regions(csv_file.read())
    if not report.ok:
        db.session.rollback()
        for error in report.errors:
            click.echo(error, err=True)
        click.echo(f"{len(report.errors)} kesalahan; tidak ada yang diimpor.", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Selesai dalam {time.perf_counter() - started:.1f} detik: {report.created} baru, "
               f"{report.updated} diperbarui, {report.unchanged} tidak berubah.")

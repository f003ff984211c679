"""`flask seed-demo`: demo data drawn from the news reports in shared/seeds."""

import click

from mtu.extensions import db


def init_app(app):
    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when any account exists.")
    def seed_demo_command(if_empty):
        """Load the demo (idempotent: running it again changes nothing)."""
        from flask import current_app

        from mtu.demo.seed import database_has_users, seed_demo

        if current_app.config.get("PRODUCTION"):
            raise click.ClickException(
                "seed-demo menolak berjalan di produksi (MTU_ENV=production): data demo "
                "membuat akun dengan kata sandi yang diketahui umum. Buat admin pertama dengan "
                "`flask --app wsgi users create-admin`.")
        _development_key()
        if if_empty and database_has_users():
            click.echo("Basis data sudah berisi akun; data demo tidak dimuat ulang.")
            return
        summary = seed_demo()
        db.session.commit()
        click.echo("Data demo siap: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


def _development_key():
    """A development signing key under instance/, so the demo's certificates come with signed
    credentials; never in production (seed-demo refuses there) nor in the repository."""
    from mtu.credentials import keys

    path = keys.key_file()
    if path is None or path.exists():
        return
    key_id = keys.generate(path)
    click.echo(f"Kunci kredensial contoh {key_id} dibuat di {path}.")

"""`flask --app wsgi users create-admin`: the first administrator of a fresh installation."""

import sys

import click
from flask.cli import AppGroup

from mtu.extensions import db

users = AppGroup("users", help="Akun pengguna.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")


@users.command("create-admin")
@click.option("--email", prompt="Email", help="Email untuk masuk.")
@click.option("--name", prompt="Nama", help="Nama lengkap.")
@click.option("--password-stdin", is_flag=True,
              help="Baca kata sandi dari baris pertama stdin (untuk skrip), bukan ditanyakan.")
def create_admin_command(email, name, password_stdin):
    """Buat akun admin (kata sandi minimal 12 karakter, ditanyakan dua kali)."""
    from mtu.auth.services import create_admin
    from mtu.rules import RuleError

    password = _read_password(password_stdin)
    try:
        user = create_admin(email, name, password)
    except RuleError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Admin {user.email} dibuat. Masuk di /auth/login.")


def init_app(app):
    app.cli.add_command(users)

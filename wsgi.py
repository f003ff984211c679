"""WSGI entry point: `gunicorn wsgi:app`, and `flask --app wsgi ...` for the commands."""

from mtu import create_app

app = create_app()

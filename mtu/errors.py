"""Error pages in Indonesian; htmx gets them as a message fragment instead of a page.

An unexpected error is logged with a short id that the 500 page shows ("Kode kesalahan"), so a
user's report finds its traceback; NIKs never reach the log (NikMask, on every handler).
"""

import logging
import re
import secrets

from flask import current_app, request
from flask.logging import default_handler
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from mtu.extensions import db
from mtu.rendering import render, wants_fragment

MESSAGES = {
    400: (_l("Permintaan tidak valid"),
          _l("Data yang dikirim tidak dapat diproses. Periksa isian lalu coba lagi.")),
    403: (_l("Akses ditolak"), _l("Akun Anda tidak berhak membuka halaman ini.")),
    404: (_l("Halaman tidak ditemukan"),
          _l("Halaman atau data yang Anda cari tidak ada, atau bukan untuk akun Anda.")),
    405: (_l("Cara akses tidak didukung"),
          _l("Halaman ini tidak menerima permintaan seperti itu.")),
    409: (_l("Belum dapat dilakukan"),
          _l("Permintaan ini bertentangan dengan keadaan data saat ini.")),
    413: (_l("Berkas terlalu besar"), _l("Ukuran berkas melebihi batas yang diizinkan.")),
    429: (_l("Terlalu banyak percobaan"),
          _l("Tunggu sebentar sebelum mencoba lagi.")),
    500: (_l("Terjadi kesalahan"),
          _l("Maaf, ada kesalahan di server. Data Anda yang sudah tersimpan tetap aman; "
             "coba lagi sebentar lagi.")),
}
CSRF_MESSAGE = _l("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim lagi.")


NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")


def mask_niks(text: str) -> str:
    """Any run of exactly 16 digits (a NIK, in any script's digits) as its first 4 and ****."""
    return NIK.sub(lambda match: match.group()[:4] + "*" * 12, text)


class NikMask(logging.Filter):
    """Masks NIKs in a record's message and traceback (SQL parameters, form values) before any
    handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask_niks(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_niks(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_niks(record.stack_info)
        return True


def _render_error(status: int, detail=None, error_id=None):
    title, message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    response = render("errors/error.html", fragment="message", status_code=status, title=title,
                      message=detail or message, error_id=error_id)
    if wants_fragment():
        # The swap target of the failed request is not the place for an error message.
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def refuse(status: int, message: str):
    """An error page (or htmx message) that says in Indonesian why the request was refused."""
    return _render_error(status, message)


def handle_http_error(error: HTTPException):
    return _render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    return _render_error(400, CSRF_MESSAGE)


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    db.session.rollback()
    if current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error  # tests see the real traceback
    error_id = secrets.token_hex(4).upper()
    current_app.logger.error("Unhandled error %s on %s %s", error_id, request.method,
                             request.path, exc_info=error)
    return _render_error(InternalServerError.code, error_id=error_id)


def _mask_every_handler(app):
    """The filter on the handlers, where records from every logger (SQLAlchemy's, werkzeug's,
    the app's) pass; a logger's own filters would miss what its children propagate."""
    mask = NikMask()
    for logger in (logging.getLogger(), app.logger):
        for handler in logger.handlers:
            if not any(isinstance(existing, NikMask) for existing in handler.filters):
                handler.addFilter(mask)
    app.logger.addFilter(mask)  # records of app.logger itself, whatever handler comes later


def _limiter_warnings_kept(app):
    """flask-limiter logs through its own logger with a NullHandler: with nothing set up at the
    root (gunicorn leaves it alone), its warning that Redis is unreachable and that each
    process now throttles sign-ins alone would reach no one. It goes where the app logs."""
    limiter_log = logging.getLogger("flask-limiter")
    if logging.getLogger().handlers or any(
            not isinstance(handler, logging.NullHandler) for handler in limiter_log.handlers):
        return  # the operator's logging setup already receives it
    limiter_log.addHandler(default_handler)


def init_app(app):
    _mask_every_handler(app)
    _limiter_warnings_kept(app)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)

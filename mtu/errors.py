"""Error pages in Indonesian; htmx gets them as a message fragment instead of a page."""

from flask import current_app
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


def _render_error(status: int, detail=None):
    title, message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    response = render("errors/error.html", fragment="message", status_code=status, title=title,
                      message=detail or message)
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
    current_app.logger.exception("Unhandled error", exc_info=error)
    return _render_error(InternalServerError.code)


def init_app(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)

"""Response headers: a strict Content-Security-Policy and its companions."""

from urllib.parse import urlsplit

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from mtu.extensions import login_manager

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        response.vary.add("HX-Request")
        # Pages hold personal data: never kept by shared caches.
        headers.setdefault("Cache-Control", "private, no-store")
    return response


def _unauthorized():
    """Anonymous visitors go to the sign-in page; htmx gets 401 with HX-Redirect there."""
    if getattr(request, "htmx", False):
        back = urlsplit(request.htmx.current_url or "")
        back_path = back.path + (f"?{back.query}" if back.query else "")
        response = make_response("", 401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=back_path or None)
        return response
    flash(login_manager.login_message, login_manager.login_message_category)
    back_path = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=back_path))


def _reject_nul_bytes():
    """PostgreSQL cannot store NUL characters; no honest form sends them."""
    values = [*request.args.values(), *request.args.keys()]
    if request.method in ("POST", "PUT", "PATCH"):
        values += [*request.form.values(), *request.form.keys()]
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app):
    app.before_request(_reject_nul_bytes)
    app.after_request(_set_headers)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    login_manager.unauthorized_handler(_unauthorized)

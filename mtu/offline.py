"""The trainer's day without signal: which pages a phone may keep, its service worker, and
forgetting both on sign-out.

static/js/sw.js, served from the site's root so that its scope covers every page, keeps a page
only when the answer says `MTU-Offline: keep`: the trainer's home and the day pages of the
batches they teach (a trainer sees no other batch), which show no NIK. static/js/offline.js
queues the marks and journals sent without signal and sends them when it returns. Signing out
answers with Clear-Site-Data, so the browser drops the kept pages, the queue and the worker.
"""

from flask import request
from flask_login import current_user

from mtu.assets import serve
from mtu.authz import Role, public

KEPT_PAGES = {"home.index", "attendance.day"}
WORKER = "js/sw.js"


def works_offline() -> bool:
    """True for a trainer: their pages register the service worker and queue writes."""
    return current_user.is_authenticated and current_user.role == Role.TRAINER


def kept_by_trainers() -> bool:
    """True on a page a trainer's phone keeps for use without signal."""
    return request.endpoint in KEPT_PAGES and works_offline()


def _headers(response):
    if (response.status_code == 200 and kept_by_trainers()
            and not request.headers.get("HX-Request")):
        response.headers["MTU-Offline"] = "keep"
    if request.endpoint == "auth.logout":
        response.headers["Clear-Site-Data"] = '"storage"'
    return response


@public
def service_worker():
    """The service worker, checked for a newer version on every visit."""
    response = serve(WORKER)
    response.cache_control.max_age = 0
    response.cache_control.no_cache = True
    response.cache_control.immutable = False
    return response


def init_app(app):
    app.add_url_rule("/sw.js", "service_worker", service_worker)
    app.after_request(_headers)
    app.jinja_env.globals["works_offline"] = works_offline

"""Two app servers behind one address: no state lives in a process.

Two processes serve the app with the production settings, against this run's PostgreSQL and
the machine's Redis, the way two gunicorn hosts behind nginx do. A browser (one cookie jar)
goes to either at random: the session is a signed cookie, the CSRF token is in it, one-time
form tokens and sign-in throttles are in the database and in Redis.
"""

import html
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest

from tests.factories import PASSWORD, user_with_role
from tests.redis_server import REDIS_URL, redis_client

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parent.parent
# Serves wsgi.app on a free loopback port and says which on its first line.
SERVER = """
from werkzeug.serving import make_server
from wsgi import app
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')


@contextmanager
def _servers(app, count: int, stderr=subprocess.DEVNULL, **settings):
    """`count` app processes with the production settings (and `settings`) sharing this
    run's database; their base URLs."""
    environment = {
        **os.environ, "MTU_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SESSION_COOKIE_SECURE": "0",  # plain http on loopback
        "MTU_LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute", **settings,
    }
    processes = [subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, env=environment,
                                  stdout=subprocess.PIPE, stderr=stderr, text=True)
                 for _ in range(count)]
    try:
        ports = [process.stdout.readline().strip() for process in processes]
        assert all(port.isdigit() for port in ports), ports
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


@pytest.fixture
def servers(app, db):
    """Two app processes sharing the database and Redis."""
    redis = redis_client()
    prefix = f"mtu-test-{secrets.token_hex(4)}"  # this run's counts, apart from anyone else's
    try:
        with _servers(app, 2, RATELIMIT_STORAGE_URI=REDIS_URL,
                      MTU_RATELIMIT_KEY_PREFIX=prefix) as urls:
            yield urls
    finally:
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One cookie jar for both servers: cookies do not depend on the port, as behind a proxy
    they would not depend on the host that answered."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirects)

    def open(self, url, form=None) -> tuple[int, dict, str]:
        data = urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(Request(url, data=data), timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form(self, url) -> dict:
        """The hidden fields (CSRF and one-time tokens) of the form a page holds."""
        status, _headers, page = self.open(url)
        assert status == 200, (status, page[:500])
        fields = {}
        for tag in INPUT.findall(page):
            attributes = dict(ATTRIBUTE.findall(tag))
            if 'type="hidden"' in tag and "name" in attributes:
                fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
        assert "csrf_token" in fields
        return fields


def test_sign_in_the_throttle_and_forms_work_across_two_app_processes(servers, db):
    a, b = servers
    staff = user_with_role("staff")
    intruder = user_with_role("staff")

    # Signed in on A, recognised on B: the session is the signed cookie, nothing in A.
    browser = Browser()
    status, headers, _page = browser.open(f"{b}/auth/login", {
        **browser.form(f"{a}/auth/login"), "email": staff.email, "password": PASSWORD})
    assert status == 302, _page[:500]
    status, _headers, page = browser.open(f"{b}/")
    assert status == 200 and staff.name in page

    # A form shown by A, sent to B with A's CSRF token; sent again to A, it is the same unit.
    form = browser.form(f"{a}/fleet/new")
    fields = {**form, "code": "MTU-09", "name": "Unit Lintas Server", "status": "ready"}
    status, headers, page = browser.open(f"{b}/fleet/new", fields)
    assert status == 302, page[:1000]
    unit_url = headers["Location"]
    assert re.fullmatch(r"/fleet/[0-9]+", unit_url)
    status, headers, page = browser.open(f"{a}/fleet/new", fields)
    assert status == 302 and headers["Location"] == unit_url
    status, _headers, page = browser.open(f"{a}{unit_url}")
    assert "Unit Lintas Server" in page and "sudah tersimpan sebelumnya" in page

    # Failed sign-ins for one account count on both: 3 per minute here, whichever answers.
    guesser = Browser()
    answers = [_sign_in(guesser, server, intruder.email, "salah-salah-salah")
               for server in (a, b, a, b)]
    assert answers == [422, 422, 422, 429]
    # …and the right password is refused too until the minute has passed, on either.
    assert _sign_in(guesser, a, intruder.email, PASSWORD) == 429


def _sign_in(browser, server, email, password) -> int:
    fields = {**browser.form(f"{server}/auth/login"), "email": email, "password": password}
    return browser.open(f"{server}/auth/login", fields)[0]


def test_with_redis_unreachable_sign_in_works_and_each_process_throttles(app, db, tmp_path):
    staff = user_with_role("staff")
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{probe.getsockname()[1]}"
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr, _servers(app, 1, stderr=stderr,
                                            RATELIMIT_STORAGE_URI=nowhere) as (server,):
        assert _sign_in(Browser(), server, staff.email, PASSWORD) == 302
        guesser = Browser()
        answers = [_sign_in(guesser, server, staff.email, "salah-salah") for _ in range(4)]
        assert answers == [422, 422, 422, 429]
    # The operators learn that the throttle now counts in each process alone.
    assert "Rate limit storage unreachable - falling back to in-memory storage" \
        in log.read_text()


def test_with_redis_not_answering_sign_in_answers_within_seconds(app, db):
    """A Redis that takes the connection but never answers (stopped, overloaded, a firewall
    that drops its replies) costs a sign-in about a second, not a worker held forever."""
    staff = user_with_role("staff")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # the kernel completes the connections; nothing ever reads them
        mute = f"redis://127.0.0.1:{silent.getsockname()[1]}"
        with _servers(app, 1, RATELIMIT_STORAGE_URI=mute) as (server,):
            browser = Browser()
            browser.form(f"{server}/auth/login")
            started = time.monotonic()
            assert _sign_in(browser, server, staff.email, PASSWORD) == 302
            assert time.monotonic() - started < 10

"""Hostile input (hypothesis): every form and htmx endpoint, as every demo account that may use
it, gets long text, control characters, markup, SQL, wrong types, impossible dates, crafted
field names (non-ASCII digits, 20-digit indexes) and malformed uploads. Never a 500, and the
markup sent is never served back raw, in the answer or on any page read afterwards.

The fields of each endpoint are read from the forms (and data-hx-post elements) of the pages that
post to it; an endpoint no page posts to gets names from every form. Examples per endpoint:
MTU_FUZZ_EXAMPLES (default 3; derandomized, so a run is repeatable in CI).
"""

import contextlib
import io
import json
import os
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from mtu.auth.models import User
from mtu.authz import Role
from mtu.clock import local_today
from mtu.courses.models import Course
from mtu.demo.seed import ACCOUNTS, DEMO_PASSWORD
from mtu.extensions import db
from mtu.regions.models import Region
from tests.access_matrix import allowed
from tests.test_scopes import _ids, _kind_of, _kinds

EXAMPLES = int(os.environ.get("MTU_FUZZ_EXAMPLES", "3"))
MARKUP = ["<script>mtuxss()</script>", '"><img src=x onerror=mtuxss()>',
          "<svg onload=mtuxss()>", "javascript:mtuxss()//<b>mtuxss</b>"]
RAW = re.compile(r"<script>mtuxss|<img src=x onerror|<svg onload|<b>mtuxss")
PAYLOADS = MARKUP + [
    "' OR 1=1 --", "'; DROP TABLE users; --", "\" OR \"\"=\"", "%", "_", "\\", "%00",
    "", " ", "\t\r\n", "\x00", "\x1b[31m", "\u202e\u0000", "\ufeff", "🙂" * 50, "a" * 5000,
    "0", "-1", "1e309", "NaN", "99999999999999999999", "2147483648", "٣٥١٤", "१२३", "１２",
    "2026-02-30", "2026-13-01", "0000-00-00", "31/12/2026", "9999-12-31", "1900-01-01",
    "true", "null", "[]", "{}", "{{7*7}}", "../../etc/passwd", "3514044508900099"]
CRAFTED_SUFFIXES = ["-١", "-0", "-99999999999999999999", "[]", "-x", "١", "\x00"]
EXTRA_NAMES = ["__class__", "id", "role", "regency_id", "is_admin", "units-١-code",
               "rows-99999999999999999999", "ticks", "lines", "page"]
QUERY_NAMES = ["q", "page", "year", "status", "day", "week", "start", "v", "next", "export",
               "token", "form", "kind", "level", "field", "role", "sector", "overdue"]
FILENAMES = ["peserta.csv", "peserta.xlsx", "penduduk.xls", "../../etc/passwd.csv",
             "ñ" * 250 + ".CSV", "tanpa-ekstensi", "x.exe", "", "a.csv\x00.xlsx"]
FILE_BODIES = [
    b"", b"\x00\xff" * 64, b"PK\x03\x04" + b"\x00" * 40, b"<table><tr><td>NIK</td></tr>",
    b"nik,nama\n3514044508900099,<script>mtuxss()</script>\n",
    "\ufeffNIK;Nama;Tanggal lahir\n١٢٣;=cmd|' /C calc'!A0;2026-02-30\n".encode(),
    b"<html><table>" + b"<tr><td>x</td></tr>" * 500 + b"</table>",
    b"nik,nama\n" + b"1," + b"a" * 10000 + b"\n",
]

values = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=200),  # any code point: control characters, other scripts
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=20),
    st.integers(min_value=-10**22, max_value=10**22).map(str),
    st.dates().map(str),
)


class FormReader(HTMLParser):
    """action → field names (and hidden values) of every form and data-hx-post element of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, dict[str, str]] = {}
        self.gets: set[str] = set()
        self.files: set[str] = set()
        self._action = None
        self._method = "get"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._method = (attrs.get("method") or "get").lower()
            self._action = attrs.get("data-hx-post") or attrs.get("action") or ""
        if attrs.get("data-hx-post"):
            fields = self.forms.setdefault(attrs["data-hx-post"], {})
            with contextlib.suppress(ValueError, AttributeError):
                fields.update({k: str(v) for k, v in json.loads(attrs.get("data-hx-vals") or "{}")
                               .items()})
        name = attrs.get("name")
        if tag in ("input", "select", "textarea", "button") and name:
            if self._action is not None and self._method == "post":
                value = attrs.get("value") or ""
                self.forms.setdefault(self._action, {}).setdefault(name, value)
                if attrs.get("type") == "file":
                    self.files.add(name)
            elif self._method == "get":
                self.gets.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._action, self._method = None, "get"


def _route_urls(app, user):
    """(rule, url) for every route the account may use, with ids it may reach."""
    kinds = _kinds(user)
    today = local_today().isoformat()
    others = {
        "region_id": db.session.scalar(select(Region.id).where(Region.level == "village")),
        "course_id": db.session.scalar(select(Course.id)),
        "user_id": db.session.scalar(select(User.id).where(User.id != user.id)),
    }
    for rule in app.url_map.iter_rules():
        if (rule.endpoint in ("static", "auth.logout")
                or not allowed(rule.endpoint, Role(user.role))):
            continue
        chosen = {}
        for name, converter in rule._converters.items():
            if not isinstance(converter, IntegerConverter):
                chosen[name] = today
            elif name in others:
                chosen[name] = others[name]
            else:
                model, statement = kinds[_kind_of(kinds, rule.endpoint, name)]
                reachable = sorted(_ids(statement, model))
                chosen[name] = reachable[0] if reachable else 2_000_000_000
        with app.test_request_context():
            yield rule, url_for(rule.endpoint, **chosen)


def _assert_safe(response, what):
    assert response.status_code < 500, (what, response.status_code)
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        found = RAW.search(body)
        assert not found, (what, body[max(0, found.start() - 200):found.end() + 100])


def _sign_in(client, email):
    response = client.post_form("/auth/login", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email


FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("email", [account[0] for account in ACCOUNTS])
def test_hostile_input_never_breaks_a_form_or_runs_as_markup(app, client, demo_world, email):
    _sign_in(client, email)
    user = db.session.scalar(select(User).where(User.email == email))
    routes = list(_route_urls(app, user))
    reader, pages = FormReader(), []
    for rule, url in routes:
        if "GET" in rule.methods and not rule.rule.endswith((".pdf", ".csv")):
            response = client.get(url)
            if response.mimetype == "text/html":
                reader.feed(response.get_data(as_text=True))
                pages.append(url)
    pool = sorted({name for fields in reader.forms.values() for name in fields})
    token = [client.csrf_token()]
    posted = 0
    for rule, url in routes:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET" and rule.rule.endswith(".pdf"):
                continue  # a PDF's only inputs are its ids, checked by test_scopes
            known = next((fields for action, fields in reader.forms.items()
                          if urlsplit(action).path == url), None)
            _fuzz(client, url, method, known, pool, reader, token, email)
            posted += method != "GET"
    assert posted >= 3, email
    for url in pages:  # what was stored is shown escaped
        _assert_safe(client.get(url), url)
        _assert_safe(client.get(url, headers={"HX-Request": "true"}), url)


def _fuzz(client, url, method, known, pool, reader, token, email):
    names = list(known) if known else pool

    @FUZZ
    @given(data=st.data())
    def run(data):
        if method == "GET":
            chosen = data.draw(st.lists(st.sampled_from(QUERY_NAMES + sorted(reader.gets)),
                                        max_size=4, unique=True))
            query = {name: data.draw(values) for name in chosen}
            response = client.get(url, query_string=query,
                                  headers={"HX-Request": "true"} if data.draw(st.booleans())
                                  else {})
            _assert_safe(response, (email, method, url, query))
            return
        form = dict(known or {})
        for name in data.draw(st.lists(st.sampled_from(names), max_size=12, unique=True)
                              if names else st.just([])):
            form[name] = data.draw(values)
        for name in data.draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=2)):
            form[name] = data.draw(values)
        if names and data.draw(st.booleans()):
            crafted = data.draw(st.sampled_from(names)) + data.draw(
                st.sampled_from(CRAFTED_SUFFIXES))
            form[crafted] = data.draw(values)
        for name in reader.files & set(form):
            form[name] = (io.BytesIO(data.draw(st.sampled_from(FILE_BODIES) | st.binary(
                max_size=2000))), data.draw(st.sampled_from(FILENAMES)))
        form["csrf_token"] = token[0]
        htmx = data.draw(st.booleans())
        response = client.post(url, data=form, headers={"HX-Request": "true"} if htmx else {},
                               content_type="multipart/form-data")
        _assert_safe(response, (email, method, url, {k: str(v)[:80] for k, v in form.items()}))
        location = response.headers.get("Location") or response.headers.get("HX-Redirect")
        if location and location.startswith("/auth/login"):
            _sign_in(client, email)  # the form changed the password: sign in again
            token[0] = client.csrf_token()
        elif location and not urlsplit(location).path.endswith((".pdf", ".csv", ".xlsx")):
            _assert_safe(client.get(location), location)

    run()


@pytest.mark.parametrize("endpoint", ["participants.import_upload", "candidates.upload"])
def test_an_oversized_upload_is_refused_in_indonesian(app, client, demo_world, endpoint):
    _sign_in(client, "admin@demo.example")
    user = db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    url = next(url for rule, url in _route_urls(app, user) if rule.endpoint == endpoint)
    content = b"nik,nama\n" + b"x" * app.config["MAX_CONTENT_LENGTH"]
    for headers in ({}, {"HX-Request": "true"}):
        body = io.BytesIO(content)
        response = client.post(url, headers=headers, content_type="multipart/form-data",
                               data={"csrf_token": client.csrf_token(),
                                     "file": (body, "peserta.csv")})
        assert response.status_code == 413, response.status_code
        assert "Berkas terlalu besar" in response.get_data(as_text=True)

"""Every page a crawl of each demo account reaches is valid HTML by the Nu HTML checker
(vnu.jar of the npm package vnu-jar, which `make test` installs; run with the machine's Java):
the signed-in pages of each role (tests/crawling.py: one page of each kind, links and what
htmx loads, asked for as a whole page) and their forms sent empty (errors beside the fields),
the pages of a visitor who is not signed in and answers to their forms, and pages in English.
The pages are written to files and checked by one run of the checker, which downloads nothing.

Any error fails the test, and so does any warning the checker gives but those in ALLOWED.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mtu.certificates.models import Certificate
from mtu.demo.seed import ACCOUNTS, DEMO_PASSWORD, seed_demo
from tests.crawling import crawl
from tests.credentials.conftest import key_file  # noqa: F401 (signed credentials on)

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
# A Java big enough a stack for the checker's schema, and its quick compiler only: the run is
# short, and the optimising compiler would take longer than it saves.
JAVA_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1"]
MISSING = ("The Nu HTML checker cannot run: {} is missing. `make node_modules/.installed` "
           "installs vnu.jar (npm ci); Java: apt-get install default-jre-headless.")
ALLOWED = (
    # Its language guesser takes Indonesian for Malay, its close kin.
    "This document appears to be written in Malay",
)
# What htmx asks for that is a fragment whichever way it is asked: the options of a datalist.
FRAGMENTS = ("/regions/suggest",)
ENGLISH = {"admin@demo.example": 25, "pelatih@demo.example": 10}  # account: pages


def checker() -> list[str]:
    """The command that runs the checker. A missing Java or vnu.jar fails the test: the suite
    must check, never pass unchecked."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(MISSING.format("java"))
    if not VNU.is_file():
        pytest.fail(MISSING.format(VNU))
    return [java, *JAVA_OPTIONS, "-jar", str(VNU), "--format", "json", "--stdout"]


def signed_in_pages(app, email, locale=None, limit=400):
    """(path, response) of every page this demo account's crawl reaches, in its language, and
    the answer to each form for something new sent empty (the form again, with its errors)."""
    client = app.test_client()
    client.post_form("/auth/login", {"email": email, "password": DEMO_PASSWORD})
    if locale:
        client.post_form("/auth/language", {"locale": locale, "next": "/"})
    new = []
    for path, response in crawl(client, limit=limit):
        if "html" in response.content_type and not path.startswith(FRAGMENTS):
            yield path, response
            if urlsplit(path).path.endswith("/new"):
                new.append(path)
    for path in new:
        response = client.post_form(path, {})
        assert response.status_code == 422, (email, path, response.status_code)
        yield f"{path} (sent empty)", response


def visitor_pages(app, db):
    """The pages of somebody not signed in: signing in, and checking a certificate (by its QR
    code, by its number, by its digital credential), with the answers to those forms."""
    client = app.test_client()
    certificate = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_(None))
                                    .order_by(Certificate.id).limit(1))
    holder = certificate.enrolment.participant.full_name
    credential = client.get(f"/verifikasi/{certificate.code}/kredensial.jwt").data
    assert credential.startswith(b"eyJ"), credential[:100]
    yield "/auth/login", client.get("/auth/login")
    yield "/auth/login (wrong password)", client.post_form(
        "/auth/login", {"email": "admin@demo.example", "password": "salah"})
    for path in ["/verifikasi/", f"/verifikasi/{certificate.code}", "/verifikasi/tidak-ada",
                 "/verifikasi/kredensial", "/tidak-ada"]:
        yield path, client.get(path)
    for name in [holder, "Orang Lain"]:
        yield f"/verifikasi/ (number and {name})", client.post(
            "/verifikasi/", data={"nomor": certificate.number, "nama": name})
    yield "/verifikasi/ (nothing typed)", client.post("/verifikasi/", data={})
    for label, text in [("credential", credential), ("not a credential", b"bukan")]:
        yield f"/verifikasi/kredensial ({label})", client.post(
            "/verifikasi/kredensial", data={"kredensial": text.decode()})


def test_every_page_is_valid_html(app, db, tmp_path, key_file, sessions_every_day):  # noqa: F811
    command = checker()
    seed_demo()
    db.session.commit()
    pages = {}  # file name: who saw which page
    sources = [("visitor", visitor_pages(app, db))]
    sources += [(email, signed_in_pages(app, email)) for email, *_ in ACCOUNTS]
    sources += [(f"{email} in English", signed_in_pages(app, email, "en", limit))
                for email, limit in ENGLISH.items()]
    for who, found in sources:
        for path, response in found:
            assert response.status_code < 500, (who, path)
            file = tmp_path / f"{len(pages):04d}.html"
            file.write_bytes(response.data)
            pages[file.name] = f"{who}: {path}"
    sent_empty = [page for page in pages.values() if page.endswith("(sent empty)")]
    assert len(pages) > 300 and len(sent_empty) > 20, pages  # 410 and 54 in December 2026
    result = subprocess.run([*command, *(str(tmp_path / name) for name in pages)],
                            capture_output=True, text=True, check=False)
    assert result.stdout.startswith("{"), result.stdout + result.stderr
    problems = [
        f"{pages.get(Path(message.get('url', '')).name, message.get('url'))} "
        f"line {message.get('lastLine', '?')}: "
        f"{message.get('subType', message['type'])}: {message['message']}"
        f"\n    {message.get('extract', '').strip()}"
        for message in json.loads(result.stdout)["messages"]
        if not message["message"].startswith(ALLOWED)]
    assert not problems, f"{len(problems)} problems in {len(pages)} pages:\n" + "\n".join(
        problems)

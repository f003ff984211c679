"""Bytes on the wire for MTU's pages, as a browser receives them: gzip on plain HTTP, brotli
(br) over HTTPS, where browsers offer it.

`make weigh` prints the table; tests/test_budgets.py holds the pages to the budgets:
a cold first visit at most 30 KB in 3 requests, a later full page at most 15 KB, an htmx
fragment at most 5 KB.
"""

import gzip
import re
import tempfile
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

COLD_VISIT_BUDGET = 30 * 1024
FULL_PAGE_BUDGET = 15 * 1024
FRAGMENT_BUDGET = 5 * 1024
ENCODINGS = {"gzip": "gzip, deflate", "br": "gzip, deflate, br"}
# What the client offers while weighing: "gzip" or "br".
offered = ContextVar("offered", default="gzip")
from mtu.regions.services import find_by_code  # noqa: E402


def _id_of(kind: str, **where) -> int:
    """The id of the demo row with these column values (the demo's ids are not fixed)."""
    from sqlalchemy import select

    from mtu.batches.models import Batch
    from mtu.companies.models import Company
    from mtu.courses.models import Course
    from mtu.extensions import db
    from mtu.fleet.models import Unit
    from mtu.participants.models import Participant
    from mtu.placements.models import Placement, Vacancy
    from mtu.prison_programs.models import Programme
    from mtu.trainers.models import Trainer

    model = {"company": Company, "course": Course, "unit": Unit, "trainer": Trainer,
             "batch": Batch, "participant": Participant, "vacancy": Vacancy,
             "placement": Placement, "programme": Programme}[kind]
    return db.session.scalar(select(model.id).filter_by(**where).order_by(model.id).limit(1))


def _overdue_inmate() -> int:
    """The demo's inmate whose planned follow-up has passed."""
    from sqlalchemy import select

    from mtu.aftercare.services import overdue_condition
    from mtu.extensions import db
    from mtu.participants.models import Participant

    return db.session.scalar(select(Participant.id).where(overdue_condition()).limit(1))


def _meeting_page(suffix: str = "") -> str:
    """The demo programme's latest coordination meeting, or one of its sub-pages."""
    from sqlalchemy import select

    from mtu.extensions import db
    from mtu.prison_programs.models import Meeting

    meeting_id = db.session.scalar(select(Meeting.id).order_by(Meeting.held_on.desc()).limit(1))
    return f"/programmes/meetings/{meeting_id}{suffix}"

def _fair_page(suffix: str = "") -> str:
    """The demo job fair's page (Kab. Pasuruan), or one of its sub-pages."""
    from sqlalchemy import select

    from mtu.extensions import db
    from mtu.job_fairs.models import JobFair

    return f"/job-fairs/{db.session.scalar(select(JobFair.id).limit(1))}{suffix}"


def _agency_page(name: str) -> str:
    from sqlalchemy import select

    from mtu.extensions import db
    from mtu.prison_programs.models import Agency

    return f"/programmes/agencies/{db.session.scalar(select(Agency.id).filter_by(name=name))}"


def _programme_page(suffix: str = "") -> str:
    """The first demo programme's page or a sub-page (the list while the demo has none)."""
    from sqlalchemy import select

    from mtu.extensions import db
    from mtu.prison_programs.models import Programme

    programme_id = db.session.scalar(select(Programme.id).order_by(Programme.id).limit(1))
    return f"/programmes/{programme_id}{suffix}" if programme_id else "/programmes/"


def _today_page(batch_id: int) -> str:
    from mtu.clock import local_today

    return f"/attendance/batches/{batch_id}/{local_today().isoformat()}"


ASSET = re.compile(r'(?:href|src|data-sw)="(/static/[^"]+|/sw\.js)"')


@dataclass
class Weight:
    label: str
    requests: int
    bytes: int


def wire_size(response) -> int:
    """Body as sent (compressed) plus the status line and headers."""
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in response.headers.items()) + "\r\n"
    return len(head.encode()) + len(response.get_data())


def _accept():
    return {"Accept-Encoding": ENCODINGS[offered.get()]}


def _decoded(response) -> bytes:
    body, encoding = response.get_data(), response.headers.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def _get(client, url, htmx=False):
    headers = _accept()
    if htmx:
        headers["HX-Request"] = "true"
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cold_visit(client, url="/auth/login") -> Weight:
    """A first visit with an empty cache: the page and every asset it links."""
    page = _get(client, url)
    text = _decoded(page).decode()
    assets = [_get(client, asset) for asset in ASSET.findall(text)]
    return Weight(f"kunjungan pertama {url}", 1 + len(assets),
                  wire_size(page) + sum(wire_size(a) for a in assets))


def worker_visit(client, cold: Weight) -> Weight:
    """The cold visit, and the service worker the trainer's first page then registers: the
    worker counts in the cold-visit budget (one request more, after signing in)."""
    worker = _get(client, "/sw.js")
    return Weight(f"{cold.label} + service worker /sw.js", cold.requests + 1,
                  cold.bytes + wire_size(worker))


def page(client, url) -> Weight:
    return Weight(f"halaman {url}", 1, wire_size(_get(client, url)))


def fragment(client, url) -> Weight:
    if isinstance(url, tuple):  # (url, form data): a POST, like the NIK lookup
        url, data = url
        response = client.post_form(url, data, htmx=True, headers=_accept())
        assert response.status_code == 200, (url, response.status_code)
        return Weight(f"fragmen htmx POST {url}", 1, wire_size(response))
    return Weight(f"fragmen htmx {url}", 1, wire_size(_get(client, url, htmx=True)))


# Demo account → full pages, then htmx fragments, as that account sees them.
DEMO_PAGES = [
    ("admin@demo.example", ["/", "/auth/users", "/auth/users/new", "/regions/", "/proposals/",
                            "/courses/", "/courses/new", "/trainers/", "/trainers/new",
                            "/trainers/institutes", "/fleet/", "/fleet/new",
                            lambda: f"/courses/{_id_of('course', name='Menjahit Pakaian')}/edit",
                            "/job-fairs/", "/job-fairs/new", _fair_page,
                            lambda: _fair_page("/registrations/new"), "/reports/",
                            "/reports/log", "/audit/", "/programmes/", "/programmes/new",
                            _programme_page,
                            lambda: _programme_page("/edit"), "/dashboard/",
                            lambda: f"/dashboard/?regency={find_by_code('35.14').id}",
                            "/calendar/", "/calendar/new"],
     ["/auth/users?q=demo", "/regions/?q=ban", "/regions/suggest?level=village&field=q&q=ma",
      "/courses/?q=men", "/trainers/?q=a", "/fleet/?status=ready", "/job-fairs/?q=aula",
      lambda: _fair_page("/registrations/new?q=a"), "/programmes/?q=a", "/audit/?kind=view"]),
    ("staf@demo.example",
     ["/", "/proposals/", "/proposals/queue", "/proposals/2", "/proposals/new", "/villages/",
      lambda: f"/villages/{find_by_code('35.14.04.2006').id}", "/courses/",
      lambda: f"/courses/{_id_of('course', name='Menjahit Pakaian')}", "/trainers/",
      "/trainers/new", lambda: f"/trainers/{_id_of('trainer', name='Sri Wahyuni')}/edit",
      "/fleet/", lambda: f"/fleet/{_id_of('unit', code='MTU-01')}", "/batches/",
      "/batches/schedule", "/batches/new", lambda: f"/batches/{_id_of('batch', status='running')}",
      lambda: f"/participants/batches/{_id_of('batch', status='registration')}",
      "/participants/", lambda: f"/participants/{_id_of('participant', id=1)}",
      lambda: f"/participants/{_id_of('participant', id=1)}/data",
      lambda: f"/attendance/batches/{_id_of('batch', status='done')}/recap",
      lambda: f"/attendance/batches/{_id_of('batch', status='running')}/week",
      "/attendance/missing", "/companies/", "/companies/new", "/portal/interests",
      "/placements/", "/placements/vacancies",
      lambda: f"/placements/batches/{_id_of('batch', status='done')}",
      lambda: f"/companies/{_id_of('company', name='CV Bhara Utama')}",
      lambda: f"/placements/vacancies/{_id_of('vacancy', position='Operator jahit')}",
      lambda: f"/placements/{_id_of('placement', status='working')}", _fair_page,
      "/reports/", "/reports/?year=2026&venue=village_hall", "/reports/log", "/programmes/",
      "/programmes/new", "/programmes/agencies/", "/programmes/agencies/new",
      lambda: _agency_page("Dinas Perindustrian dan Perdagangan Kab. Malang"), "/dashboard/",
      lambda: f"/dashboard/?subdistrict={find_by_code('35.14.04').id}",
      "/verifikasi/kredensial", "/calendar/", "/calendar/new"],
     ["/proposals/?q=batik", "/proposals/?status=verified", "/villages/?q=bulu",
      "/trainers/?q=sri", "/trainers/institutes?q=lpk", "/fleet/?q=mtu", "/batches/?q=jahit",
      "/participants/?q=siti", "/companies/?q=bhara",
      ("/participants/lookup", {"nik": "3514045708010123"}), "/reports/?funding=apbd",
      "/programmes/agencies/?q=malang", "/programmes/?status=coordination",
      "/dashboard/?year=2025",
      lambda: "/batches/session-days?start_date=2026-08-03&course_id="
              f"{_id_of('course', name='Menjahit Pakaian')}"]),
    ("desa@demo.example", ["/", "/proposals/", "/proposals/new", "/proposals/1", "/reports/",
                           "/proposals/1/residents", "/proposals/1/candidates", "/dashboard/"],
     ["/proposals/?status=proposed", "/reports/?year=2026", "/proposals/1/residents?gender=F",
      "/proposals/1/candidates?page=1", "/dashboard/?year=2025"]),
    ("pelatih@demo.example",
     ["/", lambda: f"/trainers/{_id_of('trainer', name='Alex Putra Utama')}", "/batches/",
      lambda: f"/participants/batches/{_id_of('batch', status='running')}",
      lambda: _today_page(_id_of('batch', status='running'))], []),
    ("mitra@demo.example", ["/", "/portal/graduates", "/portal/interests", "/placements/",
                            "/placements/vacancies", "/placements/vacancies/new",
                            lambda: f"/companies/{_id_of('company', name='CV Bhara Utama')}",
                            "/job-fairs/", _fair_page, "/portal/batches",
                            lambda: f"/portal/batches/{_id_of('batch', funding='csr')}",
                            lambda: f"/placements/vacancies/{_id_of('vacancy')}",
                            lambda: f"/placements/{_id_of('placement', status='working')}",
                            "/dashboard/"],
     ["/portal/graduates?q=a", "/portal/batches?q=jahit"]),
    ("malang@demo.example", ["/", "/aftercare/", "/aftercare/?overdue=1", "/reports/",
                             "/dashboard/",
                             lambda: f"/aftercare/participants/{_overdue_inmate()}",
                             "/programmes/", _programme_page, lambda: _programme_page("/edit"),
                             "/programmes/actions/overdue", _meeting_page,
                             lambda: _meeting_page("/edit"),
                             lambda: f"/programmes/{_id_of('programme')}/meetings/new"],
     ["/aftercare/?q=sri", "/programmes/?q=a", "/programmes/actions/overdue?page=1",
      "/dashboard/?year=2025"]),
    ("dinas@demo.example", ["/", "/aftercare/", "/programmes/", _programme_page,
                            "/programmes/actions", _meeting_page], ["/programmes/?q=a"]),
]


def demo_weights(client, login, encoding="gzip") -> list[Weight]:
    """Weigh the demo pages offering `encoding` ("gzip" or "br"); `login(email)` signs the
    client in as that demo account."""
    token = offered.set(encoding)
    try:
        return _demo_weights(client, login)
    finally:
        offered.reset(token)


def _demo_weights(client, login) -> list[Weight]:
    weights = [cold_visit(client)]
    for email, pages, fragments in DEMO_PAGES:
        login(email)
        if 'data-sw="' in _decoded(_get(client, "/")).decode():
            weights.append(worker_visit(client, weights[0]))
        pages = [url() if callable(url) else url for url in pages]
        fragments = [url() if callable(url) else url for url in fragments]
        for weight in [page(client, url) for url in pages] + [
                fragment(client, url) for url in fragments]:
            weight.label += f" ({email.split('@')[0]})"
            weights.append(weight)
        client.post_form("/auth/logout")
    return weights


def main():
    from flask_migrate import upgrade

    from mtu import create_app
    from mtu.config import TestingConfig
    from mtu.demo.seed import DEMO_PASSWORD, seed_demo
    from mtu.extensions import db, limiter
    from tests.conftest import Client

    with tempfile.TemporaryDirectory() as folder:
        config = TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(folder) / 'weigh.sqlite3'}"
        app = create_app(config)
        app.test_client_class = Client
        with app.app_context():
            upgrade()
            seed_demo()
            db.session.commit()
            client = app.test_client()
            login = lambda email: client.post_form(  # noqa: E731
                "/auth/login", {"email": email, "password": DEMO_PASSWORD})
            as_gzip = demo_weights(client, login, "gzip")
            limiter.reset()  # the sign-in limit counts the first round's logins
            as_brotli = demo_weights(client, login, "br")
    print(f"{'gzip':>9}  {'br':>9}")
    for weight, brotli_weight in zip(as_gzip, as_brotli, strict=True):
        print(f"{weight.bytes:>7,} B  {brotli_weight.bytes:>7,} B  {weight.requests} req  "
              f"{weight.label}")


if __name__ == "__main__":
    main()

"""The annual summary PDF of a district: the dashboard's figures, for the office's year."""

from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from mtu.auth.models import User
from mtu.clock import local_today
from mtu.dashboard.services import district_scope, figures
from mtu.demo.seed import seed_demo
from mtu.extensions import db
from mtu.regions.services import find_by_code
from mtu.reports.models import Export
from mtu.templating import rupiah


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.get_data())).pages)


def _user(email) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_annual_summary_prints_the_districts_figures(client, db, app):
    seed_demo()
    db.session.commit()
    year = local_today().year
    staff = _user("staf@demo.example")
    client.login(staff, password="demo12345")
    page = client.get("/reports/").get_data(as_text=True)
    assert "Ringkasan tahunan (PDF)" in page
    with app.test_request_context():
        expected = figures(district_scope(staff, staff.regency_id, year))
        total = rupiah(expected.spent_total)
    text = pdf_text(client.get("/reports/annual.pdf", query_string={"year": year}))
    assert f"RINGKASAN TAHUNAN PELATIHAN VOKASI {year}" in text
    assert "DINAS TENAGA KERJA KABUPATEN PASURUAN" in text
    assert f"{expected.participants} orang" in text
    assert total in text
    for bar in expected.per_vocation:
        assert bar.label in text
    assert "Sulam" not in text  # Kab. Malang's prison batch is not Pasuruan's
    # Staff choose no district: another district's code still gives their own.
    text = pdf_text(client.get("/reports/annual.pdf", query_string={"year": year,
                                                                    "regency": "35.07"}))
    assert "KABUPATEN PASURUAN" in text and "Sulam" not in text
    logged = db.session.scalars(select(Export)).all()
    assert [(e.dataset, e.format, e.user_id) for e in logged] == [("annual", "pdf", staff.id)] * 2


def test_admins_choose_the_district_and_others_take_none(client, db):
    seed_demo()
    db.session.commit()
    client.login(_user("admin@demo.example"), password="demo12345")
    text = pdf_text(client.get("/reports/annual.pdf", query_string={"regency": "35.07"}))
    assert "KABUPATEN MALANG" in text and "Sulam" in text
    assert find_by_code("35.07") is not None
    assert client.get("/reports/annual.pdf?year=abc").status_code == 422
    client.post_form("/auth/logout")
    client.login(_user("desa@demo.example"), password="demo12345")
    assert client.get("/reports/annual.pdf").status_code == 403
    assert "Ringkasan tahunan (PDF)" not in client.get("/reports/").get_data(as_text=True)

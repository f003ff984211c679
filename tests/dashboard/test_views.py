"""The dashboard page: who may open it, which regions they may ask for, full page and
fragment, and the charts' markup."""

import re

import pytest
from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import Role
from tests.factories import CompanyFactory, RegencyFactory, SubdistrictFactory, VillageFactory


def _text(response):
    return response.get_data(as_text=True)


def test_staff_get_their_district(client, login_as, district):
    login_as(Role.STAFF, regency=district.regency)
    page = _text(client.get("/dashboard/?year=2026"))
    assert "Kab. Hitung · 2026" in page
    assert "Rp350.000" in page and "Rp75.000" in page
    assert 'name="subdistrict"' in page and ">Satu<" in page
    assert 'name="regency"' not in page  # staff do not choose a district


@pytest.mark.parametrize("role", [Role.TRAINER, Role.AGENCY])
def test_trainers_and_agencies_have_no_dashboard(client, login_as, role):
    login_as(role)
    assert client.get("/dashboard/").status_code == 403


def test_staff_guessing_another_district_get_404(client, login_as, district):
    login_as(Role.STAFF, regency=district.regency)
    other_sub = SubdistrictFactory(parent=district.other_regency)
    for query in (f"regency={district.other_regency.id}", f"subdistrict={other_sub.id}",
                  f"subdistrict={district.v1.id}", "subdistrict=999999",
                  f"regency={district.regency.id}&subdistrict={other_sub.id}"):
        assert client.get(f"/dashboard/?{query}").status_code == 404, query
    assert client.get(f"/dashboard/?regency={district.regency.id}").status_code == 200
    assert client.get(f"/dashboard/?subdistrict={district.s1.id}").status_code == 200


@pytest.mark.parametrize("role", [Role.VILLAGE, Role.COMPANY])
def test_villages_and_companies_cannot_ask_for_a_region(client, login_as, district, role):
    login_as(role)
    assert client.get("/dashboard/").status_code == 200
    for query in (f"regency={district.regency.id}", f"subdistrict={district.s1.id}"):
        assert client.get(f"/dashboard/?{query}").status_code == 404, query


def test_village_operator_sees_their_village(client, login_as, district):
    login_as(Role.VILLAGE, village=district.v1)
    page = _text(client.get("/dashboard/?year=2026"))
    assert "Desa Satu" in page and 'name="subdistrict"' not in page
    assert "Peserta per kecamatan: Satu 2</title>" in page  # the inmate is not counted


def test_company_sees_its_own(client, login_as, district):
    login_as(Role.COMPANY, company=district.company)
    page = _text(client.get("/dashboard/?year=2026"))
    assert "Lulusan bekerja di perusahaan Anda" in page
    assert "Peserta per kejuruan: Kejuruan B 1</title>" in page


def test_admin_chooses_a_district_and_a_subdistrict(client, login_as, district):
    login_as(Role.ADMIN)
    page = _text(client.get("/dashboard/?year=2026"))
    assert "Semua kabupaten/kota" in page and ">Kab. Hitung<" in page
    page = _text(client.get(f"/dashboard/?year=2026&regency={district.regency.id}"
                            f"&subdistrict={district.s2.id}"))
    assert "Dua, Kab. Hitung · 2026" in page
    # The district changed while another district's sub-district was still chosen.
    page = _text(client.get(f"/dashboard/?year=2026&regency={district.other_regency.id}"
                            f"&subdistrict={district.s2.id}"))
    assert "Kab. Lain · 2026" in page
    page = _text(client.get(f"/dashboard/?year=2026&subdistrict={district.s2.id}"))
    assert "Semua kabupaten/kota · 2026" in page
    village = VillageFactory(parent=district.s1)
    for query in (f"regency={village.id}", "regency=2147483647", "subdistrict=2147483647",
                  f"regency={RegencyFactory().id}&subdistrict={village.id}"):
        assert client.get(f"/dashboard/?{query}").status_code == 404, query


@pytest.mark.parametrize("year", ["abc", "١٢", "-1", "99999", "", "1e3"])
def test_a_bad_year_is_this_year(client, login_as, year):
    login_as(Role.STAFF)
    assert client.get(f"/dashboard/?year={year}").status_code == 200


def test_htmx_gets_the_figures_and_the_subdistricts(client, login_as, district):
    login_as(Role.STAFF, regency=district.regency)
    response = client.htmx_get("/dashboard/?year=2025")
    body = _text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" not in body and "<h1>" not in body
    assert "Kab. Hitung · 2025" in body
    assert 'id="subdistricts" data-hx-swap-oob="true"' in body


def test_charts_are_small_inline_svg_without_style(client, login_as, district):
    login_as(Role.STAFF, regency=district.regency)
    page = _text(client.get("/dashboard/?year=2026"))
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == 4
    for chart in charts:
        assert 'role="img"' in chart and "<title" in chart and "aria-labelledby" in chart
        assert "style" not in chart and "<script" not in chart
        assert len(chart.encode()) < 4000
    assert "style=" not in page
    # Numbers beside the bars: 3 from Satu, 2 from Dua.
    assert re.search(r'<text class="n"[^>]*>3</text>', charts[0])


def test_home_and_menu_link_the_dashboard(client, login_as, district):
    login_as(Role.STAFF, regency=district.regency)
    assert 'href="/dashboard/"' in _text(client.get("/"))
    client.post_form("/auth/logout")
    login_as(Role.VILLAGE, village=district.v1)
    assert 'href="/dashboard/"' in _text(client.get("/"))


def test_figures_are_kept_per_scope_for_the_configured_time(app, client, db, count_queries,
                                                           monkeypatch):
    """Each process keeps a scope's figures DASHBOARD_CACHE_SECONDS (0 in the other tests):
    the second look costs no aggregate, and another district's staff get their own."""
    from mtu.dashboard import services as dashboard
    from mtu.demo.seed import DEMO_PASSWORD, seed_demo

    seed_demo()
    db.session.commit()
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE_SECONDS", 300)
    monkeypatch.setattr(dashboard, "_kept", {})
    pasuruan = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    malang = db.session.scalar(select(User).where(User.email == "malang@demo.example"))
    client.login(pasuruan, DEMO_PASSWORD)
    first = count_queries(lambda: client.get("/dashboard/"))
    page = client.get("/dashboard/").get_data(as_text=True)
    assert count_queries(lambda: client.get("/dashboard/")) < first - 5
    assert "Kab. Pasuruan" in page
    other = app.test_client()
    other.login(malang, DEMO_PASSWORD)
    assert "Kab. Malang" in other.get("/dashboard/").get_data(as_text=True)
    assert len(dashboard._kept) == 2


def test_kept_figures_never_cross_scope_or_language(app, db, district, monkeypatch):
    """With the figures kept, every account sees what it sees when they are counted afresh:
    a village operator or a company never gets another scope's figures, a staff member
    reading Indonesian never gets the labels an English reader's visit left behind."""
    from mtu.dashboard import services as dashboard
    from tests.factories import user_with_role

    third = VillageFactory(parent=district.s2, name="Desa Tiga")
    accounts = [
        (user_with_role(Role.STAFF, regency=district.regency, locale="en"), ""),
        (user_with_role(Role.STAFF, regency=district.regency), ""),
        (user_with_role(Role.STAFF, regency=district.regency), f"&subdistrict={district.s1.id}"),
        (user_with_role(Role.STAFF, regency=district.other_regency), ""),
        (user_with_role(Role.ADMIN), ""),
        (user_with_role(Role.ADMIN), f"&regency={district.regency.id}"),
        (user_with_role(Role.VILLAGE, village=district.v1, locale="en"), ""),
        (user_with_role(Role.VILLAGE, village=district.v1), ""),
        (user_with_role(Role.VILLAGE, village=district.v2), ""),
        (user_with_role(Role.VILLAGE, village=third), ""),
        (user_with_role(Role.COMPANY, company=district.company), ""),
        (user_with_role(Role.COMPANY, company=CompanyFactory(name="PT Lain")), ""),
    ]
    db.session.commit()
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100 per minute")  # a dozen sign-ins
    clients = []
    for user, _query in accounts:
        clients.append(app.test_client())
        clients[-1].login(user)

    def figures_seen():
        return [_text(browser.htmx_get(f"/dashboard/?year=2026{query}"))
                for browser, (_user, query) in zip(clients, accounts, strict=True)]

    afresh = figures_seen()
    assert "Female" in afresh[0] and "Perempuan" in afresh[1]
    assert "Desa Tiga" in afresh[9] and afresh[8] != afresh[9]
    assert afresh[4] != afresh[5] and afresh[10] != afresh[11]
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE_SECONDS", 300)
    monkeypatch.setattr(dashboard, "_kept", {})
    assert figures_seen() == afresh  # each counted once (the English reader's first)…
    assert figures_seen() == afresh  # …and taken from what was kept

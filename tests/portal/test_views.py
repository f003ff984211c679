"""The company portal: each privacy rule by list, search, export and guessed id."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from mtu.clock import local_today, utc_now
from mtu.participants import consent
from mtu.portal.models import Interest
from tests.factories import (
    BatchFactory,
    CertificateFactory,
    CompanyFactory,
    EnrolmentFactory,
    ParticipantFactory,
    SubdistrictFactory,
    UserFactory,
    VillageFactory,
)


def _graduate(name, *, show=True, contact=False, batch=None, village=None, **person):
    """A graduate with a valid certificate of a finished batch; consent as told."""
    participant = ParticipantFactory(
        full_name=name, phone="081234567890", address="Dusun Rahasia RT 9",
        birth_date=date(1996, 5, 4), village=village,
        consent_at=utc_now() if show else None,
        contact_consent_at=utc_now() if contact else None, **person)
    batch = batch or BatchFactory(status="done", start_date=local_today() - timedelta(days=60))
    return CertificateFactory(enrolment=EnrolmentFactory(participant=participant, batch=batch,
                                                         status="passed"))


@pytest.fixture
def company_user(client):
    user = UserFactory(company_hr=True)
    client.login(user)
    return user


def _everything_a_company_sees(client):
    return (client.get("/portal/graduates").get_data(as_text=True)
            + client.get("/portal/graduates?q=a").get_data(as_text=True)
            + client.get("/portal/graduates/export").get_data(as_text=True))


def test_consenting_graduates_are_shown_without_nik_address_or_birth_date(client,
                                                                         company_user):
    village = VillageFactory(parent=SubdistrictFactory(name="Lumbang"))
    certificate = _graduate("Siti Aminah", village=village)
    person = certificate.enrolment.participant
    page = client.get("/portal/graduates").get_data(as_text=True)
    assert "Siti Aminah" in page and certificate.number in page
    assert f"/verifikasi/{certificate.code}" in page and "Lumbang" in page
    assert certificate.enrolment.batch.course.name in page and "25–34" in page
    for secret in (person.nik, person.masked_nik, "Dusun Rahasia", "1996", "081234567890"):
        assert secret not in _everything_a_company_sees(client), secret


def test_phone_only_with_consent_to_be_contacted(client, company_user):
    _graduate("Siti Aminah", contact=True)
    _graduate("Budi Santoso", contact=False)
    page = client.get("/portal/graduates").get_data(as_text=True)
    assert page.count('href="tel:') == 1  # Siti's only
    export = client.get("/portal/graduates/export").get_data(as_text=True)
    siti, budi = (line for line in export.splitlines()[1:] if "Siti" in line or "Budi" in line)
    assert "081234567890" in siti + budi and ("081234567890" in siti) != ("081234567890" in budi)


def test_the_export_is_in_the_export_log_without_the_search_text(client, company_user, db):
    """Names and phones handed to a third party: who took the file, when, how many rows
    (issue 20); not the name typed in the search box."""
    from mtu.reports.models import Export

    first = _graduate("Siti Aminah", contact=True)
    _graduate("Budi Santoso", batch=BatchFactory(
        status="done", year=2025, start_date=local_today() - timedelta(days=90)))
    course = first.enrolment.batch.course
    client.get(f"/portal/graduates/export?q=Siti&course={course.id}")
    export = db.session.scalar(select(Export))
    assert (export.user_id, export.dataset, export.format, export.rows) == (
        company_user.id, "graduates", "csv", 1)
    assert course.name in export.filters and "Siti" not in export.filters


@pytest.mark.parametrize("hidden", ["no consent", "prison batch", "inmate", "revoked",
                                    "not finished", "ended today", "withdrawn"])
def test_who_is_never_shown(client, company_user, db, hidden):
    kwargs = {}
    if hidden == "no consent":
        kwargs["show"] = False
    if hidden == "prison batch":
        kwargs["batch"] = BatchFactory(status="done", venue_type="prison",
                                       start_date=local_today() - timedelta(days=60))
    if hidden == "inmate":
        kwargs["employment"] = "inmate"
    if hidden == "not finished":
        kwargs["batch"] = BatchFactory(status="running",
                                       start_date=local_today() - timedelta(days=60))
    if hidden == "ended today":
        kwargs["batch"] = BatchFactory(status="done",
                                       start_date=local_today() - timedelta(days=29))
    certificate = _graduate("Orang Tersembunyi", contact=True, **kwargs)
    if hidden == "revoked":
        certificate.revoked_at = utc_now()
        db.session.commit()
    if hidden == "withdrawn":
        consent.record_both(certificate.enrolment.participant, False, False, None)
        db.session.commit()
    assert "Orang Tersembunyi" not in _everything_a_company_sees(client)
    assert "Orang Tersembunyi" not in client.get(
        "/portal/graduates?q=tersembunyi").get_data(as_text=True)
    response = client.post_form(f"/portal/graduates/{certificate.id}/interest",
                                {"note": "x"})
    assert response.status_code == 404  # a guessed id answers as if there were none
    assert db.session.scalar(select(func.count(Interest.id))) == 0


def test_a_person_who_trained_in_prison_is_hidden_from_every_course(client, company_user):
    certificate = _graduate("Warga Binaan")
    EnrolmentFactory(participant=certificate.enrolment.participant, status="passed",
                     batch=BatchFactory(status="done", venue_type="prison",
                                        start_date=local_today() - timedelta(days=200)))
    assert "Warga Binaan" not in _everything_a_company_sees(client)


def test_filters_by_course_sub_district_and_year(client, company_user):
    maron = SubdistrictFactory(name="Maron")
    first = _graduate("Siti Aminah", village=VillageFactory(parent=maron))
    second = _graduate("Budi Santoso", batch=BatchFactory(
        status="done", year=2025, start_date=local_today() - timedelta(days=90)))
    page = client.get("/portal/graduates").get_data(as_text=True)
    assert "Maron" in page and '<option value="2025">' in page
    by_course = client.htmx_get(
        f"/portal/graduates?course={first.enrolment.batch.course_id}").get_data(as_text=True)
    assert "Siti Aminah" in by_course and "Budi Santoso" not in by_course
    assert "<html" not in by_course
    by_place = client.get(f"/portal/graduates?subdistrict={maron.id}").get_data(as_text=True)
    assert "Siti Aminah" in by_place and "Budi Santoso" not in by_place
    by_year = client.get("/portal/graduates?year=2025").get_data(as_text=True)
    assert "Budi Santoso" in by_year and "Siti Aminah" not in by_year
    export = client.get("/portal/graduates/export?year=2025").get_data(as_text=True)
    assert "Budi Santoso" in export and "Siti Aminah" not in export
    assert second.number in export
    assert client.get("/portal/graduates?year=99999999999999999999&course=x").status_code \
        == 200


def test_interest_is_marked_once_and_staff_follow_it_up(client, company_user, db):
    certificate = _graduate("Siti Aminah")
    url = f"/portal/graduates/{certificate.id}/interest"
    page = client.get("/portal/graduates").get_data(as_text=True)
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    for _ in range(2):
        response = client.post_form(url, {"note": "Untuk operator jahit",
                                          "submission_token": token})
        assert response.status_code == 302
    response = client.post_form(url, {"note": "Gaji UMK"}, htmx=True)
    assert response.status_code == 200 and "Diminati" in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
    interest = db.session.scalar(select(Interest))
    assert db.session.scalar(select(func.count(Interest.id))) == 1
    assert interest.note == "Gaji UMK" and interest.company_id == company_user.company_id
    assert "Siti Aminah" in client.get("/").get_data(as_text=True)  # the company's home

    staff = UserFactory(staff=True, regency=certificate.enrolment.batch.regency)
    client.post_form("/auth/logout")
    client.login(staff)
    page = client.get("/portal/interests").get_data(as_text=True)
    assert "Siti Aminah" in page and company_user.company.name in page and "Gaji UMK" in page
    response = client.post_form(f"/portal/interests/{interest.id}/follow-up", htmx=True)
    assert response.status_code == 200 and "Ditindaklanjuti" in response.get_data(as_text=True)
    db.session.refresh(interest)
    assert interest.followed_up_by_id == staff.id

    elsewhere = UserFactory(staff=True)
    client.post_form("/auth/logout")
    client.login(elsewhere)
    assert "Siti Aminah" not in client.get("/portal/interests").get_data(as_text=True)
    assert client.post_form(f"/portal/interests/{interest.id}/follow-up").status_code == 404


def test_a_withdrawal_hides_the_person_from_the_companys_interests_too(client, company_user,
                                                                       db):
    certificate = _graduate("Siti Aminah")
    client.post_form(f"/portal/graduates/{certificate.id}/interest", {"note": "x"})
    assert "Siti Aminah" in client.get("/portal/interests").get_data(as_text=True)
    consent.record_both(certificate.enrolment.participant, False, False, None)
    db.session.commit()
    assert "Siti Aminah" not in client.get("/portal/interests").get_data(as_text=True)
    assert "Siti Aminah" not in client.get("/").get_data(as_text=True)


def test_another_companys_things_answer_404(client, company_user):
    other = CompanyFactory(name="PT Lain")
    assert client.get(f"/companies/{other.id}").status_code == 404
    assert client.get(f"/companies/{company_user.company_id}").status_code == 200
    assert client.get("/companies/99999999999999999999").status_code == 404


def test_the_list_costs_the_same_queries_for_few_or_many(client, company_user,
                                                         count_queries):
    village = VillageFactory()
    for n in range(2):
        _graduate(f"Lulusan {n}", village=village, contact=True)
    few = count_queries(lambda: client.get("/portal/graduates"))
    for n in range(2, 8):
        _graduate(f"Lulusan {n}", village=VillageFactory(), contact=True)
    assert count_queries(lambda: client.get("/portal/graduates")) == few

"""Exports: their content, and every privacy rule in every one of them."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark
from mtu.authz import Role
from mtu.participants.models import ParticipantView
from mtu.placements.models import Placement
from mtu.reports.models import Export
from tests.factories import (
    BatchFactory,
    CertificateFactory,
    EnrolmentFactory,
    ParticipantFactory,
    RegencyFactory,
    SubdistrictFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
)

PERSON_LEVEL = ("participants", "attendance", "results", "placements")
ALL = (*PERSON_LEVEL, "batches")


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = response.get_data(as_text=True).removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response) -> list[dict]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def download(client, dataset, file_format="csv", **filters):
    return client.get("/reports/download", query_string={"export": f"{dataset}.{file_format}",
                                                         **filters})


def _marked_and_placed(db, *enrolments):
    """A day present and a placement (self-employed) for each enrolment."""
    for each in enrolments:
        db.session.add(AttendanceMark(enrolment_id=each.id, batch_id=each.batch_id,
                                      day=each.batch.start_date, status="present"))
        db.session.add(Placement(enrolment_id=each.id, status="self_employed",
                                 start_date=date(2026, 6, 1), business_name="Usaha"))
    db.session.commit()


@pytest.fixture
def district(db):
    """One district with a village, a batch held there, one person of the village who
    trained and passed (marked, certified, placed), and an inmate in a prison batch."""
    regency = RegencyFactory(name="Kab. Uji")
    subdistrict = SubdistrictFactory(parent=regency, name="Kec. Uji")
    village = VillageFactory(parent=subdistrict, name="Desa Uji")
    batch = BatchFactory(regency=regency, village=village, status="done", year=2026,
                         venue_name="Balai Desa Uji")
    person = ParticipantFactory(regency=regency, village=village, full_name="Siti Warga",
                                nik="3514045506950001", address="Dusun Krajan",
                                phone="081234567890")
    enrolment = EnrolmentFactory(participant=person, batch=batch, status="passed")
    prison = BatchFactory(regency=regency, venue_type="prison", venue_name="Lapas Uji",
                          status="done", year=2026)
    inmate = ParticipantFactory(regency=regency, village=village, full_name="Rina Binaan",
                                employment="inmate", nik="3514045506950002")
    inmate_enrolment = EnrolmentFactory(participant=inmate, batch=prison, status="passed")
    _marked_and_placed(db, enrolment, inmate_enrolment)
    CertificateFactory(enrolment=enrolment, number="001/MTU/IV/2026")
    CertificateFactory(enrolment=inmate_enrolment, number="002/MTU/IV/2026")
    return {"regency": regency, "village": village, "batch": batch, "person": person,
            "inmate": inmate, "prison": prison}


@pytest.fixture
def strangers(district, db):
    """Two people an export would show if its scope slipped, both marked, certified and
    placed (so in every dataset): one of another district trained there, and one another
    office recorded, trained in the district's own batch."""
    far = EnrolmentFactory(status="passed", participant__full_name="Orang Jauh",
                           batch=BatchFactory(status="done", venue_name="Balai Jauh"))
    outsider = EnrolmentFactory(status="passed", batch=district["batch"],
                                participant__full_name="Dari Kabupaten Lain",
                                participant__address="Jl. Jauh",
                                participant__phone="089999999999")
    _marked_and_placed(db, far, outsider)
    for each in (far, outsider):
        CertificateFactory(enrolment=each)
    return {"far": far.participant, "outsider": outsider.participant}


def _read(response, file_format) -> dict[str, dict]:
    """The rows by name, empty cells as ""."""
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
    return {row["Nama"]: {key: "" if value is None else str(value)
                          for key, value in row.items()} for row in rows}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("dataset", PERSON_LEVEL)
def test_every_export_gives_staff_their_district_and_no_nik_of_another_office(
        client, district, strangers, dataset, file_format):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    rows = _read(download(client, dataset, file_format), file_format)
    assert set(rows) == {"Siti Warga", "Rina Binaan", "Dari Kabupaten Lain"}
    assert rows["Siti Warga"]["NIK"] == district["person"].nik
    assert rows["Rina Binaan"]["NIK"] == district["inmate"].nik
    assert rows["Dari Kabupaten Lain"]["NIK"] == ""


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_batches_export_gives_staff_their_districts_batches(client, district, strangers,
                                                                 file_format):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    rows = read_csv(download(client, "batches")) if file_format == "csv" \
        else read_xlsx(download(client, "batches", "xlsx"))
    assert {row["Tempat pelatihan"]: str(row["Peserta"]) for row in rows} == {
        "Balai Desa Uji": "2", "Lapas Uji": "1"}


@pytest.mark.parametrize("dataset", PERSON_LEVEL)
def test_every_export_gives_admins_everyone_with_whole_niks(client, district, strangers,
                                                            dataset):
    client.login(UserFactory())
    rows = _read(download(client, dataset), "csv")
    people = (district["person"], district["inmate"], strangers["far"], strangers["outsider"])
    assert {name: row["NIK"] for name, row in rows.items()} == {
        person.full_name: person.nik for person in people}


def test_staff_export_their_district_with_whole_nik_address_and_phone(client, district):
    staff = UserFactory(staff=True, regency=district["regency"])
    other = BatchFactory(venue_name="Balai Desa Lain")  # another district
    EnrolmentFactory(batch=other, participant__full_name="Orang Lain")
    client.login(staff)
    rows = read_csv(download(client, "participants"))
    assert {row["Nama"] for row in rows} == {"Siti Warga", "Rina Binaan"}
    siti = next(row for row in rows if row["Nama"] == "Siti Warga")
    assert siti["NIK"] == "3514045506950001"
    assert siti["Alamat"] == "Dusun Krajan" and siti["Telepon"] == "081234567890"
    assert siti["Desa/kelurahan"] == "Desa Uji" and siti["Kecamatan"] == "Kec. Uji"
    assert siti["Status peserta"] == "Lulus"
    batches = read_csv(download(client, "batches"))
    assert {row["Tempat pelatihan"] for row in batches} == {"Balai Desa Uji", "Lapas Uji"}


def test_each_export_holds_what_it_should(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    marks = read_csv(download(client, "attendance"))
    assert {(row["Nama"], row["Kehadiran"]) for row in marks} == {
        ("Siti Warga", "Hadir"), ("Rina Binaan", "Hadir")}
    results = {row["Nama"]: row for row in read_csv(download(client, "results"))}
    assert results["Siti Warga"]["Nomor sertifikat"] == "001/MTU/IV/2026"
    placements = read_csv(download(client, "placements"))
    assert {row["Status penempatan"] for row in placements} == {"Wirausaha"}
    batch = next(row for row in read_csv(download(client, "batches"))
                 if row["Tempat pelatihan"] == "Balai Desa Uji")
    assert (batch["Peserta"], batch["Lulus"], batch["Status"]) == ("1", "1", "Selesai")


@pytest.mark.parametrize("dataset", ALL)
def test_xlsx_holds_the_same_rows_as_csv(client, district, dataset):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    as_csv = read_csv(download(client, dataset))
    as_xlsx = read_xlsx(download(client, dataset, "xlsx"))
    assert len(as_csv) == len(as_xlsx) > 0
    assert list(as_csv[0]) == list(as_xlsx[0])


def test_village_operator_gets_masked_niks_of_their_village_and_no_inmate(client, district,
                                                                        strangers):
    operator = UserFactory(village_operator=True, village=district["village"])
    elsewhere = EnrolmentFactory(batch=district["batch"],
                                 participant__regency=district["regency"],
                                 participant__village=VillageFactory())
    client.login(operator)
    for dataset in PERSON_LEVEL:
        for rows in (read_csv(download(client, dataset)),
                     read_xlsx(download(client, dataset, "xlsx"))):
            names = {row["Nama"] for row in rows}
            assert names == {"Siti Warga"}, dataset
            assert elsewhere.participant.full_name not in names
            assert "Orang Jauh" not in names and "Dari Kabupaten Lain" not in names
            assert all(row["NIK"] == "3514********0001" for row in rows)
    siti = read_csv(download(client, "participants"))[0]
    assert siti["Alamat"] == siti["Telepon"] == siti["Tanggal lahir"] == ""
    batches = read_csv(download(client, "batches"))
    assert [row["Tempat pelatihan"] for row in batches] == ["Balai Desa Uji"]


def test_no_nik_address_or_phone_of_a_person_another_office_recorded(client, district):
    staff = UserFactory(staff=True, regency=district["regency"])
    outsider = ParticipantFactory(full_name="Dari Kabupaten Lain", address="Jl. Jauh",
                                  phone="089999999999")
    EnrolmentFactory(batch=district["batch"], participant=outsider)
    client.login(staff)
    row = next(row for row in read_csv(download(client, "participants"))
               if row["Nama"] == "Dari Kabupaten Lain")
    assert row["NIK"] == row["Alamat"] == row["Telepon"] == row["Tanggal lahir"] == ""
    text = download(client, "attendance").get_data(as_text=True) \
        + download(client, "participants", "xlsx").get_data().decode("latin-1")
    assert outsider.nik not in text and "Jl. Jauh" not in text


def test_admin_gets_every_district(client, district):
    EnrolmentFactory(batch=BatchFactory(), participant__full_name="Orang Lain")
    client.login(UserFactory())
    names = {row["Nama"] for row in read_csv(download(client, "participants"))}
    assert names == {"Siti Warga", "Rina Binaan", "Orang Lain"}


@pytest.mark.parametrize("role", [Role.COMPANY, Role.TRAINER, Role.AGENCY])
def test_companies_trainers_and_agencies_take_no_export(client, district, role):
    client.login(user_with_role(role))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/log").status_code == 403
    for dataset in ALL:
        assert download(client, dataset).status_code == 403


def test_filters_narrow_every_export(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    by_venue = read_csv(download(client, "participants", venue="prison"))
    assert [row["Nama"] for row in by_venue] == ["Rina Binaan"]
    assert read_csv(download(client, "participants", year=2025)) == []
    village = district["village"]
    by_village = read_csv(download(client, "batches", village=village.code))
    assert [row["Tempat pelatihan"] for row in by_village] == ["Balai Desa Uji"]
    period = read_csv(download(client, "attendance", start="2026-03-02", end="2026-12-31"))
    assert period and read_csv(download(client, "attendance", start="2026-05-01")) == []
    funded = read_csv(download(client, "batches", funding="apbn"))
    assert funded == []
    course = district["batch"].course
    assert [row["Kejuruan"] for row in read_csv(
        download(client, "batches", course=course.id))] == [course.name]


def test_bad_filters_and_unknown_exports(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    assert client.get("/reports/download?export=secrets.csv").status_code == 404
    assert client.get("/reports/download?export=participants.pdf").status_code == 404
    assert client.get("/reports/download").status_code == 404
    page = client.get("/reports/?year=abc&start=kemarin&village=Tidak+Ada")
    assert page.status_code == 422
    assert "Harus berupa bilangan bulat." in page.get_data(as_text=True)
    # An invalid filter never widens a download to everything: the page says what is wrong.
    answer = download(client, "participants", year="abc")
    assert answer.status_code == 422 and answer.mimetype == "text/html"
    fragment = client.htmx_get("/reports/?course=x&end=2026-01-01&start=2026-02-01")
    assert fragment.status_code == 422
    assert "Tanggal akhir sebelum tanggal awal." in fragment.get_data(as_text=True)


def test_formula_cells_are_guarded_in_csv_and_xlsx(client, district, db):
    district["person"].full_name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    client.login(UserFactory(staff=True, regency=district["regency"]))
    names = {row["Nama"] for row in read_csv(download(client, "participants"))}
    assert "'=HYPERLINK(\"http://x\")" in names
    names = {row["Nama"] for row in read_xlsx(download(client, "participants", "xlsx"))}
    assert "'=HYPERLINK(\"http://x\")" in names


def test_every_export_is_logged_with_its_filters(client, district, db):
    staff = UserFactory(staff=True, regency=district["regency"])
    client.login(staff)
    download(client, "participants", year=2026).get_data()
    download(client, "attendance", "xlsx").get_data()
    logged = db.session.scalars(select(Export).order_by(Export.id)).all()
    assert [(e.user_id, e.dataset, e.format, e.rows) for e in logged] == [
        (staff.id, "participants", "csv", 2), (staff.id, "attendance", "xlsx", 2)]
    assert logged[0].filters == "Tahun 2026"
    assert logged[0].regency_id == district["regency"].id


def test_an_export_holding_inmates_counts_as_a_look_at_their_records(client, district, db):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    download(client, "participants").get_data()
    looks = db.session.scalars(select(ParticipantView)).all()
    assert [(look.participant_id, look.what) for look in looks] == [
        (district["inmate"].id, "export")]


def test_the_log_shows_admins_everything_and_staff_their_district(client, district, db):
    staff = UserFactory(staff=True, regency=district["regency"], name="Staf Uji")
    other = UserFactory(staff=True, name="Staf Lain")
    for user in (staff, other):
        client.login(user)
        download(client, "batches").get_data()
        client.post_form("/auth/logout")
    client.login(staff)
    page = client.get("/reports/log").get_data(as_text=True)
    assert "Staf Uji" in page and "Staf Lain" not in page
    client.post_form("/auth/logout")
    client.login(UserFactory())
    page = client.get("/reports/log").get_data(as_text=True)
    assert "Staf Uji" in page and "Staf Lain" in page
    client.post_form("/auth/logout")
    client.login(UserFactory(village_operator=True, village=district["village"]))
    assert client.get("/reports/log").status_code == 403


def test_the_log_paginates(client, district, db, app):
    staff = UserFactory(staff=True, regency=district["regency"])
    for _ in range(app.config.get("FLASK_SQLALCHEMY_PER_PAGE", 20) + 30):
        db.session.add(Export(user_id=staff.id, regency_id=staff.regency_id,
                              dataset="batches", format="csv"))
    db.session.commit()
    client.login(staff)
    page = client.get("/reports/log").get_data(as_text=True)
    assert 'rel="next"' in page
    assert client.get("/reports/log?page=2").status_code == 200


def test_page_counts_rows_and_answers_htmx_with_the_table_alone(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    page = client.get("/reports/")
    assert page.status_code == 200
    assert "Menyiapkan berkas" in page.get_data(as_text=True)
    fragment = client.htmx_get("/reports/?venue=prison").get_data(as_text=True)
    assert "<html" not in fragment and "participants.xlsx" in fragment


def test_page_counts_up_to_the_limit_then_says_more(client, district, monkeypatch):
    """Counting stops past COUNT_LIMIT (a district's years of marks are hundreds of
    thousands); the page says "lebih dari" then, and the file still holds every row."""
    from mtu.reports import exports

    monkeypatch.setattr(exports, "COUNT_LIMIT", 1)
    client.login(UserFactory(staff=True, regency=district["regency"]))
    page = client.get("/reports/").get_data(as_text=True)
    assert "lebih dari 1" in page
    monkeypatch.setattr(exports, "COUNT_LIMIT", 1_000_000)
    assert "lebih dari" not in client.get("/reports/").get_data(as_text=True)


def test_the_download_says_when_it_started(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    response = download(client, "batches", "xlsx", token="1733-4242424242")
    assert "mtu_download=1733-4242424242" in response.headers["Set-Cookie"]
    response = download(client, "batches", token="<script>")
    assert "Set-Cookie" not in response.headers or "mtu_download" not in \
        response.headers.get("Set-Cookie", "")


def test_certificates_of_a_batch_outside_the_district_stay_out(client, district):
    client.login(UserFactory(staff=True, regency=district["regency"]))
    CertificateFactory(number="999/LAIN/2026")
    assert "999/LAIN/2026" not in download(client, "results").get_data(as_text=True)


def test_the_log_takes_as_many_queries_for_2_exports_as_for_12(client, district, db,
                                                               count_queries):
    staff = UserFactory(staff=True, regency=district["regency"])
    client.login(staff)

    def taken_by_others(count):
        for _n in range(count):
            user = UserFactory(staff=True, regency=district["regency"])
            db.session.add(Export(user_id=user.id, regency_id=user.regency_id,
                                  dataset="batches", format="csv"))
        db.session.commit()

    taken_by_others(2)
    few = count_queries(lambda: client.get("/reports/log"))
    taken_by_others(10)
    assert count_queries(lambda: client.get("/reports/log")) == few

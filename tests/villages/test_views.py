"""Village pages: a district's villages, one village's proposals."""

from mtu.authz import Role
from tests.factories import CourseFactory, ProposalFactory, SubdistrictFactory, VillageFactory


def test_staff_see_the_villages_of_their_district_only(client, login_as):
    staff = login_as(Role.STAFF)
    subdistrict = SubdistrictFactory(parent=staff.regency)
    VillageFactory(parent=subdistrict, name="Bulukandang")
    VillageFactory(name="Desa Lain Kabupaten")
    page = client.get("/villages/").get_data(as_text=True)
    assert "Bulukandang" in page and "Desa Lain Kabupaten" not in page


def test_search_and_subdistrict_filter_return_only_the_list(client, login_as):
    staff = login_as(Role.STAFF)
    lumbang = SubdistrictFactory(parent=staff.regency, name="Lumbang")
    kraton = SubdistrictFactory(parent=staff.regency, name="Kraton")
    VillageFactory(parent=lumbang, name="Bulukandang")
    VillageFactory(parent=kraton, name="Dompo")
    fragment = client.htmx_get("/villages/?q=bulu").get_data(as_text=True)
    assert "<html" not in fragment and "Bulukandang" in fragment and "Dompo" not in fragment
    fragment = client.htmx_get(f"/villages/?subdistrict={kraton.id}").get_data(as_text=True)
    assert "Dompo" in fragment and "Bulukandang" not in fragment


def test_village_page_counts_proposals_by_status(client, login_as):
    staff = login_as(Role.STAFF)
    village = VillageFactory(parent__parent=staff.regency)
    ProposalFactory(village=village, course=CourseFactory(name="Membatik"))
    ProposalFactory(village=village, status="verified")
    ProposalFactory(village=village, status="done")
    page = client.get(f"/villages/{village.id}").get_data(as_text=True)
    assert "Membatik" in page
    for label in ("Diusulkan", "Diverifikasi", "Selesai"):
        assert f"<dt>{label}</dt><dd>1</dd>" in page
    assert "<dt>Ditolak</dt><dd>0</dd>" in page


def test_village_operator_is_taken_to_their_own_village(client, login_as):
    operator = login_as(Role.VILLAGE)
    response = client.get("/villages/")
    assert response.headers["Location"] == f"/villages/{operator.village_id}"
    assert client.get(f"/villages/{operator.village_id}").status_code == 200


def test_another_village_by_guessed_id_is_not_found(client, login_as):
    login_as(Role.VILLAGE)
    other = VillageFactory()
    assert client.get(f"/villages/{other.id}").status_code == 404


def test_staff_cannot_open_a_village_of_another_district(client, login_as):
    login_as(Role.STAFF)
    assert client.get(f"/villages/{VillageFactory().id}").status_code == 404


def test_village_page_counts_batches_held_and_residents_trained(client, login_as, db):
    from tests.factories import BatchFactory, EnrolmentFactory, ParticipantFactory

    staff = login_as(Role.STAFF)
    village = VillageFactory(parent__parent=staff.regency)
    done = BatchFactory(village=village, regency=staff.regency, status="done")
    BatchFactory(village=village, regency=staff.regency, status="cancelled")
    running = BatchFactory(village=village, regency=staff.regency, status="running")
    resident = ParticipantFactory(village=village)
    EnrolmentFactory(batch=done, participant=resident)
    EnrolmentFactory(batch=running, participant=ParticipantFactory(village=village))
    EnrolmentFactory(batch=done, participant=ParticipantFactory(), status="withdrawn")
    page = client.get(f"/villages/{village.id}").get_data(as_text=True)
    assert "<dt>Paket pelatihan di desa ini</dt><dd>2</dd>" in page
    assert "<dt>Warga yang menyelesaikan pelatihan</dt><dd>1</dd>" in page


def test_village_page_counts_residents_with_a_valid_certificate(client, login_as, db):
    from datetime import date, datetime

    from mtu.certificates.models import Certificate
    from tests.factories import BatchFactory, EnrolmentFactory, ParticipantFactory

    staff = login_as(Role.STAFF)
    village = VillageFactory(parent__parent=staff.regency)
    batch = BatchFactory(village=village, regency=staff.regency, status="done")
    for n, revoked in enumerate((None, datetime(2026, 5, 1))):
        enrolment = EnrolmentFactory(batch=batch, participant=ParticipantFactory(village=village),
                                     status="passed")
        db.session.add(Certificate(
            enrolment_id=enrolment.id, number=f"00{n}/T/2026", code=f"kode-{n}-abcdefghij",
            issuer_kind="office", issuer_name="Disnaker", signatory_name="Kepala",
            signatory_title="Kepala", issued_on=date(2026, 4, 1), revoked_at=revoked))
    db.session.commit()
    page = client.get(f"/villages/{village.id}").get_data(as_text=True)
    assert "<dt>Warga bersertifikat</dt><dd>1</dd>" in page

"""Follow-up pages through HTTP: recording once per post, bad input, scope, and the record of
every look at an inmate's data."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mtu.aftercare.models import Aftercare
from mtu.clock import local_today
from mtu.participants.models import ParticipantView
from tests.aftercare.conftest import make_inmate
from tests.factories import AgencyFactory, ParticipantFactory, UserFactory


def day(n):
    return (local_today() + timedelta(days=n)).isoformat()


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def token_of(page: str) -> str:
    return page.split('name="submission_token" type="hidden" value="')[1].split('"')[0]


def test_staff_record_a_follow_up_once_even_when_posted_twice(client, db, staff, inmate):
    client.login(staff)
    url = f"/aftercare/participants/{inmate.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Sri Wahyuni" in page and "Catat tindak lanjut" in page
    agency = AgencyFactory(name="Dinas Koperasi dan UMKM")
    data = {"kind": "release", "held_on": day(-1), "agency_id": str(agency.id),
            "released_on": day(-30), "status": "business", "contact": "0812-1111-2222",
            "note": "Usaha sulam di rumah", "next_on": day(60),
            "submission_token": token_of(page)}
    first, second = client.post_form(url, data), client.post_form(url, data)
    assert first.status_code == second.status_code == 302
    assert count(db, Aftercare) == 1
    page = client.get(url).get_data(as_text=True)
    assert "Usaha berjalan" in page and "Dinas Koperasi dan UMKM" in page
    assert "0812-1111-2222" in page


@pytest.mark.parametrize("junk", [{"kind": "x"}, {"agency_id": "abc"}, {"held_on": "kemarin"},
                                  {"status": "x", "kind": "release"}, {"agency_id": "9" * 20},
                                  {"next_on": "2026-13-45"}])
def test_junk_is_answered_with_the_form_and_what_was_typed(client, db, staff, inmate, junk):
    client.login(staff)
    data = {"kind": "sales", "held_on": day(-1), "note": "Catatan saya", **junk}
    response = client.post_form(f"/aftercare/participants/{inmate.id}", data)
    assert response.status_code == 422
    assert "Catatan saya" in response.get_data(as_text=True)
    assert count(db, Aftercare) == 0


def test_others_get_404_for_the_page_and_guessed_ids(client, db, inmate):
    client.login(UserFactory(staff=True))
    assert client.get(f"/aftercare/participants/{inmate.id}").status_code == 404
    assert client.get(f"/aftercare/participants/{'9' * 20}").status_code == 404
    assert client.get("/aftercare/1/edit").status_code == 404
    assert "Sri Wahyuni" not in client.get("/aftercare/").get_data(as_text=True)


def test_a_non_inmate_has_no_follow_up_page(client, db, staff):
    person = ParticipantFactory(regency=staff.regency)
    client.login(staff)
    assert client.get(f"/aftercare/participants/{person.id}").status_code == 404


def test_overdue_list(client, db, staff, inmate):
    make_inmate(staff.regency, name="Lewat Bebas", expected_release_on=local_today()
                - timedelta(days=120))
    client.login(staff)
    page = client.get("/aftercare/?overdue=1").get_data(as_text=True)
    assert "Lewat Bebas" in page and "Sri Wahyuni" not in page
    assert "belum ada tindak lanjut setelah bebas" in page
    assert "Sri Wahyuni" in client.get("/aftercare/?q=wahyu").get_data(as_text=True)


def test_edit_a_follow_up(client, db, staff, inmate):
    client.login(staff)
    url = f"/aftercare/participants/{inmate.id}"
    client.post_form(url, {"kind": "sales", "held_on": day(-3), "note": "awal"})
    record = db.session.scalar(select(Aftercare))
    assert client.get(f"/aftercare/{record.id}/edit").status_code == 200
    response = client.post_form(f"/aftercare/{record.id}/edit",
                                {"kind": "capital", "held_on": day(-2), "note": "KUR"})
    assert response.status_code == 302
    db.session.refresh(record)
    assert (record.kind, record.note) == ("capital", "KUR")


# The record of looks -------------------------------------------------------------------------

def views(db, person=None):
    statement = select(ParticipantView.what, ParticipantView.user_id)
    if person is not None:
        statement = statement.where(ParticipantView.participant_id == person.id)
    return db.session.execute(statement.order_by(ParticipantView.id)).all()


def test_every_look_at_an_inmate_is_recorded_and_shown_to_staff(client, db, staff, inmate):
    plain = ParticipantFactory(regency=staff.regency, full_name="Warga Biasa")
    client.login(staff)
    client.get(f"/participants/{inmate.id}")
    client.get(f"/participants/{inmate.id}/edit")
    client.get(f"/aftercare/participants/{inmate.id}")
    client.get(f"/participants/{plain.id}")
    batch = inmate.enrolments[0].batch
    client.get(f"/participants/batches/{batch.id}")
    assert client.get(f"/facilities/batches/{batch.id}/receipt.pdf").status_code == 200
    assert views(db, inmate) == [("detail", staff.id), ("edit", staff.id),
                                 ("aftercare", staff.id), ("roster", staff.id),
                                 ("export", staff.id)]
    # Anyone else's profile opened counts too (issue 20).
    assert views(db, plain) == [("detail", staff.id)]
    page = client.get(f"/participants/{inmate.id}/views").get_data(as_text=True)
    assert "Profil peserta" in page and "Unduhan (PDF/CSV)" in page and staff.name in page
    assert "Riwayat akses data" in client.get(f"/participants/{inmate.id}").get_data(
        as_text=True)


def test_the_participants_list_showing_an_inmate_is_a_look(client, db, staff, inmate):
    plain = ParticipantFactory(regency=staff.regency)
    client.login(staff)
    page = client.get("/participants/?q=Sri").get_data(as_text=True)
    assert inmate.full_name in page
    assert client.get("/participants/").status_code == 200
    assert views(db, inmate) == [("list", staff.id)] * 2 and views(db, plain) == []
    assert "Daftar peserta" in client.get(f"/participants/{inmate.id}/views").get_data(
        as_text=True)


def test_a_look_keeps_the_page_but_not_what_was_typed_in_its_search_box(
        client, db, staff, inmate):
    """A searched name (or NIK) would outlive the person's anonymisation in a table nothing
    may change; the page and its other arguments stay."""
    client.login(staff)
    assert "Sri Wahyuni" in client.get("/aftercare/?q=Sri+Wahyuni&overdue=0").get_data(
        as_text=True)
    assert db.session.scalars(select(ParticipantView.path)).all() == ["/aftercare/?overdue=0"]


def test_the_audit_log_is_paginated_and_scoped(client, db, staff, inmate, app):
    db.session.add_all([ParticipantView(participant_id=inmate.id, user_id=staff.id,
                                        what="detail", path="/x") for _ in range(60)])
    db.session.commit()
    client.login(staff)
    first = client.get(f"/participants/{inmate.id}/views").get_data(as_text=True)
    assert "Berikutnya" in first
    assert client.get(f"/participants/{inmate.id}/views?page=2").status_code == 200
    client.post_form("/auth/logout")
    client.login(UserFactory(staff=True))
    assert client.get(f"/participants/{inmate.id}/views").status_code == 404
    client.post_form("/auth/logout")
    client.login(UserFactory(agency_staff=True))
    assert client.get(f"/participants/{inmate.id}/views").status_code == 403


def test_a_public_verification_of_an_inmates_certificate_is_recorded(client, db, inmate):
    from tests.factories import CertificateFactory

    certificate = CertificateFactory(enrolment=inmate.enrolments[0])
    client.get(f"/verifikasi/{certificate.code}")
    assert views(db, inmate) == [("verification", None)]


def test_a_prison_batchs_roster_links_each_inmate_to_their_follow_ups(client, db, staff,
                                                                      inmate):
    from tests.factories import TrainerFactory

    batch = inmate.enrolments[0].batch
    client.login(staff)
    link = f"/aftercare/participants/{inmate.id}"
    assert link in client.get(f"/participants/batches/{batch.id}").get_data(as_text=True)
    teacher = TrainerFactory(user=UserFactory(trainer=True))
    batch.trainers.append(teacher)
    db.session.commit()
    client.post_form("/auth/logout")
    client.login(teacher.user)
    page = client.get(f"/participants/batches/{batch.id}").get_data(as_text=True)
    assert "Sri Wahyuni" in page and link not in page

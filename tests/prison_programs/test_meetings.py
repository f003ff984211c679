"""Coordination meetings through HTTP: who may record, read and guess, one meeting per post,
and the action items added on the meeting page."""


import pytest
from sqlalchemy import select

from mtu.prison_programs.models import ActionItem, Meeting, meeting_agencies
from tests.aftercare.test_views import count, day, token_of
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    MeetingFactory,
    ProgrammeFactory,
    UserFactory,
)


def _meeting_data(setting, page, **extra):
    return {"held_on": day(-1), "place": "Aula Lapas", "chair": "Kabid Lattas",
            "agency_ids": [str(setting.partners[0].id), str(setting.programme.prison_id)],
            "minutes": "Pembukaan.\nPaparan LPK.", "decisions": "Pameran sulam\nDaftar BPJS",
            "submission_token": token_of(page), **extra}


def test_staff_record_a_meeting_once_even_when_posted_twice(client, db, setting):
    client.login(setting.staff)
    url = f"/programmes/{setting.programme.id}/meetings/new"
    page = client.get(url).get_data(as_text=True)
    assert "Dinas Koperasi dan UMKM" in page and setting.programme.prison.name in page
    data = _meeting_data(setting, page)
    first, second = client.post_form(url, data), client.post_form(url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(db, Meeting) == 1
    meeting = db.session.scalar(select(Meeting))
    assert {agency.id for agency in meeting.agencies} == {setting.partners[0].id,
                                                          setting.programme.prison_id}
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Aula Lapas" in page and "Pameran sulam" in page and "Tambah tindak lanjut" in page


def test_a_meeting_lists_only_the_programmes_agencies(client, db, setting):
    stranger = AgencyFactory(name="Dinas Lain")
    client.login(setting.staff)
    url = f"/programmes/{setting.programme.id}/meetings/new"
    page = client.get(url).get_data(as_text=True)
    assert stranger.name not in page
    response = client.post_form(url, _meeting_data(setting, page, agency_ids=[str(stranger.id)]))
    assert response.status_code == 422
    assert count(db, Meeting) == 0


@pytest.mark.parametrize("junk", [{"held_on": "kemarin"}, {"place": ""}, {"agency_ids": ["x"]},
                                  {"agency_ids": ["9" * 20]}, {"held_on": ""}])
def test_junk_is_answered_with_the_form(client, db, setting, junk):
    client.login(setting.staff)
    url = f"/programmes/{setting.programme.id}/meetings/new"
    page = client.get(url).get_data(as_text=True)
    response = client.post_form(url, _meeting_data(setting, page, **junk))
    assert response.status_code == 422
    assert "Kabid Lattas" in response.get_data(as_text=True)
    assert count(db, Meeting) == 0


def test_staff_edit_a_meeting(client, db, setting):
    meeting = MeetingFactory(programme=setting.programme)
    client.login(setting.staff)
    url = f"/programmes/meetings/{meeting.id}/edit"
    assert "Ruang Kepala Disnaker" in client.get(url).get_data(as_text=True)
    response = client.post_form(url, {"held_on": day(-2), "place": "Lapas Kebonsari",
                                      "agency_ids": [str(setting.partners[2].id)]})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.place == "Lapas Kebonsari"
    assert [agency.id for agency in meeting.agencies] == [setting.partners[2].id]


def test_action_items_are_added_on_the_meeting_page_once_per_post(client, db, setting):
    meeting = MeetingFactory(programme=setting.programme)
    client.login(setting.staff)
    page = client.get(f"/programmes/meetings/{meeting.id}").get_data(as_text=True)
    data = {"description": "Fasilitasi pameran produk sulam", "due_on": day(14),
            "agency_id": str(setting.partners[0].id), "status": "open",
            "submission_token": token_of(page)}
    url = f"/programmes/meetings/{meeting.id}/actions"
    first = client.post_form(url, data, htmx=True)
    assert first.status_code == 200
    fragment = first.get_data(as_text=True)
    assert "<html" not in fragment and "Fasilitasi pameran produk sulam" in fragment
    assert 'name="submission_token"' in fragment and token_of(fragment) != data["submission_token"]
    second = client.post_form(url, data, htmx=True)
    assert second.headers.get("HX-Redirect") == f"/programmes/meetings/{meeting.id}"
    plain = client.post_form(url, {**data, "submission_token": "lain"})
    assert plain.status_code == 302
    assert count(db, ActionItem) == 2


def test_an_action_item_for_an_agency_outside_the_programme_is_refused(client, db, setting):
    meeting = MeetingFactory(programme=setting.programme)
    stranger = AgencyFactory(name="Dinas Lain")
    client.login(setting.staff)
    for agency_id in (str(stranger.id), "0", "abc"):
        response = client.post_form(f"/programmes/meetings/{meeting.id}/actions",
                                    {"description": "Tugas", "agency_id": agency_id,
                                     "status": "open"}, htmx=True)
        assert response.status_code == 422
        fragment = response.get_data(as_text=True)
        assert "Tugas" in fragment and "<html" not in fragment
    # Without JavaScript: the whole meeting page, the form keeping what was typed.
    response = client.post_form(f"/programmes/meetings/{meeting.id}/actions",
                                {"description": "Tugas tanpa instansi", "agency_id": "0",
                                 "status": "open"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<html" in page and "Tugas tanpa instansi</textarea>" in page
    assert count(db, ActionItem) == 0


def test_the_programmes_agencies_read_meetings_and_do_not_write(client, db, setting):
    meeting = MeetingFactory(programme=setting.programme, decisions="Pameran sulam")
    ActionItemFactory(meeting=meeting, agency=setting.partners[1], description="Modal usaha")
    client.login(setting.agency_user)
    page = client.get(f"/programmes/meetings/{meeting.id}").get_data(as_text=True)
    assert "Pameran sulam" in page and "Modal usaha" in page
    assert "Tambah tindak lanjut" not in page and "/edit" not in page
    # Another agency's item is shown, without the form to change it.
    assert "update_action" not in page and 'name="status"' not in page
    assert client.get(f"/programmes/meetings/{meeting.id}/edit").status_code == 403
    assert client.post_form(f"/programmes/meetings/{meeting.id}/actions",
                            {"description": "x"}).status_code == 403
    assert client.get(f"/programmes/{setting.programme.id}/meetings/new").status_code == 403


@pytest.mark.parametrize("who", ["other_staff", "other_agency", "trainer", "village", "company"])
def test_outsiders_get_404_or_403_for_guessed_ids(client, db, setting, who):
    meeting = MeetingFactory(programme=setting.programme)
    user = {"other_staff": lambda: UserFactory(staff=True),
            "other_agency": lambda: UserFactory(role="agency",
                                                agency=ProgrammeFactory().prison)}.get(
        who, lambda: UserFactory(**{"trainer": {"trainer": True},
                                    "village": {"village_operator": True},
                                    "company": {"company_hr": True}}[who]))()
    client.login(user)
    expected = 404 if who in ("other_staff", "other_agency") else 403
    assert client.get(f"/programmes/meetings/{meeting.id}").status_code == expected
    assert client.get(f"/programmes/{setting.programme.id}/report.pdf").status_code == expected
    if who == "other_staff":
        assert client.get(f"/programmes/meetings/{meeting.id}/edit").status_code == 404
        assert client.get(f"/programmes/{setting.programme.id}/meetings/new").status_code == 404
        assert client.post_form(f"/programmes/meetings/{meeting.id}/actions",
                                {"description": "x"}).status_code == 404
    assert client.get("/programmes/meetings/2147483647").status_code in (403, 404)
    assert client.get("/programmes/meetings/99999999999").status_code in (403, 404)


def test_an_admin_sees_and_writes_any_district(client, db, setting):
    meeting = MeetingFactory(programme=setting.programme)
    client.login(UserFactory(role="admin"))
    assert client.get(f"/programmes/meetings/{meeting.id}").status_code == 200
    assert client.get(f"/programmes/{setting.programme.id}/meetings/new").status_code == 200


def test_the_meeting_page_takes_the_same_queries_for_two_items_or_eight(
        client, db, setting, count_queries):
    meeting = MeetingFactory(programme=setting.programme)

    def add(n):
        for index in range(n):
            agency = setting.partners[index % 3]
            ActionItemFactory(meeting=meeting, agency=agency)
            db.session.execute(meeting_agencies.insert().values(
                meeting_id=meeting.id, agency_id=AgencyFactory().id))
        db.session.commit()

    add(2)
    counts = {}
    for user in (setting.staff, setting.agency_user):
        client.login(user)
        counts[user.id] = count_queries(lambda: client.get(f"/programmes/meetings/{meeting.id}"))
        client.post_form("/auth/logout")
    add(6)
    for user in (setting.staff, setting.agency_user):
        client.login(user)
        assert count_queries(lambda: client.get(f"/programmes/meetings/{meeting.id}")) == \
            counts[user.id]
        client.post_form("/auth/logout")

"""Action items: an agency updates its own items (htmx row or plain post), never another's;
its home page lists them open first; staff list the overdue ones of their district."""

from datetime import timedelta

from mtu.clock import local_today
from mtu.prison_programs.models import ActionItem
from tests.factories import ActionItemFactory, MeetingFactory, ProgrammeFactory, UserFactory


def _switch(client, user):
    client.post_form("/auth/logout")
    client.login(user)


def _item(setting, agency_index=0, **kwargs):
    meeting = kwargs.pop("meeting", None) or MeetingFactory(programme=setting.programme)
    return ActionItemFactory(meeting=meeting, agency=setting.partners[agency_index], **kwargs)


def test_an_agency_marks_its_item_done_inline_with_htmx(client, db, setting):
    item = _item(setting, description="Fasilitasi pameran produk sulam")
    client.login(setting.agency_user)
    response = client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "done", "note": "Pameran 12 Okt", "back": "home"},
                                htmx=True)
    assert response.status_code == 200
    row = response.get_data(as_text=True)
    assert row.lstrip().startswith(f'<li id="action-{item.id}"') and "<html" not in row
    assert "Tersimpan: Selesai." in row and "Pameran 12 Okt" in row
    assert 'value="done" selected' in row
    assert "HX-Request" in response.headers["Vary"]
    db.session.refresh(item)
    assert (item.status, item.note, item.updated_by_id) == ("done", "Pameran 12 Okt",
                                                            setting.agency_user.id)


def test_without_javascript_the_same_post_goes_back_to_the_page(client, db, setting):
    item = _item(setting)
    client.login(setting.agency_user)
    response = client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "in_progress", "note": "", "back": "home"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Tersimpan: Sedang dikerjakan." in page
    db.session.refresh(item)
    assert item.status == "in_progress"
    # An unknown "back" goes to the agency's list, never elsewhere.
    response = client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "done", "back": "https://example.com"})
    assert response.headers["Location"] == "/programmes/actions"


def test_another_agencys_item_is_a_404_and_stays_as_it_was(client, db, setting):
    theirs = _item(setting, agency_index=1)
    elsewhere = ActionItemFactory(meeting=MeetingFactory(programme=ProgrammeFactory()),
                                  agency=setting.partners[0])
    client.login(setting.agency_user)
    for item in (theirs, elsewhere):
        for htmx in (False, True):
            response = client.post_form(f"/programmes/actions/{item.id}/status",
                                        {"status": "done"}, htmx=htmx)
            assert response.status_code == 404
    assert client.post_form("/programmes/actions/2147483647/status",
                            {"status": "done"}).status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == "open"


def test_a_bad_status_is_refused_and_the_row_keeps_what_the_server_holds(client, db, setting):
    item = _item(setting, status="in_progress")
    client.login(setting.agency_user)
    response = client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "hacked", "note": "x" * 600}, htmx=True)
    assert response.status_code == 422
    row = response.get_data(as_text=True)
    assert "Belum tersimpan" in row and 'value="in_progress" selected' in row
    assert row.lstrip().startswith(f'<li id="action-{item.id}"') and "<html" not in row
    plain = client.post_form(f"/programmes/actions/{item.id}/status", {"status": "hacked"})
    assert plain.status_code == 302
    db.session.refresh(item)
    assert item.status == "in_progress"


def test_staff_change_the_status_too_and_other_districts_get_404(client, db, setting):
    item = _item(setting)
    client.login(setting.staff)
    assert client.post_form(f"/programmes/actions/{item.id}/status",
                            {"status": "done", "back": "meeting"}).headers["Location"] == \
        f"/programmes/meetings/{item.meeting_id}"
    # Without a known "back", the office returns to the meeting (the agencies' list is theirs).
    for back in ({}, {"back": "elsewhere"}):
        assert client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "done", **back}).headers["Location"] == \
            f"/programmes/meetings/{item.meeting_id}"
    _switch(client, UserFactory(staff=True))
    assert client.post_form(f"/programmes/actions/{item.id}/status",
                            {"status": "open"}).status_code == 404
    for role in ("trainer", "village_operator", "company_hr"):
        _switch(client, UserFactory(**{role: True}))
        assert client.post_form(f"/programmes/actions/{item.id}/status",
                                {"status": "open"}).status_code == 403


def test_the_agency_home_lists_its_own_items_open_first(client, db, setting):
    today = local_today()
    done = _item(setting, description="Sudah selesai", status="done",
                 due_on=today - timedelta(days=30))
    later = _item(setting, description="Nanti", due_on=today + timedelta(days=20),
                  meeting=done.meeting)
    soon = _item(setting, description="Segera", due_on=today - timedelta(days=2),
                 meeting=done.meeting)
    _item(setting, agency_index=1, description="Tugas koperasi", meeting=done.meeting)
    client.login(setting.agency_user)
    page = client.get("/").get_data(as_text=True)
    assert "Tugas instansi Anda" in page and "Tugas koperasi" not in page
    assert page.index("Segera") < page.index("Nanti") < page.index("Sudah selesai")
    assert "terlambat" in page[page.index("Segera"):page.index("Nanti")]
    listing = client.get("/programmes/actions").get_data(as_text=True)
    assert listing.index(soon.description) < listing.index(later.description)
    assert "Tugas koperasi" not in listing and "<html" in listing
    fragment = client.htmx_get("/programmes/actions?page=1").get_data(as_text=True)
    assert "<html" not in fragment and soon.description in fragment


def test_staff_list_the_overdue_items_of_their_district(client, db, setting, app):
    today = local_today()
    meeting = MeetingFactory(programme=setting.programme)
    late = [_item(setting, meeting=meeting, description=f"Terlambat {n:02d}",
                  due_on=today - timedelta(days=n + 1)) for n in range(app.config["PER_PAGE"] + 1)]
    _item(setting, meeting=meeting, description="Selesai lewat", status="done",
          due_on=today - timedelta(days=3))
    _item(setting, meeting=meeting, description="Belum jatuh tempo",
          due_on=today + timedelta(days=3))
    ActionItemFactory(description="Kabupaten lain", due_on=today - timedelta(days=3))
    client.login(setting.staff)
    page = client.get("/programmes/actions/overdue").get_data(as_text=True)
    assert f"{len(late)} tindak lanjut terlambat" in page
    assert f"Terlambat {len(late) - 1:02d}" in page  # the longest overdue first
    for absent in ("Selesai lewat", "Belum jatuh tempo", "Kabupaten lain"):
        assert absent not in page
    assert 'rel="next"' in page
    second = client.htmx_get("/programmes/actions/overdue?page=2").get_data(as_text=True)
    assert "<html" not in second and "Terlambat 00" in second
    assert "Tugas rapat terlambat" in page  # the Data menu
    assert client.get("/programmes/actions/overdue?page=abc").status_code == 200


def test_agency_accounts_do_not_get_the_overdue_list_and_staff_not_the_agency_list(
        client, db, setting):
    client.login(setting.agency_user)
    assert client.get("/programmes/actions/overdue").status_code == 403
    _switch(client, setting.staff)
    assert client.get("/programmes/actions").status_code == 403
    assert db.session.get(ActionItem, 1) is None


def test_lists_take_the_same_queries_for_two_items_or_eight(client, db, setting, count_queries):
    today = local_today()

    def add_items(n):
        for _ in range(n):
            other = ProgrammeFactory(regency=setting.programme.regency)
            ActionItemFactory(meeting=MeetingFactory(programme=other),
                              agency=setting.partners[0], due_on=today - timedelta(days=1))
            _item(setting, due_on=today - timedelta(days=2))

    add_items(1)
    pages = {"/programmes/actions/overdue": setting.staff, "/": setting.agency_user,
             "/programmes/actions": setting.agency_user}
    counts = {}
    for url, user in pages.items():
        _switch(client, user)
        counts[url] = count_queries(lambda url=url: client.get(url))
    add_items(3)
    for url, user in pages.items():
        _switch(client, user)
        assert count_queries(lambda url=url: client.get(url)) == counts[url], url

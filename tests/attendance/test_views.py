"""The trainer's day through HTTP: taps, the no-JavaScript form, journal, recap, access."""

from datetime import timedelta

from mtu.attendance.models import AttendanceMark
from mtu.clock import local_today
from tests.factories import BatchFactory, EnrolmentFactory, UserFactory
from tests.weigh import wire_size


def test_home_opens_todays_session_in_one_tap(client, day_page):
    batch, _enrolments, url = day_page
    home = client.get("/").get_data(as_text=True)
    assert f"/attendance/batches/{batch.id}/today" in home
    assert client.get(f"/attendance/batches/{batch.id}/today").headers["Location"] == url


def test_the_day_page_lists_participants_with_masked_niks_only(client, day_page):
    _batch, enrolments, url = day_page
    page = client.get(url).get_data(as_text=True)
    for enrolment in enrolments:
        assert enrolment.participant.full_name in page
        assert enrolment.participant.nik not in page
    assert "Semua hadir" in page and "<noscript>" in page


def test_a_tap_answers_with_only_that_row_under_one_kilobyte(client, day_page, db):
    _batch, enrolments, url = day_page
    target = enrolments[1]
    response = client.post(url + "/marks", data={f"mark-{target.id}": "present"},
                           headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token(),
                                    "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    print("tap answer on the wire:", wire_size(response), "bytes")
    assert wire_size(response) <= 1024, wire_size(response)
    client.post(url + "/marks", data={f"mark-{target.id}": "present"},
                headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()})
    assert db.session.query(AttendanceMark).count() == 1
    body = client.post(url + "/marks", data={f"mark-{target.id}": "sick"},
                       headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()})
    text = body.get_data(as_text=True)
    assert text.lstrip().startswith(f'<li id="e{target.id}"') and "checked" in text
    assert db.session.query(AttendanceMark).one().status == "sick"


def test_without_javascript_the_screen_is_one_form(client, day_page, db):
    _batch, enrolments, url = day_page
    data = {f"mark-{e.id}": "present" for e in enrolments}
    data[f"mark-{enrolments[0].id}"] = "permitted"
    response = client.post_form(url + "/marks", data)
    assert response.status_code == 302 and response.headers["Location"] == url
    statuses = sorted(m.status for m in db.session.query(AttendanceMark))
    assert statuses == ["permitted", "present", "present"]
    page = client.get(url).get_data(as_text=True)
    assert page.count("checked") == 3


def test_all_present_in_one_tap(client, day_page, db):
    _batch, _enrolments, url = day_page
    response = client.post_form(url + "/all-present", htmx=True)
    assert "<html" not in response.get_data(as_text=True)
    assert db.session.query(AttendanceMark).count() == 3


def test_journal_saves_inline_and_explains_what_is_missing(client, day_page, db):
    _batch, _enrolments, url = day_page
    bad = client.post_form(url + "/journal", {"hours": "8", "competency_unit_id": "0",
                                              "topic": "", "notes": "hujan"}, htmx=True)
    assert bad.status_code == 422
    assert "Pilih unit kompetensi atau tulis materi" in bad.get_data(as_text=True)
    good = client.post_form(url + "/journal", {"hours": "6", "competency_unit_id": "0",
                                               "topic": "Kewirausahaan", "notes": ""}, htmx=True)
    assert good.status_code == 200 and "Jurnal tersimpan." in good.get_data(as_text=True)


def test_a_locked_day_is_read_only_for_the_trainer(client, day_page, app):
    batch, enrolments, _url = day_page
    old = batch.start_date
    app.config["ATTENDANCE_EDIT_DAYS"] = 1
    try:
        url = f"/attendance/batches/{batch.id}/{old.isoformat()}"
        assert "hanya dibaca" in client.get(url).get_data(as_text=True)
        response = client.post_form(url + "/marks", {f"mark-{enrolments[0].id}": "present"})
        assert response.status_code == 422 and "dikunci" in response.get_data(as_text=True)
    finally:
        app.config["ATTENDANCE_EDIT_DAYS"] = 2


def test_garbage_is_refused_without_a_500(client, day_page):
    batch, enrolments, url = day_page
    assert client.post_form(url + "/marks", {f"mark-{enrolments[0].id}": "hadir"}).status_code \
        == 400
    assert client.post_form(url + "/marks", {"mark-999999": "present"}).status_code == 400
    assert client.post_form(url + "/marks", {"mark-abc": "present"}).status_code == 400
    assert client.get(f"/attendance/batches/{batch.id}/kemarin").status_code == 404


def test_crafted_digits_in_mark_names_and_hours_are_refused(client, day_page, db):
    """'²' passed str.isdigit() and broke int() (500); '١٢' was read as 12."""
    _batch, enrolments, url = day_page
    arabic = str(enrolments[0].id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for name in ("mark-²", f"mark-{arabic}", f"mark-{10**20}", f"mark-{2**31}", "mark--1"):
        assert client.post_form(url + "/marks", {name: "present"}).status_code == 400, name
    assert db.session.query(AttendanceMark).count() == 0
    for hours in ("٨", "²", str(10**20)):
        response = client.post_form(url + "/journal", {"hours": hours, "competency_unit_id": "0",
                                                       "topic": "Praktik", "notes": ""},
                                    htmx=True)
        assert response.status_code == 422, hours
        assert "Harus berupa bilangan bulat." in response.get_data(as_text=True)
    response = client.post_form(url + "/journal", {"hours": "6", "competency_unit_id": "١",
                                                   "topic": "Praktik", "notes": ""}, htmx=True)
    assert response.status_code == 422


def test_a_trainer_cannot_reach_another_batch(client, day_page):
    other = BatchFactory(start_date=local_today(), status="running")
    enrolment = EnrolmentFactory(batch=other)
    url = f"/attendance/batches/{other.id}/{local_today().isoformat()}"
    assert client.get(url).status_code == 404
    assert client.post_form(url + "/marks", {f"mark-{enrolment.id}": "present"}).status_code \
        == 404


def test_staff_see_the_recap_and_the_missing_days(client, day_page, db):
    batch, enrolments, url = day_page
    client.post_form(url + "/all-present")
    staff = UserFactory(staff=True, regency=batch.regency)
    client.post_form("/auth/logout")
    client.login(staff)
    recap = client.get(f"/attendance/batches/{batch.id}/recap").get_data(as_text=True)
    assert enrolments[0].participant.full_name in recap and "100.0" in recap
    missing = client.get("/attendance/missing").get_data(as_text=True)
    assert batch.course.name in missing and "Tanpa jurnal" in missing


def _tap(client, url, enrolment, value):
    return client.post(url + "/marks", data={f"mark-{enrolment.id}": value},
                       headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()})


def test_a_tap_also_updates_the_counter_and_says_what_was_stored(client, day_page):
    _batch, enrolments, url = day_page
    _tap(client, url, enrolments[0], "present")
    text = _tap(client, url, enrolments[2], "sick").get_data(as_text=True)
    assert ('<small class="inline" id="mark-count" data-hx-swap-oob="true">2 dari 3 sudah ditandai'
            in text)
    name = enrolments[2].participant.full_name
    assert f'hx-swap-oob="innerHTML">Tersimpan: {name}, Sakit.</p>' in text


def test_a_refused_tap_answers_its_row_as_stored_with_the_reason(client, day_page, db):
    batch, enrolments, url = day_page
    _tap(client, url, enrolments[0], "present")
    batch.status = "cancelled"
    db.session.commit()
    response = _tap(client, url, enrolments[0], "absent")
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert text.lstrip().startswith(f'<li id="e{enrolments[0].id}"')
    assert f'id="e{enrolments[1].id}"' not in text and "data-hx-swap-oob" not in text
    assert 'value="present" checked' in text and "Paket ini dibatalkan." in text
    assert db.session.query(AttendanceMark).one().status == "present"


def test_a_sunday_says_it_is_no_session_day_and_offers_only_a_make_up_day(client, day_page, app,
                                                                          monkeypatch, db):
    batch, enrolments, _url = day_page
    monkeypatch.setitem(app.config, "SESSION_WEEKDAYS", {0, 1, 2, 3, 4, 5})
    monkeypatch.setitem(app.config, "ATTENDANCE_EDIT_DAYS", 7)
    batch.start_date = local_today() - timedelta(days=20)
    db.session.commit()
    sunday = local_today() - timedelta(days=local_today().weekday() + 1)
    url = f"/attendance/batches/{batch.id}/{sunday.isoformat()}"
    page = client.get(url).get_data(as_text=True)
    assert "Bukan hari sesi" in page and "Catat sebagai hari pengganti" in page
    assert 'id="attendance"' not in page and 'id="journal"' not in page
    assert "Semua hadir" not in page and "Cetak daftar hadir" not in page
    page = client.get(url + "?pengganti=1").get_data(as_text=True)
    assert "Bukan hari sesi" not in page and "Semua hadir" in page
    # Once something is recorded, the make-up day is an ordinary session day.
    client.post_form(f"{url}/all-present", {})
    page = client.get(url).get_data(as_text=True)
    assert "Bukan hari sesi" not in page and enrolments[0].participant.full_name in page

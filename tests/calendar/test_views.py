"""The calendar through HTTP: the trainer's day and home on a holiday, the make-up day, the
sheet PDF, the calendar page, the batch form's count of session days and the schedule."""

from datetime import date
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark
from mtu.calendar.models import DayOff
from tests.calendar.conftest import AUGUST, FITRI, batch_from, day_off
from tests.factories import BatchFactory, CourseFactory, UserFactory
from tests.weigh import FRAGMENT_BUDGET, FULL_PAGE_BUDGET, wire_size

INDEPENDENCE = date(2026, 8, 17)


def test_on_17_august_the_trainer_is_told_why_and_offered_a_make_up_day(client, district, db,
                                                                        today_is):
    today_is(INDEPENDENCE)
    batch, people = batch_from(district, AUGUST)
    client.login(district.teacher)
    home = client.get("/").get_data(as_text=True)
    assert "Hari ini libur: Hari Kemerdekaan Republik Indonesia" in home
    url = f"/attendance/batches/{batch.id}/{INDEPENDENCE.isoformat()}"
    assert client.get(f"/attendance/batches/{batch.id}/today").headers["Location"] == url
    page = client.get(url).get_data(as_text=True)
    assert "Hari libur" in page and "Hari Kemerdekaan Republik Indonesia" in page
    assert "Catat sebagai hari pengganti" in page and "Semua hadir" not in page
    page = client.get(url + "?pengganti=1").get_data(as_text=True)
    assert "Semua hadir" in page and "Hari pengganti" in page
    assert client.post_form(url + "/all-present").status_code == 302
    assert db.session.scalar(select(AttendanceMark.id).where(
        AttendanceMark.day == INDEPENDENCE)) is not None
    page = client.get(url).get_data(as_text=True)  # marked: a make-up day like any other
    assert "Catat sebagai hari pengganti" not in page and "Hari pengganti" in page
    assert page.count("checked") == len(people)


def test_a_district_day_off_shows_its_reason_to_that_districts_trainer(client, district, db,
                                                                       today_is):
    day = date(2026, 8, 18)
    today_is(day)
    batch, _people = batch_from(district, AUGUST)
    day_off(db, day, kind="regional", reason="Hari Jadi Kabupaten Pasuruan",
            regency=district.regency)
    client.login(district.teacher)
    assert "Hari ini libur: Hari Jadi Kabupaten Pasuruan (libur daerah)" in client.get(
        "/").get_data(as_text=True)
    page = client.get(f"/attendance/batches/{batch.id}/{day.isoformat()}").get_data(
        as_text=True)
    assert "Hari Jadi Kabupaten Pasuruan" in page and "Catat sebagai hari pengganti" in page


def test_the_weeks_sheet_and_grid_leave_out_17_august(client, district, db, today_is):
    today_is(date(2026, 8, 24))
    batch, _people = batch_from(district, AUGUST)
    client.login(district.staff)
    response = client.get(f"/attendance/batches/{batch.id}/sheet.pdf?week=2026-08-17")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    assert "18/08" in text and "22/08" in text and "17/08" not in text and "23/08" not in text
    grid = client.get(f"/attendance/batches/{batch.id}/week?start=2026-08-17").get_data(
        as_text=True)
    assert "c-" in grid and "-2026-08-18" in grid and "-2026-08-17" not in grid


def test_missing_days_page_leaves_out_the_holiday(client, district, db, today_is):
    today_is(date(2026, 8, 19))
    batch_from(district, AUGUST)
    client.login(district.staff)
    page = client.get("/attendance/missing").get_data(as_text=True)
    assert "18/8" in page and "15/8" in page and "17/8" not in page and "16/8" not in page


def test_the_batch_form_counts_session_days_and_warns_when_hours_do_not_fit(client, district,
                                                                            db):
    client.login(district.staff)
    url = f"/batches/session-days?course_id={district.course.id}"
    response = client.htmx_get(url + "&start_date=2026-08-03")
    text = response.get_data(as_text=True)
    assert "30 hari kalender, 24 hari pelatihan, 2 hari libur: 17 Agustus (Hari Kemerdekaan" \
        in text and "25 Agustus" in text and "tidak muat" not in text
    assert wire_size(response) <= FRAGMENT_BUDGET
    day_off(db, date(2027, 3, 9), reason="Cuti bersama Idul Fitri")
    text = client.htmx_get(url + "&start_date=2027-03-01&end_date=2027-03-30").get_data(
        as_text=True)
    assert "21 hari pelatihan, 5 hari libur" in text and "Idul Fitri (perkiraan)" in text
    assert "(240 JP) tidak muat" in text and "Cukup bila selesai 2 April 2027" in text
    for bad in ("start_date=2026-13-01", "start_date=٢٠٢٦-08-03", "start_date=9999-12-31",
                "start_date=2026-08-03&end_date=2025-01-01", "batch=99999999999999999999"):
        response = client.htmx_get(url + "&" + bad)
        assert response.status_code in (200, 404) and "hari kalender" not in response.get_data(
            as_text=True), bad
    assert client.get(url + "&start_date=2026-08-03").headers["Location"] == "/batches/new"
    page = client.get("/batches/new").get_data(as_text=True)
    assert 'id="session-days"' in page and "batches/session-days" in page


def test_the_schedule_marks_the_holidays(client, district, db):
    day_off(db, date(2026, 9, 18), kind="regional", reason="Hari Jadi Kabupaten Pasuruan",
            regency=district.regency)
    client.login(district.staff)
    response = client.get("/batches/schedule?year=2026")
    page = response.get_data(as_text=True)
    assert 'class="day-off"' in page and "Hari Kemerdekaan Republik Indonesia" in page
    assert "Hari Jadi Kabupaten Pasuruan" in page
    assert wire_size(response) <= FULL_PAGE_BUDGET


def test_the_calendar_page_lists_and_takes_days_off(client, district, db):
    admin = UserFactory()
    client.login(admin)
    response = client.post_form("/calendar/new", {"day": "2027-03-09", "kind": "joint_leave",
                                                  "reason": "Cuti bersama Idul Fitri",
                                                  "batch_id": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)
    shared = db.session.scalar(select(DayOff))
    assert shared.regency_id is None
    client.post_form("/auth/logout")
    client.login(district.staff)
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Cuti bersama Idul Fitri" in page and "Hari Raya Idul Fitri (perkiraan)" in page
    assert f"/calendar/{shared.id}/delete" not in page
    assert client.post_form(f"/calendar/{shared.id}/delete").status_code == 404
    response = client.post_form("/calendar/new", {"day": "2027-03-15", "kind": "regional",
                                                  "reason": "", "batch_id": "0"})
    assert response.status_code == 422 and "Wajib diisi" in response.get_data(as_text=True)
    response = client.post_form("/calendar/new", {"day": "2027-03-15", "kind": "workday",
                                                  "reason": "Masuk", "batch_id": "0"})
    assert response.status_code == 422
    response = client.post_form("/calendar/new", {"day": "2027-03-15", "kind": "regional",
                                                  "reason": "Hari Jadi", "batch_id": "0"})
    assert response.status_code == 302
    own = db.session.scalar(select(DayOff).where(DayOff.regency_id.is_not(None)))
    assert own.regency_id == district.regency.id
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Hari Jadi" in page and f"/calendar/{own.id}/delete" in page
    client.post_form("/auth/logout")
    client.login(UserFactory(staff=True))  # another district sees the shared day only
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Cuti bersama Idul Fitri" in page and "Hari Jadi" not in page
    assert client.post_form(f"/calendar/{own.id}/delete").status_code == 404
    client.post_form("/auth/logout")
    client.login(district.staff)
    own_id = own.id
    assert client.post_form(f"/calendar/{own_id}/delete").status_code == 302
    db.session.expunge_all()
    assert db.session.get(DayOff, own_id) is None


def test_a_venue_day_off_names_its_batch(client, district, db):
    batch, _people = batch_from(district, FITRI, status="planned")
    client.login(district.staff)
    assert batch.title in client.get("/calendar/new").get_data(as_text=True)
    response = client.post_form("/calendar/new", {
        "day": "2027-03-16", "kind": "venue", "reason": "Balai desa dipakai Pilkades",
        "batch_id": str(batch.id)})
    assert response.status_code == 302
    record = db.session.scalar(select(DayOff))
    assert record.batch_id == batch.id and record.regency_id == district.regency.id
    response = client.post_form("/calendar/new", {
        "day": "2027-05-16", "kind": "venue", "reason": "x", "batch_id": str(batch.id)})
    assert response.status_code == 422  # outside the batch's dates
    response = client.post_form("/calendar/new", {
        "day": "2027-03-17", "kind": "venue", "reason": "x", "batch_id": "99999999999"})
    assert response.status_code == 422


def test_admins_see_the_shared_list_and_a_district_they_pick(client, district, db):
    day_off(db, date(2026, 9, 18), kind="regional", reason="Hari Jadi Kabupaten Pasuruan",
            regency=district.regency)
    day_off(db, date(2026, 12, 24), reason="Cuti bersama Hari Raya Natal")
    day_off(db, date(2026, 8, 17), kind="workday", reason="Upacara saja")
    client.login(UserFactory())
    page = client.get("/calendar/?year=2026").get_data(as_text=True)
    assert "Cuti bersama Hari Raya Natal" in page and "Hari Jadi" not in page
    assert f'<option value="{district.regency.id}">Kab. Pasuruan</option>' in page
    assert "<s>Hari Kemerdekaan Republik Indonesia</s> · tetap hari kerja" in page
    page = client.get(f"/calendar/?year=2026&regency={district.regency.id}").get_data(
        as_text=True)
    assert "Hari Jadi Kabupaten Pasuruan" in page
    assert client.get("/calendar/?year=99999999999999999999&regency=x").status_code == 200


def test_the_sheet_of_a_day_off_is_not_printed_blank_but_a_make_up_day_is(client, district,
                                                                         db, today_is):
    """A day off is no session day on paper either: its one-day sheet leads to the day's page
    (why, and the make-up day); once it is a make-up day, its sheet prints."""
    today_is(date(2026, 8, 18))
    batch, _people = batch_from(district, AUGUST)
    client.login(district.teacher)
    url = f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-08-17"
    day_page = f"/attendance/batches/{batch.id}/2026-08-17"
    assert client.get(url).headers["Location"] == day_page
    make_up = client.get(day_page + "?pengganti=1").get_data(as_text=True)
    assert "sheet.pdf?day=2026-08-17&amp;pengganti=1" in make_up
    assert client.get(url + "&pengganti=1").mimetype == "application/pdf"
    assert client.post_form(day_page + "/all-present").status_code == 302
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(
        client.get(url).data)).pages)
    assert "Senin, 17 Agustus 2026" in text
    assert client.get(f"/attendance/batches/{batch.id}/sheet.pdf?day=2026-08-18") \
        .mimetype == "application/pdf"


def test_a_week_without_a_session_day_leads_to_the_days_page(client, district, db, today_is):
    """A batch that starts on a Sunday, or a week all cuti bersama: no sheet to print (it
    answered 500)."""
    today_is(date(2026, 8, 24))
    batch, _people = batch_from(district, date(2026, 8, 2))  # a Sunday
    for day in range(24, 30):
        day_off(db, date(2026, 8, day), reason="Cuti bersama")
    client.login(district.staff)
    sheet = f"/attendance/batches/{batch.id}/sheet.pdf"
    assert client.get(sheet + "?week=2026-08-02").headers["Location"] == \
        f"/attendance/batches/{batch.id}/2026-08-02"
    assert client.get(sheet).headers["Location"] == \
        f"/attendance/batches/{batch.id}/2026-08-24"  # this week: all days off
    assert "Cuti bersama" in client.get(sheet, follow_redirects=True).get_data(as_text=True)


def test_the_attendance_sheet_stays_indonesian_for_an_english_user(client, district, db,
                                                                   today_is):
    """The sheet is the office's record, signed by the participants and a Disnaker officer:
    Indonesian whoever prints it, as the certificate is."""
    today_is(date(2026, 8, 18))
    batch, _people = batch_from(district, AUGUST)
    district.teacher.locale = "en"
    db.session.commit()
    client.login(district.teacher)
    assert "Make-up day" in client.get(
        f"/attendance/batches/{batch.id}/2026-08-17?pengganti=1").get_data(as_text=True)
    for query in ("day=2026-08-18", "week=2026-08-18"):
        response = client.get(f"/attendance/batches/{batch.id}/sheet.pdf?{query}")
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(
            response.data)).pages)
        assert "DAFTAR HADIR PESERTA PELATIHAN" in text and "Agustus 2026" in text, query
        assert "ATTENDANCE" not in text and "August" not in text, query


def test_the_calendar_page_asks_the_same_few_queries_for_many_days_off(client, district, db,
                                                                       count_queries):
    """A year of venue days off, each of another batch and course: no query per day."""
    def add(number):
        batch = BatchFactory(course=CourseFactory(), regency=district.regency,
                             start_date=date(2026, 8, 3), year=2026, status="planned")
        day_off(db, date(2026, 8, 4 + number), kind="venue", reason=f"Balai dipakai {number}",
                regency=district.regency, batch=batch)
        day_off(db, date(2026, 10, 4 + number), kind="regional", reason=f"Libur {number}",
                regency=district.regency)

    client.login(district.staff)
    add(0)
    few = count_queries(lambda: client.get("/calendar/?year=2026"))
    for number in range(1, 8):
        add(number)
    page = []
    assert count_queries(lambda: page.append(client.get("/calendar/?year=2026"))) == few
    assert "Balai dipakai 7" in page[0].get_data(as_text=True)


def test_an_english_reader_sees_the_national_holidays_named_in_english(client, district, db,
                                                                      today_is):
    today_is(INDEPENDENCE)
    batch, _people = batch_from(district, AUGUST)
    district.staff.locale = "en"
    db.session.commit()
    client.login(district.staff)
    text = client.htmx_get(f"/batches/session-days?course_id={district.course.id}"
                           "&start_date=2026-08-03").get_data(as_text=True)
    assert "17 August (Independence Day)" in text and "Kemerdekaan" not in text
    assert "30 calendar days, 24 training days, 2 days off: " in text
    text = client.htmx_get(f"/batches/session-days?course_id={district.course.id}"
                           "&start_date=2026-08-10&end_date=2026-08-17").get_data(as_text=True)
    assert "8 calendar days, 6 training days, 1 day off: 17 August" in text
    page = client.get(f"/attendance/batches/{batch.id}/{INDEPENDENCE.isoformat()}")
    assert "No training session: Independence Day." in page.get_data(as_text=True)
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Eid al-Fitr (estimated)" in page and "Idul Fitri" not in page


def test_staff_without_a_district_are_offered_no_delete_they_may_not_do(client, district,
                                                                        db):
    shared = day_off(db, date(2027, 3, 9), reason="Cuti bersama Idul Fitri")
    client.login(UserFactory(staff=True, regency=None))
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Cuti bersama Idul Fitri" in page and f"/calendar/{shared.id}/delete" not in page
    assert client.post_form(f"/calendar/{shared.id}/delete").status_code == 404

"""Typing a week of marks in at once from a signed paper sheet."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mtu.attendance.models import AttendanceMark, MarkCorrection
from mtu.clock import local_today
from tests.factories import BatchFactory, EnrolmentFactory, TrainerFactory, UserFactory
from tests.weigh import FULL_PAGE_BUDGET, wire_size


@pytest.fixture(autouse=True)
def _seven_session_days(sessions_every_day):
    """The grid's mechanics on weeks of seven session days; days off leaving the grid are
    tests/calendar's."""


@pytest.fixture
def running(db):
    """A batch that started three weeks ago, its trainer (with an account) and three people."""
    today = local_today()
    batch = BatchFactory(start_date=today - timedelta(days=20), status="running")
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=batch.regency)
    batch.trainers.append(trainer)
    db.session.commit()
    people = [EnrolmentFactory(batch=batch) for _ in range(3)]
    return batch, teacher, people


@pytest.fixture
def last_week(running):
    """Monday of last week, wholly inside the batch and in the past."""
    today = local_today()
    return today - timedelta(days=today.weekday() + 7)


def _url(batch, monday):
    return f"/attendance/batches/{batch.id}/week?start={monday.isoformat()}"


def _cell(enrolment, day):
    return f"c-{enrolment.id}-{day.isoformat()}"


def _marks(db):
    return {(m.enrolment_id, m.day): m.status for m in db.session.scalars(select(AttendanceMark))}


def test_staff_save_several_marks_at_once(client, db, running, last_week):
    batch, _teacher, people = running
    client.login(UserFactory(staff=True, regency=batch.regency))
    page = client.get(_url(batch, last_week)).get_data(as_text=True)
    assert page.count("<select") == 3 * 7 and "Simpan" in page
    tuesday = last_week + timedelta(days=1)
    data = {_cell(people[0], last_week): "present", _cell(people[1], last_week): "sick",
            _cell(people[2], tuesday): "absent", _cell(people[0], tuesday): ""}
    response = client.post_form(_url(batch, last_week), data)
    assert response.status_code == 302 and "saved=1" in response.headers["Location"]
    assert _marks(db) == {(people[0].id, last_week): "present",
                          (people[1].id, last_week): "sick", (people[2].id, tuesday): "absent"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tersimpan" in page and page.count(" selected") == 3


def test_changing_a_mark_keeps_the_correction(client, db, running, last_week):
    batch, _teacher, people = running
    db.session.add(AttendanceMark(enrolment_id=people[0].id, batch_id=batch.id, day=last_week,
                                  status="absent"))
    db.session.commit()
    staff = UserFactory(staff=True, regency=batch.regency)
    client.login(staff)
    response = client.post_form(_url(batch, last_week), {_cell(people[0], last_week): "sick"})
    assert response.status_code == 302
    change = db.session.scalars(select(MarkCorrection)).one()
    assert (change.before, change.after, change.changed_by_id) == ("absent", "sick", staff.id)


def test_a_mark_cannot_be_emptied_and_the_typed_grid_comes_back(client, db, running,
                                                                last_week):
    batch, _teacher, people = running
    db.session.add(AttendanceMark(enrolment_id=people[0].id, batch_id=batch.id, day=last_week,
                                  status="present"))
    db.session.commit()
    client.login(UserFactory(staff=True, regency=batch.regency))
    response = client.post_form(_url(batch, last_week), {
        _cell(people[0], last_week): "", _cell(people[1], last_week): "permitted"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tidak dapat dikosongkan" in page and 'class="invalid"' in page
    assert '<option value="permitted" selected>' in page
    assert _marks(db) == {(people[0].id, last_week): "present"}


def test_locked_days_are_read_only_for_trainers_and_refused(client, db, app, monkeypatch,
                                                             running, last_week):
    batch, teacher, people = running
    sunday, saturday = last_week + timedelta(days=6), last_week + timedelta(days=5)
    # Last week's Sunday is just inside the trainer's window, its Saturday just outside.
    monkeypatch.setitem(app.config, "ATTENDANCE_EDIT_DAYS", (local_today() - sunday).days)
    client.login(teacher)
    page = client.get(_url(batch, last_week)).get_data(as_text=True)
    assert page.count("<select") == 3 and page.count("dikunci") == 6
    assert _cell(people[0], sunday) in page and _cell(people[0], saturday) not in page
    response = client.post_form(_url(batch, last_week), {_cell(people[0], sunday): "present",
                                                         _cell(people[1], saturday): "present"})
    assert response.status_code == 422 and "dikunci" in response.get_data(as_text=True)
    assert _marks(db) == {}  # one transaction: the allowed cell is not saved either
    client.post_form("/auth/logout")
    client.login(UserFactory(staff=True, regency=batch.regency))
    response = client.post_form(_url(batch, last_week), {_cell(people[1], saturday): "present"})
    assert response.status_code == 302
    assert _marks(db) == {(people[1].id, saturday): "present"}


def test_trainers_may_fill_in_the_days_of_their_window(client, db, running):
    batch, teacher, people = running
    client.login(teacher)
    today = local_today()
    monday = today - timedelta(days=today.weekday())
    page = client.get(_url(batch, today)).get_data(as_text=True)
    assert page.count("<select") == 3 * min(today.weekday() + 1, 3)
    assert (today + timedelta(days=1)).strftime("%-d/%-m") not in page  # never a future day
    response = client.post_form(_url(batch, monday), {_cell(people[1], today): "present"})
    assert response.status_code == 302
    assert _marks(db) == {(people[1].id, today): "present"}


def test_forged_cells_are_refused(client, running, last_week):
    batch, _teacher, people = running
    client.login(UserFactory(staff=True, regency=batch.regency))
    tomorrow = local_today() + timedelta(days=1)
    arabic = str(people[0].id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for data in ({_cell(people[0], last_week): "hadir"},
                 {_cell(people[0], tomorrow): "present"},
                 {"c-999999-" + last_week.isoformat(): "present"},
                 {"c-1-2026-02-30": "present"}, {"mark-1": "present"},
                 {f"c-{arabic}-{last_week.isoformat()}": "present"},
                 {f"c-²-{last_week.isoformat()}": "present"},
                 {f"c-{10**20}-{last_week.isoformat()}": "present"},
                 {f"c-{people[0].id}-٢٠٢٦-٠١-٠٥": "present"}):
        assert client.post_form(_url(batch, last_week), data).status_code == 400, data


def test_csrf_is_required(client, db, running, last_week):
    batch, _teacher, people = running
    client.login(UserFactory(staff=True, regency=batch.regency))
    response = client.post(_url(batch, last_week), data={_cell(people[0], last_week): "present"})
    assert response.status_code == 400
    assert _marks(db) == {}


def test_no_query_per_participant(client, count_queries, running, last_week):
    batch, _teacher, _people = running
    client.login(UserFactory(staff=True, regency=batch.regency))
    few = count_queries(lambda: client.get(_url(batch, last_week)))
    for _ in range(8):
        EnrolmentFactory(batch=batch)
    many = count_queries(lambda: client.get(_url(batch, last_week)))
    assert many == few


def test_the_week_moves_by_links_and_stays_in_the_batch(client, running, last_week):
    batch, _teacher, _people = running
    client.login(UserFactory(staff=True, regency=batch.regency))
    page = client.get(_url(batch, last_week)).get_data(as_text=True)
    assert f"start={(last_week - timedelta(days=7)).isoformat()}" in page
    assert f"start={(last_week + timedelta(days=7)).isoformat()}" in page
    first = client.get(_url(batch, batch.start_date - timedelta(days=30))).get_data(as_text=True)
    assert 'rel="prev"' not in first


def test_other_batches_and_other_roles_are_kept_out(client, running, login_as):
    batch, teacher, _people = running
    client.login(teacher)
    other = BatchFactory(start_date=batch.start_date, status="running")
    assert client.get(f"/attendance/batches/{other.id}/week").status_code == 404
    client.post_form("/auth/logout")
    login_as("village")
    assert client.get(f"/attendance/batches/{batch.id}/week").status_code == 403


def test_a_full_week_of_a_full_batch_stays_within_the_page_budget(client, running, last_week):
    batch, _teacher, _people = running
    for _ in range(13):
        EnrolmentFactory(batch=batch)
    client.login(UserFactory(staff=True, regency=batch.regency))
    assert client.get(_url(batch, last_week)).get_data(as_text=True).count("<select") == 16 * 7
    response = client.get(_url(batch, last_week), headers={"Accept-Encoding": "gzip"})
    print("week grid on the wire:", wire_size(response), "bytes")
    assert wire_size(response) <= FULL_PAGE_BUDGET

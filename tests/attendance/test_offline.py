"""Marks and journals sent later from a phone's queue: each key applied once, the newer of two
marks holds, the older kept in the corrections with both values; real concurrent resends."""

import uuid
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import func, select

from mtu.attendance import services
from mtu.attendance.models import AttendanceMark, Mark, MarkCorrection, TrainingDay
from mtu.clock import local_today, utc_now
from tests.factories import UserFactory
from tests.race import at_once, clones, statuses


@pytest.fixture
def day(day_page):
    """The batch, its trainer, its participants and today's page's URL."""
    batch, people, url = day_page
    return batch, batch.trainers[0].user, people, url


def device_time(moment: datetime | None = None) -> str:
    """The phone's clock as the queue sends it: `new Date().toISOString()`."""
    moment = (moment or utc_now()).replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def queued(client, url, person, value, key=None, at=None, token=None):
    """One mark sent from the queue, as app.js sends it (`person`: an enrolment or its id)."""
    data = {f"mark-{getattr(person, 'id', person)}": value, "client_key": key or str(uuid.uuid4()),
            "device_at": at or device_time()}
    return client.post(url + "/marks", data=data, headers={
        "HX-Request": "true", "X-CSRFToken": token or client.csrf_token()})


def corrections(db):
    db.session.expire_all()
    return [(c.before, c.after, c.applied) for c in
            db.session.scalars(select(MarkCorrection).order_by(MarkCorrection.id))]


def test_a_mark_sent_again_with_its_key_is_applied_once(client, day, db):
    _batch, _teacher, people, url = day
    key = str(uuid.uuid4())
    first = queued(client, url, people[0], "present", key)
    again = queued(client, url, people[0], "present", key)
    assert first.status_code == again.status_code == 200
    assert f'id="e{people[0].id}"' in again.get_data(as_text=True)
    assert "1 dari 3 sudah ditandai" in again.get_data(as_text=True)
    # The same key with another value is still the first write: nothing changes.
    queued(client, url, people[0], "sick", key)
    assert db.session.query(AttendanceMark).one().status == "present"
    assert corrections(db) == []


def test_an_older_mark_never_overwrites_a_newer_one_and_both_are_kept(client, day, db):
    batch, teacher, people, url = day
    tapped_offline = device_time(utc_now() - timedelta(minutes=30))
    staff = UserFactory(staff=True, regency=batch.regency)
    services.set_mark(people[0], local_today(), Mark.PERMITTED, staff)  # online, now
    db.session.commit()
    answer = queued(client, url, people[0], "present", at=tapped_offline)
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert f"Tersimpan: {people[0].participant.full_name}, Izin." in text
    mark = db.session.query(AttendanceMark).one()
    assert mark.status == "permitted" and mark.recorded_by_id == staff.id
    assert corrections(db) == [("permitted", "present", False)]
    change = db.session.scalars(select(MarkCorrection)).one()
    assert change.changed_by_id == teacher.id and change.device_at is not None
    recap = client.get(f"/attendance/batches/{batch.id}/recap").get_data(as_text=True)
    assert "Izin tetap; Hadir dari ponsel lebih lama, tidak dipakai" in recap


def test_a_newer_offline_mark_wins_over_an_older_online_one(client, day, db):
    batch, teacher, people, url = day
    staff = UserFactory(staff=True, regency=batch.regency)
    services.set_mark(people[0], local_today(), Mark.PERMITTED, staff,
                      at=utc_now() - timedelta(minutes=30))
    db.session.commit()
    assert queued(client, url, people[0], "present").status_code == 200
    mark = db.session.query(AttendanceMark).one()
    assert mark.status == "present" and mark.recorded_by_id == teacher.id
    assert corrections(db) == [("permitted", "present", True)]


def test_a_phone_clock_ahead_of_the_server_is_not_believed(client, day, db):
    batch, _teacher, people, url = day
    assert queued(client, url, people[0], "present",
                  at=device_time(utc_now() + timedelta(days=1))).status_code == 200
    staff = UserFactory(staff=True, regency=batch.regency)
    services.set_mark(people[0], local_today(), Mark.SICK, staff)  # a correction after it
    db.session.commit()
    assert db.session.query(AttendanceMark).one().status == "sick"
    assert corrections(db) == [("present", "sick", True)]


@pytest.mark.parametrize("data", [
    {"client_key": "short", "device_at": "2026-12-05T01:02:03.000Z"},
    {"client_key": str(uuid.uuid4())},
    {"client_key": str(uuid.uuid4()), "device_at": "2026-12-05 01:02"},
    {"client_key": str(uuid.uuid4()), "device_at": "2026-13-45T01:02:03Z"},
    {"client_key": str(uuid.uuid4()), "device_at": "２０２６-12-05T01:02:03Z"},
])
def test_a_malformed_key_or_time_is_refused(client, day, db, data):
    _batch, _teacher, people, url = day
    response = client.post(url + "/marks", data={f"mark-{people[0].id}": "present", **data},
                           headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()})
    assert response.status_code == 400
    assert db.session.query(AttendanceMark).count() == 0


def test_a_refused_mark_frees_its_key(client, day, db, app, monkeypatch):
    batch, _teacher, people, _url = day
    old = local_today() - timedelta(days=3)
    url = f"/attendance/batches/{batch.id}/{old.isoformat()}"
    key = str(uuid.uuid4())
    monkeypatch.setitem(app.config, "ATTENDANCE_EDIT_DAYS", 1)
    assert queued(client, url, people[0], "present", key).status_code == 422
    monkeypatch.setitem(app.config, "ATTENDANCE_EDIT_DAYS", 5)
    assert queued(client, url, people[0], "present", key).status_code == 200
    assert db.session.query(AttendanceMark).count() == 1


def _journal(client, url, key, at, topic="Menjahit kemeja", token=None):
    return client.post(url + "/journal", data={
        "hours": "6", "competency_unit_id": "0", "topic": topic, "notes": "Dari ponsel",
        "client_key": key, "device_at": at},
        headers={"HX-Request": "true", "X-CSRFToken": token or client.csrf_token()})


def test_a_queued_journal_is_saved_once_and_an_older_one_does_not_overwrite(client, day, db):
    _batch, _teacher, _people, url = day
    key = str(uuid.uuid4())
    written = device_time()
    assert _journal(client, url, key, written).status_code == 200
    again = _journal(client, url, key, written, topic="Ditulis ulang")
    assert again.status_code == 200 and "Jurnal tersimpan." in again.get_data(as_text=True)
    journal = db.session.query(TrainingDay).one()
    assert (journal.topic, journal.hours, journal.notes) == ("Menjahit kemeja", 6, "Dari ponsel")
    older = _journal(client, url, str(uuid.uuid4()),
                     device_time(utc_now() - timedelta(hours=1)), topic="Lama")
    assert older.status_code == 422 and "tidak dipakai" in older.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(TrainingDay).one().topic == "Menjahit kemeja"


def test_the_same_queued_mark_sent_twice_at_once_is_applied_once(app, client, day, db):
    """A phone that resends while the first request still runs (its answer was slow)."""
    _batch, _teacher, people, url = day
    key, at, person = str(uuid.uuid4()), device_time(), people[0].id
    calls = [partial(queued, other, url, person, "present", key, at, other.csrf_token())
             for other in clones(app, client, 2)]
    assert statuses(at_once(app, calls)) == [200, 200]
    assert db.session.query(AttendanceMark).one().status == "present"
    assert db.session.scalar(select(func.count()).select_from(MarkCorrection)) == 0


def test_two_queued_marks_racing_for_one_cell_leave_the_newer(app, client, day, db):
    _batch, _teacher, people, url = day
    older, newer = device_time(utc_now() - timedelta(minutes=5)), device_time()
    person = people[0].id
    calls = [partial(queued, other, url, person, value, str(uuid.uuid4()), at, other.csrf_token())
             for other, (value, at) in zip(clones(app, client, 2),
                                           [("sick", older), ("present", newer)], strict=True)]
    assert statuses(at_once(app, calls)) == [200, 200]
    assert db.session.query(AttendanceMark).one().status == "present"
    # Whichever came first, the history holds both values once.
    assert corrections(db) in ([("sick", "present", True)], [("present", "sick", False)])

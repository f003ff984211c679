"""The same post twice at once, and simultaneous seat decisions, over HTTP-level requests:
each in its own thread, app context and transaction (PostgreSQL and SQLite)."""

from functools import partial

import pytest
from sqlalchemy import select

from mtu.authz import Role
from mtu.participants.models import Enrolment, Participant
from tests.factories import BatchFactory, EnrolmentFactory, ParticipantFactory, person_form
from tests.race import at_once, clones, statuses, submission_token

# NIKs 3514… need their regions; people recorded by the staff's own office need no proof.
pytestmark = pytest.mark.usefixtures("nik_regions")

def _person():
    return person_form(consent="y")


@pytest.fixture
def staff(client, login_as):
    return login_as(Role.STAFF)


def _posts(app, client, url, data, count=2):
    """`count` identical posts of `data` to `url`, each from its own connection."""
    calls = []
    for other in clones(app, client, count):
        form = dict(data, csrf_token=other.csrf_token())
        calls.append(partial(other.post, url, data=form))
    return at_once(app, calls)


@pytest.mark.parametrize("with_token", [True, False])
def test_catat_peserta_twice_at_once_records_one_person(app, client, staff, db, with_token):
    batch = BatchFactory(regency=staff.regency, status="registration")
    url = f"/participants/new?batch={batch.id}"
    data = _person()
    if with_token:
        data["submission_token"] = submission_token(client.get(url).get_data(as_text=True))
    answers = _posts(app, client, url, data)
    codes = statuses(answers)
    if with_token:  # the loser is led to the winner's result
        assert codes == [302, 302], codes
        assert {a.headers["Location"] for a in answers} == {f"/participants/batches/{batch.id}"}
    else:  # an old page without a token: never a crash, the loser is told who holds the NIK
        assert sorted(codes) in ([302, 302], [302, 422]), codes
    assert db.session.query(Participant).count() == 1
    assert db.session.query(Enrolment).count() == 1


@pytest.mark.parametrize("with_token", [True, False])
def test_enrolment_posted_twice_at_once_enrols_once(app, client, staff, db, with_token):
    batch = BatchFactory(regency=staff.regency, status="registration")
    person = ParticipantFactory(regency=staff.regency)
    roster = f"/participants/batches/{batch.id}"
    data = {"nik": person.nik, "accept": "y"}
    if with_token:
        data["submission_token"] = submission_token(client.get(roster).get_data(as_text=True))
    answers = _posts(app, client, f"{roster}/enrol", data)
    codes = statuses(answers)
    if with_token:
        assert codes == [302, 302], codes
        assert {a.headers["Location"] for a in answers} == {roster}
    else:
        assert sorted(codes) == [302, 422], codes
        loser = next(a for a in answers if a.status_code == 422).get_data(as_text=True)
        assert "sudah terdaftar di paket ini" in loser
    assert db.session.query(Enrolment).one().status == "accepted"


def test_two_withdrawals_at_once_promote_the_waiting_list_in_order(app, client, staff, db):
    batch = BatchFactory(regency=staff.regency, status="registration", quota=2)
    seated = [EnrolmentFactory(batch=batch) for _ in range(2)]
    client_ids = [e.id for e in seated]
    waiting = []
    for _ in range(3):  # the waiting list in its order, through the rules
        person = ParticipantFactory(regency=staff.regency)
        response = client.post_form(f"/participants/batches/{batch.id}/enrol",
                                    {"nik": person.nik, "accept": "y"})
        assert response.status_code == 302
        waiting.append(db.session.scalar(select(Enrolment).where(
            Enrolment.participant_id == person.id)))
    assert [w.status for w in waiting] == ["waitlisted"] * 3
    calls = [partial(other.post, f"/participants/enrolments/{enrolment_id}/withdraw",
                     data={"note": "", "csrf_token": other.csrf_token()})
             for other, enrolment_id in zip(clones(app, client, 2), client_ids, strict=True)]
    assert statuses(at_once(app, calls)) == [302, 302]
    db.session.expire_all()
    assert [db.session.get(Enrolment, w.id).status for w in waiting] == [
        "accepted", "accepted", "waitlisted"]


def test_two_terima_at_once_fill_two_free_seats(app, client, staff, db):
    batch = BatchFactory(regency=staff.regency, status="registration", quota=3)
    EnrolmentFactory(batch=batch)
    candidates = [EnrolmentFactory(batch=batch, status="registered") for _ in range(3)]
    calls = [partial(other.post, f"/participants/enrolments/{enrolment.id}/accept",
                     data={"csrf_token": other.csrf_token()})
             for other, enrolment in zip(clones(app, client, 2), candidates[:2], strict=True)]
    assert statuses(at_once(app, calls)) == [302, 302]
    db.session.expire_all()
    assert [db.session.get(Enrolment, c.id).status for c in candidates] == [
        "accepted", "accepted", "registered"]


def test_the_same_terima_twice_at_once_takes_one_seat(app, client, staff, db):
    batch = BatchFactory(regency=staff.regency, status="registration", quota=2)
    candidate = EnrolmentFactory(batch=batch, status="registered")
    calls = [partial(other.post, f"/participants/enrolments/{candidate.id}/accept",
                     data={"csrf_token": other.csrf_token()})
             for other in clones(app, client, 2)]
    assert statuses(at_once(app, calls)) == [302, 302]
    accepted = db.session.scalars(select(Enrolment).where(
        Enrolment.batch_id == batch.id, Enrolment.status == "accepted")).all()
    assert [e.id for e in accepted] == [candidate.id]


def test_twenty_enrolments_at_once_into_sixteen_seats(app, client, staff, db):
    batch = BatchFactory(regency=staff.regency, status="registration", quota=16)
    people = [ParticipantFactory(regency=staff.regency) for _ in range(20)]
    calls = [partial(other.post, f"/participants/batches/{batch.id}/enrol",
                     data={"nik": person.nik, "accept": "y", "csrf_token": other.csrf_token()})
             for other, person in zip(clones(app, client, 20), people, strict=True)]
    assert statuses(at_once(app, calls)) == [302] * 20
    enrolments = db.session.scalars(select(Enrolment).where(Enrolment.batch_id == batch.id)
                                    .order_by(Enrolment.id)).all()
    assert sum(e.status == "accepted" for e in enrolments) == 16
    waiting = [e for e in enrolments if e.status == "waitlisted"]
    assert len(waiting) == 4
    # The waiting list's order is the order in which they were put on it.
    assert waiting == sorted(waiting, key=lambda e: (e.waitlisted_at, e.id))

"""One-time form tokens: claim, done, purge, and every create form carrying one."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from wtforms import StringField

from mtu import submissions
from mtu.authz import Role
from mtu.clock import utc_now
from mtu.forms import CreateForm
from mtu.participants.models import Enrolment, Participant
from mtu.proposals.models import Proposal
from mtu.submissions import Submission
from tests.factories import (
    BatchFactory,
    CourseFactory,
    ParticipantFactory,
    nik_regions,
    person_form,
)
from tests.race import submission_token


class _Form(CreateForm):
    name = StringField()


def _post(app, data, headers=None):
    return app.test_request_context("/x", method="POST", data=data, headers=headers or {})


def _form():
    return _Form(meta={"csrf": False})


def _count(db):
    return db.session.scalar(select(func.count()).select_from(Submission))


def test_a_fresh_form_gets_a_new_token_and_a_posted_one_keeps_it(app):
    with app.test_request_context("/x"):
        one, two = _form().submission_token.data, _form().submission_token.data
    assert one and two and one != two and len(one) >= 32
    with _post(app, {"submission_token": "abc"}):
        assert _form().submission_token.data == "abc"


def test_the_first_post_goes_on_and_the_second_leads_to_its_result(app, db):
    with _post(app, {"submission_token": "tok-1"}):
        form = _form()
        assert submissions.claim(form) is None
        assert submissions.done(form, "/proposals/7") == "/proposals/7"
        db.session.commit()
    with _post(app, {"submission_token": "tok-1"}):
        answer = submissions.claim(_form())
        assert answer.status_code == 302 and answer.headers["Location"] == "/proposals/7"
        from flask import get_flashed_messages
        assert get_flashed_messages() == ["Data ini sudah tersimpan sebelumnya."]
    with _post(app, {"submission_token": "tok-1"}, headers={"HX-Request": "true"}):
        answer = submissions.claim(_form())
        assert answer.status_code == 204 and answer.headers["HX-Redirect"] == "/proposals/7"
    assert _count(db) == 1


def test_a_failed_first_post_frees_its_token(app, db):
    with _post(app, {"submission_token": "tok-2"}):
        assert submissions.claim(_form()) is None
        db.session.rollback()  # the form was refused: nothing kept
    with _post(app, {"submission_token": "tok-2"}):
        assert submissions.claim(_form()) is None


def test_posts_without_a_token_or_with_a_forged_one_go_on_untracked(app, db):
    for data in ({}, {"submission_token": ""}, {"submission_token": "x" * 65}):
        with _post(app, data):
            assert submissions.claim(_form()) is None
            submissions.done(_form(), "/y")
    with app.test_request_context("/x"):
        assert submissions.claim(_form()) is None  # a GET claims nothing
    assert _count(db) == 0


def test_a_first_post_that_saved_without_saying_where_gets_a_friendly_answer(app, db):
    with _post(app, {"submission_token": "tok-3"}):
        assert submissions.claim(_form()) is None
        db.session.commit()
    with _post(app, {"submission_token": "tok-3"}):
        answer = submissions.claim(_form(), fallback="/daftar")
        assert answer.status_code == 302 and answer.headers["Location"] == "/daftar"
        from flask import get_flashed_messages
        assert "sudah dikirim" in get_flashed_messages()[0]


def test_tokens_older_than_seven_days_are_purged(app, db):
    now = utc_now()
    db.session.add_all([Submission(token="old", created_at=now - timedelta(days=8)),
                        Submission(token="recent", created_at=now - timedelta(days=6))])
    db.session.commit()
    with _post(app, {"submission_token": "tok-4"}):
        form = _form()
        submissions.claim(form)
        submissions.done(form, "/z")  # each saved form sweeps the old ones
        db.session.commit()
    assert set(db.session.scalars(select(Submission.token))) == {"recent", "tok-4"}
    assert submissions.purge(days=0) == 2


@pytest.mark.parametrize("role, url", [
    (Role.VILLAGE, "/proposals/new"), (Role.STAFF, "/proposals/new"),
    (Role.STAFF, "/participants/new"), (Role.ADMIN, "/courses/new"),
    (Role.STAFF, "/trainers/new"), (Role.STAFF, "/trainers/institutes/new"),
    (Role.STAFF, "/fleet/new"), (Role.STAFF, "/batches/new"), (Role.ADMIN, "/auth/users/new"),
    (Role.STAFF, "/participants/batches/{batch}"), (Role.STAFF, "/facilities/batches/{batch}"),
    (Role.STAFF, "/participants/batches/{batch}/import"),
    (Role.STAFF, "/certificates/batches/{batch}"),
    (Role.STAFF, "/certificates/batches/{batch}/assessment"),
])
def test_every_create_form_carries_a_token(client, login_as, role, url):
    user = login_as(role)
    batch = BatchFactory(status="registration", **(
        {"regency": user.regency} if user.regency else {}))
    page = client.get(url.format(batch=batch.id)).get_data(as_text=True)
    assert submission_token(page)


def _proposal(course_id):
    return {"course_id": str(course_id), "vocation_text": "", "candidates": "16",
            "venue_type": "village_hall", "venue_name": "Balai Desa", "preferred_from": "2027-02",
            "preferred_until": "2027-03", "reason": "Banyak kafe baru di desa.",
            "musrenbang_ref": "BA 2026", "contact_name": "Bu Ani",
            "contact_phone": "+62 812-3456-7890"}


def test_kirim_twice_creates_one_proposal_and_the_second_answer_leads_to_it(client, login_as,
                                                                           db):
    login_as(Role.VILLAGE)
    data = _proposal(CourseFactory().id)
    data["submission_token"] = submission_token(client.get("/proposals/new").get_data(
        as_text=True))
    first = client.post_form("/proposals/new", data)
    second = client.post_form("/proposals/new", data)
    proposal = db.session.query(Proposal).one()
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] == f"/proposals/{proposal.id}"
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Data ini sudah tersimpan sebelumnya." in page
    # A new form (a new token) is a new proposal.
    data["submission_token"] = submission_token(client.get("/proposals/new").get_data(
        as_text=True))
    assert client.post_form("/proposals/new", data).status_code == 302
    assert db.session.query(Proposal).count() == 2


def _person():
    return person_form(consent="y")


def test_catat_peserta_twice_leads_to_the_person_not_to_nik_already_recorded(client, login_as,
                                                                            db):
    staff = login_as(Role.STAFF)
    nik_regions()  # the NIKs 3514… must name a known regency
    batch = BatchFactory(regency=staff.regency, status="registration")
    url = f"/participants/new?batch={batch.id}"
    data = _person()
    data["submission_token"] = submission_token(client.get(url).get_data(as_text=True))
    first = client.post_form(url, data)
    second = client.post_form(url, data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"] == (
        f"/participants/batches/{batch.id}")
    assert db.session.query(Participant).count() == 1
    assert db.session.query(Enrolment).count() == 1
    # Without a batch, the second answer leads to the person's page.
    data.update(nik="3514045708950002", submission_token="another-form")
    first = client.post_form("/participants/new", data)
    second = client.post_form("/participants/new", data, htmx=False)
    person = db.session.query(Participant).filter_by(nik="3514045708950002").one()
    assert second.headers["Location"] == first.headers["Location"] == f"/participants/{person.id}"


def test_a_refused_first_post_can_be_corrected_and_sent_with_the_same_token(client, login_as,
                                                                          db):
    login_as(Role.STAFF)
    nik_regions()  # the NIKs 3514… must name a known regency
    data = _person()
    data.update(gender="M", submission_token="tok-form")
    assert client.post_form("/participants/new", data).status_code == 422
    data["gender"] = "F"
    assert client.post_form("/participants/new", data).status_code == 302
    assert db.session.query(Participant).count() == 1


def test_enrol_by_nik_twice_enrols_once(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()  # the NIKs 3514… must name a known regency
    batch = BatchFactory(regency=staff.regency, status="registration")
    person = ParticipantFactory(regency=staff.regency)
    roster = f"/participants/batches/{batch.id}"
    token = submission_token(client.get(roster).get_data(as_text=True))
    answers = [client.post_form(f"{roster}/enrol", {"nik": person.nik, "accept": "y",
                                                    "submission_token": token})
               for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[1].headers["Location"] == roster
    assert db.session.query(Enrolment).count() == 1

"""Issuing and assessing posted twice at once: one certificate each, never a crash."""

from functools import partial

import pytest
from sqlalchemy import select

from mtu.certificates.models import Assessment, Certificate
from tests.certificates.test_views import _grid
from tests.race import at_once, clones, statuses, submission_token


def _posts(app, client, url, data, count=2):
    calls = []
    for other in clones(app, client, count):
        calls.append(partial(other.post, url, data=dict(data, csrf_token=other.csrf_token())))
    return at_once(app, calls)


@pytest.mark.parametrize("with_token", [True, False])
def test_issuing_twice_at_once_issues_each_certificate_once(app, client, finished, db,
                                                            with_token):
    client.login(finished.staff)
    batch_url = f"/certificates/batches/{finished.batch.id}"
    client.post_form(f"{batch_url}/assessment", _grid(finished))
    client.post_form(f"{batch_url}/confirm")
    data = {"issuer_kind": "office"}
    if with_token:
        data["submission_token"] = submission_token(client.get(batch_url).get_data(
            as_text=True))
    answers = _posts(app, client, f"{batch_url}/issue", data)
    assert statuses(answers) == [302, 302]
    assert {a.headers["Location"] for a in answers} == {batch_url}
    numbers = db.session.scalars(select(Certificate.number)).all()
    assert len(numbers) == 2 and len(set(numbers)) == 2  # the third attended 60 %


def test_the_same_assessment_posted_twice_at_once_records_each_result_once(app, client,
                                                                           finished, db):
    client.login(finished.staff)
    url = f"/certificates/batches/{finished.batch.id}/assessment"
    answers = _posts(app, client, url, _grid(finished))
    assert statuses(answers) == [302, 302]
    assert db.session.query(Assessment).count() == 6

"""Inmates need their expected release date: required in the form, checked by the service."""

from datetime import date, timedelta

import pytest

from mtu.authz import Role
from mtu.clock import local_today
from mtu.participants import services
from mtu.participants.models import Participant

pytestmark = pytest.mark.usefixtures("nik_regions")


def _person(**overrides):
    data = {"nik": "3514045708950001", "full_name": "Siti Aminah", "gender": "F",
            "birth_date": "1995-08-17", "education": "senior", "employment": "inmate"}
    data.update(overrides)
    return data


def test_the_form_requires_it_for_an_inmate_and_keeps_what_was_typed(client, login_as, db):
    login_as(Role.STAFF)
    response = client.post_form("/participants/new", _person())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Wajib diisi untuk warga binaan." in page
    assert 'value="Siti Aminah"' in page and db.session.query(Participant).count() == 0
    assert client.post_form("/participants/new", _person(employment="job_seeker")) \
        .status_code == 302


def test_an_inmate_is_recorded_with_it(client, login_as, db):
    login_as(Role.STAFF)
    release = local_today() + timedelta(days=400)
    response = client.post_form("/participants/new",
                                _person(expected_release_on=release.isoformat()))
    assert response.status_code == 302
    person = db.session.query(Participant).one()
    assert person.expected_release_on == release and person.is_inmate
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "Perkiraan bebas" in page and "Tindak lanjut" in page


@pytest.mark.parametrize("typed, message", [
    ("1990-01-01", "harus sesudah tanggal lahir"),
    ("2150-01-01", "paling lambat 50 tahun"),
    ("31-02-2027", "Tanggal tidak valid."),
])
def test_it_is_checked(client, login_as, db, typed, message):
    login_as(Role.STAFF)
    response = client.post_form("/participants/new", _person(expected_release_on=typed))
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_the_service_checks_it_for_imports_too(db):
    data = services.ParticipantData(nik="3514045708950001", full_name="Siti", gender="F",
                                    birth_date=date(1995, 8, 17), employment="inmate",
                                    expected_release_on=date(1990, 1, 1))
    fields = [field for field, _message in services.check(data)]
    assert "expected_release_on" in fields

"""Consent to be shown to companies and to be contacted: asked on the form, kept as history."""

from sqlalchemy import select

from mtu.authz import Role
from mtu.participants import consent
from mtu.participants.models import Consent, ConsentKind, Participant
from tests.factories import BatchFactory, ParticipantFactory, nik_regions, person_form


def test_consent_defaults_to_not_given(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    batch = BatchFactory(regency=staff.regency, status="registration")
    page = client.get(f"/participants/new?batch={batch.id}").get_data(as_text=True)
    assert 'name="consent"' in page and 'name="contact_consent"' in page
    assert "checked" not in page.split('name="consent"')[0].rsplit("<input", 1)[1]
    response = client.post_form(f"/participants/new?batch={batch.id}", person_form())
    assert response.status_code == 302
    person = db.session.scalar(select(Participant))
    assert person.consent_at is None and person.contact_consent_at is None
    assert db.session.scalar(select(Consent)) is None


def test_enrolment_form_records_both_consents_with_who_and_when(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    batch = BatchFactory(regency=staff.regency, status="registration")
    client.post_form(f"/participants/new?batch={batch.id}",
                     person_form(consent="y", contact_consent="y"))
    person = db.session.scalar(select(Participant))
    assert person.consent_at is not None and person.contact_consent_at is not None
    changes = db.session.scalars(select(Consent).order_by(Consent.kind)).all()
    assert [(c.kind, c.given, c.recorded_by_id) for c in changes] == [
        ("contact", True, staff.id), ("show", True, staff.id)]


def test_withdrawal_on_the_profile_is_kept_as_history(client, login_as, db):
    staff = login_as(Role.STAFF)
    nik_regions()
    client.post_form("/participants/new", person_form(consent="y", contact_consent="y"))
    person = db.session.scalar(select(Participant))
    response = client.post_form(f"/participants/{person.id}/edit",
                                person_form(consent="y"))  # contact withdrawn
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.consent_at is not None and person.contact_consent_at is None
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "Riwayat persetujuan" in page and "dicabut" in page and staff.name in page
    edit = client.get(f"/participants/{person.id}/edit").get_data(as_text=True)
    assert 'checked id="consent"' in edit and 'checked id="contact_consent"' not in edit
    kinds = [(c.kind, c.given) for c in db.session.scalars(
        select(Consent).order_by(Consent.id))]
    assert kinds.count(("contact", True)) == 1 and kinds[-1] == ("contact", False)


def test_contact_without_being_shown_is_not_recorded(db):
    person = ParticipantFactory()
    consent.record_both(person, show=False, contact=True, user=None)
    assert person.contact_consent_at is None
    consent.record_both(person, show=True, contact=True, user=None)
    consent.record_both(person, show=False, contact=True, user=None)  # withdrawing hides all
    assert person.consent_at is None and person.contact_consent_at is None
    assert [c.given for c in consent.history(person) if c.kind == ConsentKind.CONTACT] == [
        False, True]


def test_an_unchanged_answer_records_nothing(db):
    person = ParticipantFactory()
    assert consent.record(person, ConsentKind.SHOW, True, None)
    assert not consent.record(person, ConsentKind.SHOW, True, None)
    assert len(consent.history(person)) == 1

"""The demo gives mitra@demo.example a useful portal at once: CV Bhara Utama's agreement, a
vacancy with matching graduates, consenting and non-consenting graduates of a finished batch,
two placements (one follow-up due), an interest and a CSR contribution."""

from sqlalchemy import func, select

from mtu.auth.models import User
from mtu.certificates.models import Certificate
from mtu.clock import local_today
from mtu.companies.models import Agreement, Company
from mtu.csr.models import Contribution
from mtu.demo.seed import seed_demo
from mtu.extensions import db as database
from mtu.participants.models import Consent, Enrolment, Participant
from mtu.placements import services as placements
from mtu.placements.models import Placement, PlacementStatus, Vacancy
from mtu.portal.models import Interest
from mtu.portal.services import shown_graduates


def _count(model):
    return database.session.scalar(select(func.count()).select_from(model))


def _seed_twice():
    for _ in range(2):
        seed_demo()
        database.session.commit()


def test_the_company_has_an_agreement_a_vacancy_an_interest_and_a_contribution_once(db):
    _seed_twice()
    company = db.session.scalar(select(Company).where(Company.name == "CV Bhara Utama"))
    assert [a.number for a in company.agreements] == ["560/118/426.104/2026"]
    assert company.agreements[0].active_on(local_today())
    vacancy = db.session.scalars(select(Vacancy)).one()
    assert (vacancy.company, vacancy.course.name) == (company, "Menjahit Pakaian")
    assert vacancy.created_by_id == db.session.scalar(
        select(User.id).where(User.email == "mitra@demo.example"))
    assert db.session.scalars(placements.matching_graduates(vacancy)).first() is not None
    assert db.session.scalars(select(Interest)).one().company == company
    contribution = db.session.scalars(select(Contribution)).one()
    assert contribution.batch.csr_company == company
    assert (_count(Agreement), _count(Vacancy), _count(Placement)) == (1, 1, 2)


def test_finished_batches_have_graduates_with_and_without_consent_kept_as_history(db):
    _seed_twice()
    graduates = db.session.scalars(
        select(Participant).join(Enrolment).join(Certificate)).unique().all()
    shown = [p for p in graduates if p.consent_at is not None]
    assert shown and len(shown) < len(graduates)
    assert any(p.contact_consent_at is None for p in shown)
    assert any(p.contact_consent_at is not None for p in shown)
    recorded = db.session.scalar(select(func.count(func.distinct(Consent.participant_id))))
    assert recorded == db.session.scalar(
        select(func.count()).where(Participant.consent_at.is_not(None)))


def test_two_placements_one_with_its_follow_up_due(db):
    _seed_twice()
    by_status = {p.status: p for p in db.session.scalars(select(Placement))}
    assert set(by_status) == {PlacementStatus.WORKING, PlacementStatus.SELF_EMPLOYED}
    assert by_status[PlacementStatus.SELF_EMPLOYED].business_name == "Kue Kering Pekoren"
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    due = placements.due_follow_ups(staff)
    assert [(f.placement, f.months) for f in due] == [(by_status[PlacementStatus.WORKING], 3)]


def test_mitra_sees_the_graduates_its_placement_and_vacancy_at_once(client, db):
    _seed_twice()
    shown = db.session.scalar(shown_graduates().with_only_columns(func.count()).order_by(None))
    assert shown > 0
    client.post_form("/auth/login", {"email": "mitra@demo.example", "password": "demo12345"})
    home = client.get("/").get_data(as_text=True)
    assert f"{shown} lulusan bersertifikat" in home
    for path, text in (("/placements/", "Operator canting dan cap"),
                       ("/placements/vacancies", "Operator jahit"),
                       ("/portal/interests", "pengemasan kue")):
        answer = client.get(path)
        assert answer.status_code == 200 and text in answer.get_data(as_text=True), path

"""Every page the company and village demo accounts reach (links from home, GET only, files and
exports included) names no inmate: neither the demo's inmates of the Malang programme nor the
one added here, who lives in the demo village, consented to everything, holds a certificate,
and has an interest, a placement and a job-fair registration with the demo company."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mtu.batches.models import Batch, BatchStatus
from mtu.certificates.models import Certificate
from mtu.clock import local_today, utc_now
from mtu.companies.models import Company
from mtu.demo.prison import INMATES
from mtu.demo.seed import DEMO_PASSWORD, seed_demo
from mtu.job_fairs.models import JobFair, Registration
from mtu.participants.models import Enrolment, Participant
from mtu.participants.nik import name_key
from mtu.placements.models import Placement
from mtu.portal.models import Interest
from mtu.proposals.models import VenueType
from mtu.regions.services import find_by_code
from tests.crawling import ASSETS, crawl

NAME = "Yuliana Sekar Arum"
SAME_KIND = 6
LIMIT = 400


def add_inmate(db):
    """A consenting certified resident of Bulukandang, trained in Pasuruan and in the Malang
    prison, with every company-facing row the company could ever hold about her."""
    village = find_by_code("35.14.04.2006")
    pasuruan = db.session.scalar(select(Batch).where(
        Batch.regency_id == village.parent.parent_id, Batch.status == BatchStatus.DONE)
        .order_by(Batch.id).limit(1))
    prison = db.session.scalar(select(Batch).where(Batch.venue_type == VenueType.PRISON.value))
    company = db.session.scalar(select(Company).where(Company.name == "CV Bhara Utama"))
    person = Participant(
        nik="3514044508900099", full_name=NAME, name_key=name_key(NAME), gender="F",
        birth_date=date(1990, 8, 5), village=village, regency=village.parent.parent,
        phone="081234509999", education="senior", employment="inmate",
        consent_at=utc_now(), contact_consent_at=utc_now())
    graduation = Enrolment(participant=person, batch=pasuruan, status="passed")
    db.session.add_all([person, graduation,
                        Enrolment(participant=person, batch=prison, status="accepted")])
    db.session.flush()
    certificate = Certificate(
        enrolment_id=graduation.id, number="999/MTU-35.14/2026", code="kode-inmate-crawl-0001",
        issuer_kind="office", issuer_name="Disnaker", signatory_name="Kepala",
        signatory_title="Kepala", issued_on=pasuruan.end_date + timedelta(days=1))
    db.session.add(certificate)
    db.session.flush()
    fair = db.session.scalar(select(JobFair).order_by(JobFair.id).limit(1))
    db.session.add_all([
        Interest(company_id=company.id, participant_id=person.id,
                 certificate_id=certificate.id, note="Cocok"),
        Placement(enrolment_id=graduation.id, company_id=company.id, status="working",
                  start_date=local_today()),
        Registration(job_fair_id=fair.id, participant_id=person.id, company_id=company.id,
                     outcome="pending")])
    db.session.commit()


@pytest.mark.parametrize("email", ["mitra@demo.example", "desa@demo.example"])
def test_no_page_of_the_company_or_village_account_names_an_inmate(client, db, email):
    seed_demo()
    db.session.commit()
    add_inmate(db)
    client.login(type("Account", (), {"email": email}), DEMO_PASSWORD)
    visited = []
    for path, response in crawl(client, per_kind=SAME_KIND, skip=ASSETS, limit=LIMIT,
                                codes=False):  # every certificate's public page
        visited.append(path)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, path
        assert NAME not in body and "3514044508900099" not in body, path
        assert not [name for name, _, _ in INMATES if name in body], path
    assert len(visited) > 5, visited
    if email.startswith("mitra"):
        assert {"/portal/graduates", "/placements/", "/job-fairs/"} <= set(visited)
        assert any(path.startswith("/portal/graduates/export") for path in visited)
    else:
        assert any(path.startswith("/villages/") for path in visited)

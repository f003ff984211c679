"""Demo job fair: Probolinggo's bursa kerja with CV Bhara Utama, 148 visitors (the figure of
the Banyuasin report), and a couple of graduates registered with the company."""

from datetime import timedelta

from sqlalchemy import select

from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.job_fairs.models import JobFair, Outcome, Registration
from mtu.job_fairs.services import graduate_condition, inmate_condition
from mtu.participants.models import Participant
from mtu.regions.services import find_by_code

PLACE = "Gedung Islamic Center Kraksaan"
REGENCY = "35.13"
COMPANY = "CV Bhara Utama"
VISITORS = 148
OUTCOMES = (Outcome.ACCEPTED, Outcome.PENDING)


def seed_job_fairs() -> int:
    """Create the demo fair if it is missing; the number of fairs created (0 or 1)."""
    regency = find_by_code(REGENCY)
    if db.session.scalar(select(JobFair.id).where(JobFair.place == PLACE,
                                                  JobFair.regency_id == regency.id)):
        return 0
    company = db.session.scalar(select(Company).where(Company.name == COMPANY))
    if company is None:
        company = Company(name=COMPANY, regency=regency)
        db.session.add(company)
    fair = JobFair(regency=regency, held_on=local_today() - timedelta(days=10), place=PLACE,
                   visitors=VISITORS, companies=[company],
                   notes="Bursa kerja bersama Disnaker dan perusahaan mitra.")
    db.session.add(fair)
    # Certified graduates (no inmate) of the neighbouring Kabupaten Pasuruan, where the demo's
    # finished batches are: job seekers cross the district border for a fair.
    graduates = db.session.scalars(
        select(Participant).where(graduate_condition(), ~inmate_condition())
        .order_by(Participant.full_name, Participant.id).limit(len(OUTCOMES)))
    for person, outcome in zip(graduates, OUTCOMES, strict=False):
        db.session.add(Registration(job_fair=fair, participant=person, company=company,
                                    outcome=outcome.value))
    db.session.flush()
    return 1

"""The demo's job fair: Probolinggo, CV Bhara Utama, 148 visitors, two registrations."""

from sqlalchemy import func, select

from mtu.demo.seed import seed_demo
from mtu.job_fairs.models import JobFair, Registration


def test_the_demo_fair_is_seeded_once(db):
    seed_demo()
    db.session.commit()
    seed_demo()
    db.session.commit()
    fairs = db.session.scalars(select(JobFair)).all()
    assert len(fairs) == 1
    fair = fairs[0]
    assert (fair.regency.code, fair.visitors, [c.name for c in fair.companies]) == (
        "35.13", 148, ["CV Bhara Utama"])
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2

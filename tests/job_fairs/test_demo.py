"""The demo's job fair: the district's fair with CV Bhara Utama, 148 visitors, one graduate
hired there and one waiting for an answer."""

from sqlalchemy import func, select

from mtu.demo.seed import seed_demo
from mtu.job_fairs.models import JobFair, Outcome, Registration
from mtu.placements.models import Placement


def test_the_demo_fair_is_seeded_once_with_the_placement_it_led_to(db):
    seed_demo()
    db.session.commit()
    seed_demo()
    db.session.commit()
    fair = db.session.scalars(select(JobFair)).one()
    assert (fair.regency.code, fair.visitors, [c.name for c in fair.companies]) == (
        "35.14", 148, ["CV Bhara Utama"])
    registrations = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [r.outcome for r in registrations] == [Outcome.ACCEPTED, Outcome.PENDING]
    placement = db.session.scalars(select(Placement).where(Placement.job_fair_id == fair.id)).one()
    assert placement.enrolment.participant_id == registrations[0].participant_id
    assert placement.start_date >= fair.held_on
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2

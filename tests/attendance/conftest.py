"""The trainer's day fixtures shared by the view tests."""

from datetime import timedelta

import pytest

from mtu.clock import local_today
from tests.factories import BatchFactory, EnrolmentFactory, TrainerFactory, UserFactory


@pytest.fixture
def day_page(client, db, sessions_every_day):
    """A running batch with three participants; its trainer signed in; today's page's URL."""
    today = local_today()
    batch = BatchFactory(start_date=today - timedelta(days=3), status="running")
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=batch.regency)
    batch.trainers.append(trainer)
    db.session.commit()
    enrolments = [EnrolmentFactory(batch=batch) for _ in range(3)]
    client.login(teacher)
    return batch, enrolments, f"/attendance/batches/{batch.id}/{today.isoformat()}"

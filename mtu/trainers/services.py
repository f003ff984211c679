"""Queries and rules about institutes and trainers."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mtu.auth.models import User
from mtu.authz import visible_to
from mtu.extensions import db
from mtu.trainers.models import Institute, Trainer


def visible_trainers(user: User):
    """select(Trainer): a district's trainers for its staff; a trainer sees only themself."""
    return visible_to(select(Trainer).options(selectinload(Trainer.courses)), user,
                      regency=Trainer.regency_id,
                      trainer=lambda trainer_id: Trainer.id == trainer_id)


def visible_institutes(user: User):
    return visible_to(select(Institute), user, regency=Institute.regency_id)


def trainer_of(user: User) -> Trainer | None:
    """The trainer record linked to a trainer's account."""
    return db.session.scalar(select(Trainer).where(Trainer.user_id == user.id))

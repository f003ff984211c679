"""Which villages a user may see, and what happened in each."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.batches.models import Batch, BatchStatus
from mtu.certificates.models import Certificate
from mtu.extensions import db
from mtu.listing import contains
from mtu.participants import scope
from mtu.participants.models import Enrolment, EnrolmentStatus, Participant
from mtu.proposals.models import Proposal, Status
from mtu.regions.models import Level, Region

Subdistrict = aliased(Region, name="subdistrict")


def visible_villages(user: User):
    """select(Region) of villages, narrowed to the user's district or own village."""
    statement = (select(Region).join(Subdistrict, Region.parent_id == Subdistrict.id)
                 .where(Region.level == Level.VILLAGE))
    return visible_to(statement, user, regency=Subdistrict.parent_id, village=Region.id)


def list_statement(user: User, text: str = "", subdistrict_id: int | None = None):
    statement = visible_villages(user).order_by(Subdistrict.name, Region.name)
    if subdistrict_id:
        statement = statement.where(Region.parent_id == subdistrict_id)
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, Region.name))
    return statement


def get_visible(user: User, village_id: int) -> Region | None:
    return db.session.scalar(visible_villages(user).where(Region.id == village_id))


def subdistricts(user: User) -> list[Region]:
    """Sub-districts for the filter: all of a staff member's district; for admins, those
    with proposals (the whole country's would not fit in a list)."""
    statement = select(Region).where(Region.level == Level.SUBDISTRICT).order_by(Region.name)
    if user.role == Role.STAFF:
        return list(db.session.scalars(statement.where(Region.parent_id == user.regency_id)))
    if user.role == Role.ADMIN:
        used = select(Proposal.subdistrict_id).distinct().scalar_subquery()
        return list(db.session.scalars(statement.where(Region.id.in_(used))))
    return []


def proposal_counts(villages) -> dict[int, dict[str, int]]:
    """Per village: proposals in total and those waiting (diusulkan or diverifikasi)."""
    ids = [village.id for village in villages]
    if not ids:
        return {}
    waiting = func.sum(case((Proposal.status.in_([Status.PROPOSED, Status.VERIFIED]), 1),
                            else_=0))
    rows = db.session.execute(
        select(Proposal.village_id, func.count(), waiting)
        .where(Proposal.village_id.in_(ids)).group_by(Proposal.village_id))
    return {village_id: {"total": total, "waiting": int(waiting_count or 0)}
            for village_id, total, waiting_count in rows}



def training_results(village: Region, user: User) -> dict[str, int]:
    """Batches held in the village, its residents who finished a batch and those holding a
    valid certificate, and its graduates placed (four queries); residents the user may not
    see (inmates) are not counted."""
    held = db.session.scalar(select(func.count()).select_from(Batch).where(
        Batch.village_id == village.id, Batch.status != BatchStatus.CANCELLED))
    shown = scope.shown_to(user)
    trained = db.session.scalar(
        select(func.count(func.distinct(Participant.id)))
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .join(Batch, Batch.id == Enrolment.batch_id)
        .where(Participant.village_id == village.id, Batch.status == BatchStatus.DONE,
               Enrolment.status.in_([EnrolmentStatus.ACCEPTED, EnrolmentStatus.PASSED,
                                     EnrolmentStatus.FAILED]), shown))
    certified = db.session.scalar(
        select(func.count(func.distinct(Participant.id)))
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .join(Certificate, Certificate.enrolment_id == Enrolment.id)
        .where(Participant.village_id == village.id, Certificate.revoked_at.is_(None), shown))
    from mtu.placements.services import village_absorption  # placements build on villages' data

    return {"batches": held, "trained": trained, "certified": certified,
            "absorption": village_absorption(village.id, user)}

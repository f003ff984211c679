"""A programme's figures (participants, attendance, results, follow-ups) and the data of its
report for the coordination meeting. Counts only: no person is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mtu.aftercare import services as aftercare
from mtu.attendance.services import days_for as attendance_days
from mtu.attendance.services import rate
from mtu.batches.models import Batch
from mtu.certificates.models import Certificate
from mtu.clock import local_today
from mtu.extensions import db
from mtu.participants.models import Enrolment, EnrolmentStatus
from mtu.prison_programs.meeting_services import meeting_items
from mtu.prison_programs.models import ActionItem, ActionStatus, Meeting, Partner, Programme

# Who took part: accepted, then assessed (passed or failed); those who withdrew are counted
# apart.
TOOK_PART = (EnrolmentStatus.ACCEPTED.value, EnrolmentStatus.PASSED.value,
             EnrolmentStatus.FAILED.value)


@dataclass
class ProgrammeFigures:
    batches: int = 0
    participants: int = 0  # people taking part (accepted, passed or failed)
    withdrawn: int = 0
    present_days: int = 0
    expected_days: int = 0
    competent: int = 0
    not_yet: int = 0
    certified: int = 0
    followed: int = 0  # people with at least one follow-up
    follow_ups: int = 0
    after_release: int = 0
    overdue: int = 0  # people whose follow-up is overdue today

    @property
    def assessed(self) -> int:
        return self.competent + self.not_yet

    @property
    def attendance_rate(self) -> float | None:
        """Days present out of days expected, over every participant of every batch."""
        return rate(self.present_days, self.expected_days)


def _enrolments(programme: Programme):
    return (select(Enrolment).join(Batch, Batch.id == Enrolment.batch_id)
            .where(Batch.programme_id == programme.id))


def programme_figures(programme: Programme, today: date | None = None) -> ProgrammeFigures:
    """The programme's figures over the batches that belong to it (nine queries, whatever
    the number of batches and people)."""
    batches = db.session.scalar(select(func.count(Batch.id))
                                .where(Batch.programme_id == programme.id)) or 0
    enrolments = list(db.session.scalars(_enrolments(programme).where(
        Enrolment.status.in_((*TOOK_PART, EnrolmentStatus.WITHDRAWN.value)))))
    taking_part = [e for e in enrolments if e.status in TOOK_PART]
    certified = db.session.scalar(
        select(func.count(Certificate.id))
        .where(Certificate.enrolment_id.in_(_enrolments(programme)
                                            .with_only_columns(Enrolment.id)
                                            .scalar_subquery()),
               Certificate.revoked_at.is_(None))) or 0
    days = attendance_days(enrolments).values()
    people = (_enrolments(programme).with_only_columns(Enrolment.participant_id)
              .where(Enrolment.status.in_(TOOK_PART)))
    follow = aftercare.figures(people.scalar_subquery(), today)
    return ProgrammeFigures(
        batches=batches,
        participants=len({e.participant_id for e in taking_part}),
        withdrawn=sum(1 for e in enrolments if e.status == EnrolmentStatus.WITHDRAWN),
        present_days=sum(got for got, _ in days), expected_days=sum(wanted for _, wanted in days),
        competent=sum(1 for e in taking_part if e.status == EnrolmentStatus.PASSED),
        not_yet=sum(1 for e in taking_part if e.status == EnrolmentStatus.FAILED),
        certified=certified, followed=follow.followed, follow_ups=follow.follow_ups,
        after_release=follow.after_release, overdue=follow.overdue)


@dataclass
class Report:
    """What the coordination meeting's PDF shows."""

    programme: Programme
    partners: list[Partner]
    figures: ProgrammeFigures
    meeting: Meeting | None
    items: list[ActionItem]  # the last meeting's
    earlier_open: list[ActionItem]  # not done, from earlier meetings
    today: date


def report(programme: Programme, today: date | None = None) -> Report:
    """The programme, its partners and their roles, its figures, the last meeting with its
    decisions and action items, and what earlier meetings left undone."""
    today = today or local_today()
    partners = list(db.session.scalars(
        select(Partner).where(Partner.programme_id == programme.id)
        .options(joinedload(Partner.agency)).order_by(Partner.id)))
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.programme_id == programme.id)
        .options(selectinload(Meeting.agencies))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))
    items = meeting_items(meeting) if meeting is not None else []
    earlier_open = [] if meeting is None else list(db.session.scalars(
        select(ActionItem).join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(Meeting.programme_id == programme.id, Meeting.id != meeting.id,
               ActionItem.status != ActionStatus.DONE.value)
        .options(joinedload(ActionItem.agency), joinedload(ActionItem.meeting))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)))
    return Report(programme=programme, partners=partners,
                  figures=programme_figures(programme, today), meeting=meeting, items=items,
                  earlier_open=earlier_open, today=today)

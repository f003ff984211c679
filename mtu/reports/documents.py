"""The official report PDFs: the batch completion report (laporan pelaksanaan)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mtu.attendance import services as attendance
from mtu.attendance.models import TrainingDay
from mtu.batches.models import Batch
from mtu.certificates.models import Certificate
from mtu.certificates.services import certificates_of
from mtu.extensions import db
from mtu.facilities import services as facilities
from mtu.participants.models import EnrolmentStatus
from mtu.placements.models import Placement
from mtu.placements.services import batch_absorption, placements_of_batch


@dataclass
class Completion:
    """Everything the completion report prints, gathered in a fixed number of queries."""

    batch: Batch
    recap: attendance.Recap
    journals: list[TrainingDay]
    facilities: facilities.Sheet
    certificates: dict[int, Certificate]  # by enrolment id
    placements: dict[int, list[Placement]]  # by enrolment id, latest first
    absorption: object

    @property
    def taking_part(self) -> int:
        return len(self.recap.rows)

    @property
    def passed(self) -> int:
        return sum(1 for row in self.recap.rows
                   if row.enrolment.status == EnrolmentStatus.PASSED)

    @property
    def mean_rate(self) -> float | None:
        rates = [row.rate for row in self.recap.rows if row.rate is not None]
        return round(sum(rates) / len(rates), 1) if rates else None

    @property
    def valid_certificates(self) -> int:
        return sum(1 for certificate in self.certificates.values() if certificate.valid)

    @property
    def hours(self) -> int:
        return sum(journal.hours for journal in self.journals)

    def placement_rows(self):
        """(recap row, its latest placement) for everyone with a placement recorded."""
        return [(row, self.placements[row.enrolment.id][0]) for row in self.recap.rows
                if row.enrolment.id in self.placements]


def completion(batch: Batch) -> Completion:
    journals = list(db.session.scalars(
        select(TrainingDay).where(TrainingDay.batch_id == batch.id)
        .options(joinedload(TrainingDay.competency_unit)).order_by(TrainingDay.day)))
    return Completion(batch=batch, recap=attendance.recap(batch), journals=journals,
                      facilities=facilities.sheet(batch), certificates=certificates_of(batch),
                      placements=placements_of_batch(batch), absorption=batch_absorption(batch))

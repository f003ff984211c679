"""Facilities: the items a batch gives each participant, who received what, and the rupiah
totals of the receipt list."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import joinedload

from mtu import numbers
from mtu.attendance.models import AttendanceMark, Mark
from mtu.auth.models import User
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.clock import local_today
from mtu.extensions import db
from mtu.facilities.models import FacilityItem, Handover
from mtu.locks import insert_or_ignore
from mtu.participants.models import Enrolment, EnrolmentStatus, Participant
from mtu.rules import RuleError

# Who may receive facilities: the accepted, and later the same people once assessed.
RECEIVING = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)

# What DOMAIN.md lists for each participant; the values are typical district budget lines
# (BPJS Ketenagakerjaan: JKK Rp10.000 + JKM Rp6.800 for one month of a non-wage member).
STANDARD_ITEMS = (
    ("Uang transport", 50_000, True),
    ("Seragam olahraga", 150_000, False),
    ("Sepatu", 200_000, False),
    ("Tas", 100_000, False),
    ("ATK", 50_000, False),
    ("Bahan praktik", 500_000, False),
    ("Asuransi BPJS Ketenagakerjaan", 16_800, False),
    ("Uang saku", 750_000, False),
    ("Modul", 75_000, False),
)
MAX_UNIT_VALUE = 100_000_000  # a typing slip, not a budget line, beyond this

def parse_rupiah(text: str | None) -> int | None:
    """'Rp 750.000' → 750000; None when it is not a whole, positive rupiah amount."""
    return numbers.parse_rupiah(text or "", MAX_UNIT_VALUE)


# --- Items ---------------------------------------------------------------------------


def items_of(batch: Batch) -> list[FacilityItem]:
    return list(db.session.scalars(select(FacilityItem).where(FacilityItem.batch_id == batch.id)
                                   .order_by(FacilityItem.position, FacilityItem.id)))


def get_visible_item(user: User, item_id: int) -> FacilityItem | None:
    return db.session.scalar(select(FacilityItem).where(
        FacilityItem.id == item_id,
        FacilityItem.batch_id.in_(visible_batches(user).with_only_columns(Batch.id)
                                  .scalar_subquery())))


def add_item(batch: Batch, name: str, unit_value: int, per_day: bool = False) -> FacilityItem:
    """Add an item to the batch's list, after the last one."""
    name = " ".join(name.split())
    taken = db.session.scalar(select(FacilityItem.name).where(
        FacilityItem.batch_id == batch.id, func.lower(FacilityItem.name) == name.lower()))
    if taken is not None:
        raise RuleError([("name", _("Fasilitas %(name)s sudah ada di paket ini.",
                                  name=taken))])
    if not 0 < unit_value <= MAX_UNIT_VALUE:
        raise RuleError([("unit_value", _("Nilai harus antara Rp1 dan Rp100.000.000."))])
    last = db.session.scalar(select(func.max(FacilityItem.position))
                             .where(FacilityItem.batch_id == batch.id))
    if not insert_or_ignore(FacilityItem, ["batch_id", "name"], batch_id=batch.id, name=name,
                            unit_value=unit_value, per_day=per_day, position=(last or 0) + 1):
        raise RuleError([("name", _("Fasilitas %(name)s sudah ada di paket ini.",
                                  name=name))])
    return db.session.scalar(select(FacilityItem).where(FacilityItem.batch_id == batch.id,
                                                        FacilityItem.name == name))


def add_standard_items(batch: Batch) -> list[FacilityItem]:
    """Fill an empty list with the usual facilities (STANDARD_ITEMS)."""
    if items_of(batch):
        raise RuleError(_("Paket ini sudah punya daftar fasilitas; tambahkan "
                          "atau hapus satu per satu."))
    for position, (name, value, per_day) in enumerate(STANDARD_ITEMS, start=1):
        insert_or_ignore(FacilityItem, ["batch_id", "name"], batch_id=batch.id, name=name,
                         unit_value=value, per_day=per_day, position=position)
    return items_of(batch)


def delete_item(item: FacilityItem) -> None:
    """Remove an item nobody has received yet; the record of a hand-over is kept."""
    if db.session.scalar(select(exists().where(Handover.item_id == item.id))):
        raise RuleError(_("%(name)s sudah diserahkan kepada peserta dan tidak "
                          "dapat dihapus. Batalkan dulu centang serah terimanya.",
                          name=item.name))
    db.session.delete(item)
    db.session.flush()


# --- Hand-overs ----------------------------------------------------------------------


def get_visible_cell(user: User, enrolment_id: int,
                     item_id: int) -> tuple[Enrolment, FacilityItem] | None:
    """The enrolment and the item of one grid cell, if both are of one batch the user sees."""
    row = db.session.execute(
        select(Enrolment, FacilityItem)
        .join(FacilityItem, FacilityItem.batch_id == Enrolment.batch_id)
        .options(joinedload(Enrolment.participant))
        .where(Enrolment.id == enrolment_id, FacilityItem.id == item_id,
               Enrolment.batch_id.in_(visible_batches(user).with_only_columns(Batch.id)
                                      .scalar_subquery()))).first()
    return tuple(row) if row else None


def handover_of(enrolment: Enrolment, item: FacilityItem) -> Handover | None:
    return db.session.scalar(select(Handover).options(joinedload(Handover.recorded_by)).where(
        Handover.enrolment_id == enrolment.id, Handover.item_id == item.id))


def set_handover(enrolment: Enrolment, item: FacilityItem, handed: bool, user: User,
                 on: date | None = None) -> Handover | None:
    """Record that the item was handed over (or take the record back); asking for the state
    a cell already has changes nothing, so a repeated request is harmless."""
    if item.batch_id != enrolment.batch_id:
        raise RuleError(_("Fasilitas ini bukan milik paket peserta tersebut."))
    if not handed:
        db.session.execute(delete(Handover).where(Handover.enrolment_id == enrolment.id,
                                                  Handover.item_id == item.id)
                           .execution_options(synchronize_session="fetch"))
        return None
    if enrolment.status not in RECEIVING:
        raise RuleError(_("%(name)s berstatus %(status)s dan tidak menerima "
                          "fasilitas.", name=enrolment.participant.full_name,
                          status=enrolment.status_label))
    insert_or_ignore(Handover, ["enrolment_id", "item_id"], enrolment_id=enrolment.id,
                     item_id=item.id, handed_on=on or local_today(), recorded_by_id=user.id)
    return handover_of(enrolment, item)


# --- Totals --------------------------------------------------------------------------


def present_days(batch: Batch) -> dict[int, int]:
    """Days each participant of the batch was marked present (hadir), in one query."""
    return dict(db.session.execute(
        select(AttendanceMark.enrolment_id, func.count())
        .where(AttendanceMark.batch_id == batch.id, AttendanceMark.status == Mark.PRESENT)
        .group_by(AttendanceMark.enrolment_id)).all())


def allowance_days(enrolment: Enrolment, present: dict[int, int] | None = None) -> int:
    """Days a per-day item (the transport allowance) is paid for: the days the trainer marked
    the participant present. Every total goes through this one function."""
    if present is None:
        present = present_days(enrolment.batch)
    return present.get(enrolment.id, 0)


def amount(item: FacilityItem, days: int) -> int:
    """The rupiah a participant receives with this item."""
    return item.unit_value * (days if item.per_day else 1)


@dataclass
class Row:
    enrolment: Enrolment
    days: int
    handovers: dict[int, Handover] = field(default_factory=dict)  # by item id
    total: int = 0

    @property
    def participant(self) -> Participant:
        return self.enrolment.participant

    @property
    def receiving(self) -> bool:
        return self.enrolment.status in RECEIVING


@dataclass
class Column:
    item: FacilityItem
    count: int = 0
    total: int = 0


@dataclass
class Sheet:
    """The hand-over grid and the receipt list: participants × items, with totals."""

    batch: Batch
    columns: list[Column]
    rows: list[Row]

    @property
    def items(self) -> list[FacilityItem]:
        return [column.item for column in self.columns]

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)


def sheet(batch: Batch) -> Sheet:
    """Items, the participants who receive them, every hand-over and the days attended,
    in four queries.

    Rows are the accepted (and, once assessed, passed or failed) participants, plus anyone
    who withdrew after receiving something: the receipt list must account for every rupiah.
    """
    columns = [Column(item) for item in items_of(batch)]
    handovers = db.session.scalars(
        select(Handover).join(FacilityItem, FacilityItem.id == Handover.item_id)
        .options(joinedload(Handover.recorded_by))
        .where(FacilityItem.batch_id == batch.id)).all()
    received = {handover.enrolment_id for handover in handovers}
    enrolments = db.session.scalars(
        select(Enrolment).join(Participant, Participant.id == Enrolment.participant_id)
        .options(joinedload(Enrolment.participant))
        .where(Enrolment.batch_id == batch.id,
               or_(Enrolment.status.in_(RECEIVING), Enrolment.id.in_(received)))
        .order_by(Participant.full_name, Enrolment.id)).all()
    present = present_days(batch)
    rows = {e.id: Row(e, allowance_days(e, present)) for e in enrolments}
    by_item = {column.item.id: column for column in columns}
    for handover in handovers:
        row, column = rows[handover.enrolment_id], by_item[handover.item_id]
        row.handovers[column.item.id] = handover
        value = amount(column.item, row.days)
        row.total += value
        column.count += 1
        column.total += value
    return Sheet(batch, columns, list(rows.values()))

"""Planning batches: the conflict rules, the locking that keeps them true under concurrency,
and the status changes that move the proposals a batch serves."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.batches.models import (
    NEXT_STATUS,
    Batch,
    BatchStatus,
    EquipmentProvider,
    Funding,
    batch_trainers,
)
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.fleet.models import Unit, UnitStatus
from mtu.i18n import date as format_date
from mtu.listing import contains
from mtu.prison_programs.models import Programme
from mtu.proposals import services as proposal_services
from mtu.proposals.models import Proposal, Status, VenueType
from mtu.regions.models import Region
from mtu.rules import RuleError
from mtu.trainers.models import Trainer

# Batches that hold their unit and trainers; cancelled ones free them.
BOOKING_STATUSES = (BatchStatus.PLANNED, BatchStatus.REGISTRATION, BatchStatus.RUNNING,
                    BatchStatus.DONE)


@dataclass
class BatchPlan:
    """What staff decide about a batch; the services take this, not a form."""

    course: Course
    year: int
    wave: int
    venue_type: str
    venue_name: str
    start_date: date
    end_date: date
    quota: int
    funding: str
    village: Region | None = None
    unit: Unit | None = None
    # Who brings the equipment when there is no unit (EquipmentProvider value).
    equipment_provider: str | None = None
    trainers: list[Trainer] = field(default_factory=list)
    csr_company: Company | None = None
    # In-company training (venue type company): the host, whose workers take part.
    host_company: Company | None = None
    programme: Programme | None = None  # prison batches only
    notes: str = ""
    proposals: list[Proposal] = field(default_factory=list)

    @classmethod
    def of(cls, batch: Batch) -> "BatchPlan":
        """The plan a batch stands for, to re-check it or to start an edit from."""
        return cls(course=batch.course, year=batch.year, wave=batch.wave,
                   venue_type=batch.venue_type, venue_name=batch.venue_name,
                   start_date=batch.start_date, end_date=batch.end_date, quota=batch.quota,
                   funding=batch.funding, village=batch.village, unit=batch.unit,
                   equipment_provider=batch.equipment_provider,
                   trainers=list(batch.trainers), csr_company=batch.csr_company,
                   host_company=batch.host_company, programme=batch.programme,
                   notes=batch.notes, proposals=list(batch.proposals))


def default_end(course: Course, start: date) -> date:
    """A course of 30 calendar days that starts on the 1st ends on the 30th."""
    return start + timedelta(days=course.duration_days - 1)


def visible_batches(user: User):
    """select(Batch) narrowed to the user: district for staff, own batches for trainers,
    batches held in their village for village operators, for a company those it hosts (in-
    company training) or funds (CSR, or a contribution linked to the batch)."""
    if Role(user.role) is Role.COMPANY:
        return select(Batch).where(company_batch_condition(user.company_id))
    return visible_to(
        select(Batch), user, regency=Batch.regency_id, village=Batch.village_id,
        trainer=lambda trainer_id: Batch.id.in_(
            select(batch_trainers.c.batch_id).where(batch_trainers.c.trainer_id == trainer_id)))


def company_batch_condition(company_id: int | None):
    """A batch the company hosts or funds; nothing without a company."""
    from mtu.csr.models import Contribution  # csr builds on batches

    if company_id is None:
        return false()
    return or_(Batch.host_company_id == company_id, Batch.csr_company_id == company_id,
               Batch.id.in_(select(Contribution.batch_id).where(
                   Contribution.company_id == company_id, Contribution.batch_id.is_not(None))))


def get_visible(user: User, batch_id: int) -> Batch | None:
    return db.session.scalar(visible_batches(user).where(Batch.id == batch_id))


def list_statement(user: User, year: int | None = None, status: str = "", text: str = ""):
    statement = (visible_batches(user)
                 .options(joinedload(Batch.course), joinedload(Batch.unit),
                          joinedload(Batch.village), selectinload(Batch.trainers))
                 .order_by(Batch.start_date.desc(), Batch.id.desc()))
    if year:
        statement = statement.where(Batch.start_date <= date(year, 12, 31),
                                    Batch.end_date >= date(year, 1, 1))
    if status in BatchStatus._value2member_map_:
        statement = statement.where(Batch.status == status)
    text = text.strip().lower()
    if text:
        statement = (statement.join(Course, Batch.course_id == Course.id)
                     .where(contains(text, Course.name, Batch.venue_name)))
    return statement


def _overlapping(column, value, start: date, end: date, exclude_id: int | None):
    statement = (select(Batch).options(joinedload(Batch.course))
                 .where(column == value, Batch.status.in_(BOOKING_STATUSES),
                        Batch.start_date <= end, Batch.end_date >= start)
                 .order_by(Batch.start_date))
    if exclude_id is not None:
        statement = statement.where(Batch.id != exclude_id)
    return statement


def unit_bookings(unit_id: int, start: date, end: date, exclude_id=None) -> list[Batch]:
    return list(db.session.scalars(_overlapping(Batch.unit_id, unit_id, start, end, exclude_id)))


def trainer_bookings(trainer_id: int, start: date, end: date, exclude_id=None) -> list[Batch]:
    statement = _overlapping(batch_trainers.c.trainer_id, trainer_id, start, end, exclude_id)
    statement = statement.join(batch_trainers, batch_trainers.c.batch_id == Batch.id)
    return list(db.session.scalars(statement))


def upcoming_bookings(*, unit_id: int | None = None, trainer_id: int | None = None,
                      course_ids=None) -> list[Batch]:
    """Batches not yet finished that hold this unit or trainer (running ones, and planned or
    open ones that have not ended), optionally only those of some courses: what a change to
    the unit or trainer would break."""
    statement = (select(Batch).options(joinedload(Batch.course), selectinload(Batch.trainers))
                 .where(or_(Batch.status == BatchStatus.RUNNING,
                            Batch.status.in_((BatchStatus.PLANNED, BatchStatus.REGISTRATION))
                            & (Batch.end_date >= local_today())))
                 .order_by(Batch.start_date, Batch.id))
    if unit_id is not None:
        statement = statement.where(Batch.unit_id == unit_id)
    if trainer_id is not None:
        statement = statement.where(Batch.id.in_(
            select(batch_trainers.c.batch_id).where(batch_trainers.c.trainer_id == trainer_id)))
    if course_ids is not None:
        statement = statement.where(Batch.course_id.in_(list(course_ids)))
    return list(db.session.scalars(statement))


def describe_batches(batches) -> str:
    """'Menjahit · Gelombang 1/2026 · Balai Desa (01/03/2026–30/03/2026); …'."""
    return "; ".join(_describe(batch) for batch in batches)


def _describe(batch: Batch) -> str:
    return _("%(title)s (%(start)s–%(end)s)", title=batch.title,
             start=format_date(batch.start_date, "dd/MM/y"),
             end=format_date(batch.end_date, "dd/MM/y"))


def conflicts(plan: BatchPlan, user: User, exclude_id: int | None = None) -> list[str]:
    """Every rule the plan breaks, each as an Indonesian sentence naming what is in the way."""
    problems = []
    if plan.end_date < plan.start_date:
        problems.append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return problems
    if plan.quota < 1:
        problems.append(_("Kuota minimal 1 peserta."))
    if plan.funding == Funding.CSR and plan.csr_company is None:
        problems.append(_("Pendanaan CSR memerlukan perusahaan pemberi CSR."))
    if plan.venue_type == VenueType.COMPANY and plan.host_company is None:
        problems.append(_("Pelatihan di perusahaan memerlukan perusahaan tuan rumah."))
    problems.extend(_contribution_problems(plan, exclude_id))
    if not plan.trainers:
        problems.append(_("Pilih minimal satu pelatih."))
    if plan.unit is None:
        problems.extend(_provider_problems(plan))
    regency_id = _regency_of(plan, user)
    if plan.programme is not None:
        if plan.venue_type != VenueType.PRISON:
            problems.append(_("Program kemitraan lapas hanya untuk paket di lapas."))
        if plan.programme.regency_id != regency_id:
            problems.append(_("Program %(name)s milik kabupaten lain.", name=plan.programme.name))
    unit = plan.unit
    if unit is not None:
        if unit.regency_id != regency_id:
            problems.append(_("Unit %(unit)s milik kabupaten lain.", unit=unit.code))
        if unit.status == UnitStatus.MAINTENANCE:
            problems.append(_("Unit %(unit)s sedang dalam perawatan.", unit=unit.code))
        missing = unit.missing_equipment(plan.course)
        if missing:
            problems.append(_("Unit %(unit)s tidak membawa peralatan yang dibutuhkan %(course)s: "
                              "%(items)s.", unit=unit.code, course=plan.course.name,
                              items=", ".join(item.name for item in missing)))
        for other in unit_bookings(unit.id, plan.start_date, plan.end_date, exclude_id):
            problems.append(_("Unit %(unit)s sudah dipakai paket %(batch)s.", unit=unit.code,
                              batch=_describe(other)))
    for trainer in plan.trainers:
        if trainer.regency_id != regency_id:
            problems.append(_("Pelatih %(name)s terdaftar di kabupaten lain.", name=trainer.name))
        if plan.course not in trainer.courses:
            problems.append(_("Pelatih %(name)s tidak terdaftar untuk kejuruan %(course)s.",
                              name=trainer.name, course=plan.course.name))
        for other in trainer_bookings(trainer.id, plan.start_date, plan.end_date, exclude_id):
            problems.append(_("Pelatih %(name)s sudah mengajar paket %(batch)s.",
                              name=trainer.name, batch=_describe(other)))
    for proposal in plan.proposals:
        if proposal.course_id is not None and proposal.course_id != plan.course.id:
            problems.append(_("Usulan %(ref)s meminta kejuruan %(wanted)s, bukan %(course)s.",
                              ref=proposal.reference, wanted=proposal.vocation,
                              course=plan.course.name))
        already_ours = exclude_id is not None and proposal.batch_id == exclude_id
        if proposal.status != Status.VERIFIED and not already_ours:
            problems.append(_("Usulan %(ref)s berstatus %(status)s; hanya usulan yang sudah "
                              "diverifikasi dapat dijadwalkan.", ref=proposal.reference,
                              status=proposal.status_label))
    return problems


def _contribution_problems(plan: BatchPlan, batch_id: int | None) -> list[str]:
    """A batch funded by CSR names the company whose contributions it holds (mtu.csr)."""
    if batch_id is None or plan.funding != Funding.CSR or plan.csr_company is None:
        return []
    from mtu.csr.services import companies_giving_to  # csr builds on batches

    others = [company.name for company in companies_giving_to(batch_id)
              if company.id != plan.csr_company.id]
    if not others:
        return []
    return [_("Paket ini mencatat kontribusi CSR dari %(companies)s; pendanaan CSR hanya dapat "
              "atas nama perusahaan yang memberi. Pindahkan atau hapus kontribusinya dulu di "
              "halaman perusahaan.", companies=", ".join(others))]


def _provider_problems(plan: BatchPlan) -> list[str]:
    """Without a unit someone must bring the equipment, and that party must be in the plan."""
    if not plan.equipment_provider:
        return [_("Tanpa unit MTU, pilih siapa yang membawa peralatan.")]
    if plan.equipment_provider not in EquipmentProvider._value2member_map_:
        return [_("Pilihan pembawa peralatan tidak valid.")]
    provider = EquipmentProvider(plan.equipment_provider)
    if provider is EquipmentProvider.INSTITUTE \
            and not any(trainer.institute_id for trainer in plan.trainers):
        return [_("Peralatan dibawa LPK, tetapi tidak ada pelatih dari LPK; pilih pelatih LPK "
                  "atau pembawa peralatan lain.")]
    if provider is EquipmentProvider.COMPANY and plan.venue_type != VenueType.COMPANY \
            and not any(trainer.company_id for trainer in plan.trainers) \
            and not (plan.funding == Funding.CSR and plan.csr_company is not None):
        return [_("Peralatan dibawa perusahaan, tetapi paket ini tidak melibatkan perusahaan "
                  "(pelatih perusahaan, pemberi CSR atau tempat di perusahaan).")]
    return []


def _regency_of(plan: BatchPlan, user: User) -> int | None:
    if Role(user.role) is Role.STAFF:
        return user.regency_id
    if plan.village is not None:
        return plan.village.parent.parent_id
    if plan.unit is not None:
        return plan.unit.regency_id
    if plan.trainers:
        return plan.trainers[0].regency_id
    return None


def _lock_bookings(plan: BatchPlan) -> None:
    """Take the unit's and trainers' rows before checking their calendars.

    The UPDATE holds a row lock (PostgreSQL) or the write lock (SQLite) until commit, so a
    second booking of the same unit or trainer waits here and then sees the first one.
    """
    if plan.unit is not None:
        db.session.execute(update(Unit).where(Unit.id == plan.unit.id)
                           .values(booking_version=Unit.booking_version + 1)
                           .execution_options(synchronize_session=False))
    for trainer_id in sorted(trainer.id for trainer in plan.trainers):
        db.session.execute(update(Trainer).where(Trainer.id == trainer_id)
                           .values(booking_version=Trainer.booking_version + 1)
                           .execution_options(synchronize_session=False))


def _apply(batch: Batch, plan: BatchPlan) -> None:
    for name in ("course", "year", "wave", "venue_type", "venue_name", "start_date", "end_date",
                 "quota", "funding", "village", "unit", "notes"):
        setattr(batch, name, getattr(plan, name))
    batch.equipment_provider = None if plan.unit is not None else plan.equipment_provider
    batch.csr_company = plan.csr_company if plan.funding == Funding.CSR else None
    batch.host_company = plan.host_company if plan.venue_type == VenueType.COMPANY else None
    batch.programme = plan.programme if plan.venue_type == VenueType.PRISON else None
    batch.trainers = list(plan.trainers)


def _sync_employers(batch: Batch, old_host_id: int | None) -> None:
    """In-company training: its participants work for the host. A new host becomes the
    employer of those who had the old one (or none); no host any more clears it."""
    from mtu.participants.models import Enrolment  # participants build on batches

    if batch.host_company_id == old_host_id:
        return
    if batch.host_company_id is None:
        matching = Enrolment.employer_id == old_host_id
    else:
        matching = or_(Enrolment.employer_id.is_(None), Enrolment.employer_id == old_host_id)
    db.session.execute(update(Enrolment).where(Enrolment.batch_id == batch.id, matching)
                       .values(employer_id=batch.host_company_id)
                       .execution_options(synchronize_session=False))


def plan_batch(plan: BatchPlan, user: User) -> Batch:
    """Create a batch if nothing is in its way; the proposals it serves become dijadwalkan."""
    _lock_bookings(plan)
    problems = conflicts(plan, user)
    if problems:
        raise RuleError(problems)
    batch = Batch(regency_id=_regency_of(plan, user), created_by=user)
    _apply(batch, plan)
    db.session.add(batch)
    db.session.flush()
    for proposal in plan.proposals:
        proposal_services.change_status(proposal, Status.SCHEDULED, user,
                                        _("Dijadwalkan dalam paket %(title)s.", title=batch.title))
        proposal.batch = batch
    db.session.flush()
    return batch


def update_batch(batch: Batch, plan: BatchPlan, user: User) -> None:
    """Change a batch that has not finished, under the same rules as planning one."""
    if not batch.is_changeable:
        raise RuleError(_("Paket yang sudah selesai atau dibatalkan tidak dapat diubah."))
    _lock_bookings(plan)
    problems = conflicts(plan, user, exclude_id=batch.id)
    if problems:
        raise RuleError(problems)
    kept = {proposal.id for proposal in plan.proposals}
    dropped = [proposal for proposal in batch.proposals if proposal.id not in kept]
    old_host_id = batch.host_company_id
    _apply(batch, plan)
    db.session.flush()
    _sync_employers(batch, old_host_id)
    for proposal in dropped:
        # Unticked: back to the queue, so that another batch can serve it.
        if proposal.status == Status.SCHEDULED:
            proposal_services.change_status(proposal, Status.VERIFIED, user,
                                            _("Dikeluarkan dari paket %(title)s; kembali ke "
                                              "antrean.", title=batch.title))
        proposal.batch = None
    for proposal in plan.proposals:
        if proposal.batch_id != batch.id:
            proposal_services.change_status(proposal, Status.SCHEDULED, user,
                                            _("Dijadwalkan dalam paket %(title)s.",
                                              title=batch.title))
            proposal.batch = batch
    db.session.flush()


def change_batch_status(batch: Batch, new_status: BatchStatus, user: User,
                        note: str = "") -> None:
    """Move a batch on; finishing closes its proposals, cancelling returns them to the queue."""
    current = BatchStatus(batch.status)
    if new_status not in NEXT_STATUS[current]:
        raise RuleError(_("Paket berstatus %(current)s tidak dapat menjadi %(new)s.",
                          current=current.label, new=new_status.label))
    if new_status is BatchStatus.CANCELLED and not note.strip():
        raise RuleError(_("Tuliskan alasan pembatalan."))
    if new_status is BatchStatus.DONE and local_today() < batch.end_date:
        raise RuleError(_("Paket baru dapat ditandai selesai mulai hari terakhirnya, "
                          "%(date)s.", date=format_date(batch.end_date, "d MMMM y")))
    batch.status = new_status.value
    if note.strip():
        batch.notes = "\n".join(filter(None, [batch.notes, note.strip()]))
    for proposal in list(batch.proposals):
        if new_status is BatchStatus.DONE and proposal.status == Status.SCHEDULED:
            proposal_services.change_status(proposal, Status.DONE, user,
                                            _("Paket %(title)s selesai.", title=batch.title))
        elif new_status is BatchStatus.CANCELLED and proposal.status == Status.SCHEDULED:
            proposal_services.change_status(proposal, Status.VERIFIED, user,
                                            _("Paket %(title)s dibatalkan: %(note)s",
                                              title=batch.title, note=note.strip()))
            proposal.batch = None
    db.session.flush()


def schedulable_proposals(user: User, course: Course | None = None):
    """Verified proposals a new batch may serve (of the user's district)."""
    statement = (proposal_services.visible_proposals(user)
                 .where(Proposal.status == Status.VERIFIED)
                 .options(joinedload(Proposal.village), joinedload(Proposal.course))
                 .order_by(Proposal.submitted_at))
    if course is not None:
        statement = statement.where(or_(Proposal.course_id == course.id,
                                        Proposal.course_id.is_(None)))
    return statement


def next_wave(regency_id: int, year: int) -> int:
    """The wave number after the highest of the year in this district (1 for the first)."""
    highest = db.session.scalar(select(db.func.max(Batch.wave)).where(
        Batch.regency_id == regency_id, Batch.year == year))
    return (highest or 0) + 1



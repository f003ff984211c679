"""Vacancies, placements and follow-ups, and absorption: placed graduates over graduates."""

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.clock import local_today, utc_now
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.participants import scope
from mtu.participants.models import Enrolment, EnrolmentStatus, Participant
from mtu.placements.models import (
    FOLLOW_UP_MONTHS,
    PLACED,
    FollowUp,
    Placement,
    PlacementStatus,
    Vacancy,
)
from mtu.portal import services as portal
from mtu.rules import RuleError, refuse_if

GRADUATED = EnrolmentStatus.PASSED.value


# Absorption ----------------------------------------------------------------------------------

@dataclass
class Absorption:
    placed: int
    graduated: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.placed / self.graduated) if self.graduated else None


def _placed_enrolments():
    """Enrolment ids with a placement that counts as absorbed."""
    return select(Placement.enrolment_id).where(Placement.status.in_(PLACED))


def absorption_by(column, ids, *conditions) -> dict[int, Absorption]:
    """Placed / graduated per value of `column` (a Batch or Participant column) among `ids`,
    in one query; `conditions` narrow the people counted."""
    ids = list(ids)
    if not ids:
        return {}
    placed = func.count(func.distinct(Enrolment.id)).filter(
        Enrolment.id.in_(_placed_enrolments().scalar_subquery()))
    rows = db.session.execute(
        select(column, placed, func.count(func.distinct(Enrolment.id)))
        .select_from(Enrolment).join(Batch, Batch.id == Enrolment.batch_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .where(Enrolment.status == GRADUATED, column.in_(ids), *conditions)
        .group_by(column)).all()
    found = {key: Absorption(placed_count, total) for key, placed_count, total in rows}
    return {key: found.get(key, Absorption(0, 0)) for key in ids}


def batch_absorption(batch: Batch) -> Absorption:
    return absorption_by(Batch.id, [batch.id])[batch.id]


def course_absorption(course_id: int) -> Absorption:
    return absorption_by(Batch.course_id, [course_id])[course_id]


def village_absorption(village_id: int, user: User | None = None) -> Absorption:
    """The village's residents: graduates and those placed (those `user` may see)."""
    return absorption_by(Participant.village_id, [village_id],
                         scope.shown_to(user))[village_id]


def company_absorption(company: Company) -> dict:
    """How many graduates the company took, by course, and in all."""
    rows = db.session.execute(
        select(Batch.course_id, func.count(func.distinct(Placement.enrolment_id)))
        .select_from(Placement).join(Enrolment, Enrolment.id == Placement.enrolment_id)
        .join(Batch, Batch.id == Enrolment.batch_id)
        .where(Placement.company_id == company.id, Placement.status.in_(PLACED))
        .group_by(Batch.course_id)).all()
    by_course = dict(rows)
    from mtu.courses.models import Course

    names = dict(db.session.execute(select(Course.id, Course.name).where(
        Course.id.in_(by_course))).all()) if by_course else {}
    courses = [(names[course_id], count, course_absorption(course_id))
               for course_id, count in sorted(by_course.items(), key=lambda i: names[i[0]])]
    return {"placed": sum(by_course.values()), "courses": courses}


# Placements ----------------------------------------------------------------------------------

def visible_placements(user: User):
    """select(Placement): staff those of their district's batches; a company its own."""
    statement = (select(Placement).join(Placement.enrolment).join(Enrolment.batch)
                 .options(joinedload(Placement.company),
                          joinedload(Placement.enrolment).joinedload(Enrolment.participant),
                          joinedload(Placement.enrolment).joinedload(Enrolment.batch)
                          .joinedload(Batch.course))
                 .order_by(Placement.start_date.desc(), Placement.id.desc()))
    role = Role(user.role)
    if role is Role.ADMIN:
        return statement
    if role is Role.STAFF and user.regency_id is not None:
        return statement.where(Batch.regency_id == user.regency_id)
    if role is Role.COMPANY and user.company_id is not None:
        return (statement.join(Enrolment.participant)
                .where(Placement.company_id == user.company_id, scope.shown_to(user)))
    return statement.where(Placement.id.is_(None))


def placeable_enrolment(user: User, enrolment_id: int) -> Enrolment | None:
    """A graduation the user may record a placement for: staff their district's graduates;
    a company only graduates shown to it (consent, valid certificate, never an inmate)."""
    statement = (select(Enrolment).where(Enrolment.id == enrolment_id,
                                         Enrolment.status == GRADUATED)
                 .options(joinedload(Enrolment.participant), joinedload(Enrolment.batch)))
    role = Role(user.role)
    if role in (Role.ADMIN, Role.STAFF):
        statement = statement.where(Enrolment.batch_id.in_(
            visible_batches(user).with_only_columns(Batch.id).scalar_subquery()))
    elif role is Role.COMPANY:
        from mtu.certificates.models import Certificate

        statement = statement.where(Enrolment.id.in_(
            select(Certificate.enrolment_id).where(
                Certificate.id.in_(portal.shown_certificate_ids())).scalar_subquery()))
    else:
        return None
    return db.session.scalar(statement)


@dataclass
class PlacementData:
    status: str
    start_date: date
    company_id: int | None = None
    vacancy_id: int | None = None
    position: str = ""
    business_name: str = ""
    business_field: str = ""
    business_place: str = ""
    job_fair_id: int | None = None


def record_placement(enrolment: Enrolment, data: PlacementData, user: User) -> Placement:
    """Record (and so confirm) a placement, with its follow-ups due at 3 and 6 months.
    A company records only placements at itself."""
    errors = []
    if data.status not in PlacementStatus._value2member_map_:
        errors.append(("status", _("Pilihan tidak valid.")))
    status = PlacementStatus._value2member_map_.get(data.status)
    company_id = data.company_id
    if Role(user.role) is Role.COMPANY:
        company_id = user.company_id
    if status in (PlacementStatus.WORKING, PlacementStatus.APPRENTICE):
        if not company_id or db.session.get(Company, company_id) is None:
            errors.append(("company_id", _("Pilih perusahaan tempat bekerja atau magang.")))
        if not data.position.strip():
            errors.append(("position", _("Isi posisi atau jabatan.")))
    if status is PlacementStatus.SELF_EMPLOYED:
        company_id = None
        if not data.business_name.strip():
            errors.append(("business_name", _("Isi nama usaha.")))
        if not data.business_field.strip():
            errors.append(("business_field", _("Isi bidang usaha.")))
    if status is PlacementStatus.NOT_WORKING:
        company_id = None
    vacancy = db.session.get(Vacancy, data.vacancy_id) if data.vacancy_id else None
    if vacancy is not None and vacancy.company_id != company_id:
        vacancy = None
    fair = _fair_of(data, status, company_id, user, errors)
    refuse_if(errors)
    placement = Placement(
        enrolment=enrolment, company_id=company_id, vacancy=vacancy, job_fair=fair,
        status=status.value,
        position=data.position.strip() if company_id else "", start_date=data.start_date,
        business_name=data.business_name.strip() if status is PlacementStatus.SELF_EMPLOYED
        else "",
        business_field=data.business_field.strip() if status is PlacementStatus.SELF_EMPLOYED
        else "",
        business_place=data.business_place.strip() if status is PlacementStatus.SELF_EMPLOYED
        else "",
        confirmed_at=utc_now(), confirmed_by_id=user.id)
    db.session.add(placement)
    if status is not PlacementStatus.NOT_WORKING:
        for months in FOLLOW_UP_MONTHS:
            db.session.add(FollowUp(placement=placement, months=months,
                                    due_on=add_months(data.start_date, months)))
    db.session.flush()
    return placement


def _fair_of(data: PlacementData, status, company_id, user: User, errors: list):
    """The job fair the placement came from: one the user sees, held by the start, where the
    company took part, for work or an apprenticeship."""
    if not data.job_fair_id:
        return None
    from mtu.job_fairs.services import get_visible_fair  # job fairs build on placements' data

    fair = get_visible_fair(user, data.job_fair_id)
    if fair is None:
        errors.append(("job_fair_id", _("Pilihan tidak valid.")))
    elif status not in (PlacementStatus.WORKING, PlacementStatus.APPRENTICE):
        errors.append(("job_fair_id", _("Bursa kerja hanya untuk penempatan bekerja atau "
                                        "magang.")))
    elif data.start_date and data.start_date < fair.held_on:
        errors.append(("job_fair_id", _("Penempatan dari bursa kerja tidak dapat mulai sebelum "
                                        "tanggal bursa (%(date)s).",
                                        date=fair.held_on.strftime("%d/%m/%Y"))))
    elif company_id and company_id not in {company.id for company in fair.companies}:
        errors.append(("job_fair_id", _("Perusahaan ini tidak ikut bursa kerja tersebut.")))
    else:
        return fair
    return None


def fair_choices(user: User, enrolment: Enrolment, limit: int = 20):
    """Fairs to name on a placement form: those where the graduate registered, then the
    user's fairs of the last year, newest first."""
    from mtu.job_fairs.models import JobFair, Registration
    from mtu.job_fairs.services import visible_fairs

    registered = select(Registration.job_fair_id).where(
        Registration.participant_id == enrolment.participant_id)
    recent = local_today().replace(year=local_today().year - 1)
    return list(db.session.scalars(
        visible_fairs(user).where(JobFair.id.in_(registered) | (JobFair.held_on >= recent))
        .order_by(JobFair.id.in_(registered).desc(), JobFair.held_on.desc(), JobFair.id.desc())
        .limit(limit)))


def placements_from_fair(user: User, fair_id: int) -> list[Placement]:
    """The placements that came from a fair (a company: its own)."""
    return list(db.session.scalars(
        visible_placements(user).where(Placement.job_fair_id == fair_id)).unique())


@dataclass
class FairStep:
    """What an accepted fair registration leads to: its placement, or the graduation to
    record one for."""

    placement_id: int | None = None
    enrolment_id: int | None = None


def registration_steps(user: User, fair, registrations) -> dict[int, FairStep]:
    """For each accepted registration, its placement from this fair when recorded, else (for
    the office) the graduate's latest graduation to record it for. Two queries, whatever the
    number of rows."""
    accepted = [r for r in registrations if r.accepted]
    if not accepted:
        return {}
    placed = {(p.enrolment.participant_id, p.company_id): p.id
              for p in placements_from_fair(user, fair.id)}
    latest = {}
    if Role(user.role) in (Role.ADMIN, Role.STAFF):
        graduations = (select(Enrolment.participant_id, func.max(Enrolment.id))
                       .where(Enrolment.participant_id.in_({r.participant_id for r in accepted}),
                              Enrolment.status == GRADUATED, Enrolment.batch_id.in_(
                                  visible_batches(user).with_only_columns(Batch.id)
                                  .scalar_subquery()))
                       .group_by(Enrolment.participant_id))
        latest = dict(db.session.execute(graduations).all())
    steps = {}
    for registration in accepted:
        key = (registration.participant_id, registration.company_id)
        if key in placed:
            steps[registration.id] = FairStep(placement_id=placed[key])
        elif registration.participant_id in latest:
            steps[registration.id] = FairStep(enrolment_id=latest[registration.participant_id])
    return steps


def placements_of_batch(batch: Batch) -> dict[int, list[Placement]]:
    """Each graduate's placements (enrolment id → latest first), in one query."""
    result: dict[int, list[Placement]] = {}
    for placement in db.session.scalars(
            select(Placement).join(Placement.enrolment).where(Enrolment.batch_id == batch.id)
            .options(joinedload(Placement.company))
            .order_by(Placement.start_date.desc(), Placement.id.desc())):
        result.setdefault(placement.enrolment_id, []).append(placement)
    return result


def graduates_of(batch: Batch) -> list[Enrolment]:
    return list(db.session.scalars(
        select(Enrolment).join(Enrolment.participant)
        .where(Enrolment.batch_id == batch.id, Enrolment.status == GRADUATED)
        .options(joinedload(Enrolment.participant)).order_by(Participant.full_name)))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


# Follow-ups ----------------------------------------------------------------------------------

def due_follow_ups(user: User, limit: int = 10) -> list[FollowUp]:
    """Follow-ups due by today and not done, in the user's district, the oldest first."""
    placements = visible_placements(user).with_only_columns(Placement.id).order_by(None)
    return list(db.session.scalars(
        select(FollowUp).where(FollowUp.done_at.is_(None), FollowUp.due_on <= local_today(),
                               FollowUp.placement_id.in_(placements.scalar_subquery()))
        .options(joinedload(FollowUp.placement).joinedload(Placement.enrolment)
                 .joinedload(Enrolment.participant),
                 joinedload(FollowUp.placement).joinedload(Placement.company))
        .order_by(FollowUp.due_on, FollowUp.id).limit(limit)))


def record_follow_up(follow_up: FollowUp, still_placed: bool, note: str, user: User) -> None:
    if follow_up.done_at is not None:
        raise RuleError(_("Tindak lanjut ini sudah dicatat."))
    follow_up.done_at, follow_up.done_by_id = utc_now(), user.id
    follow_up.still_placed, follow_up.note = still_placed, note.strip()
    db.session.flush()


# Vacancies -----------------------------------------------------------------------------------

def visible_vacancies(user: User):
    statement = (select(Vacancy).options(joinedload(Vacancy.company), joinedload(Vacancy.course))
                 .order_by(Vacancy.closing_date.desc(), Vacancy.id.desc()))
    role = Role(user.role)
    if role in (Role.ADMIN, Role.STAFF):
        return statement
    if role is Role.COMPANY and user.company_id is not None:
        return statement.where(Vacancy.company_id == user.company_id)
    return statement.where(Vacancy.id.is_(None))


@dataclass
class VacancyData:
    position: str
    openings: int
    closing_date: date
    course_id: int | None = None
    company_id: int | None = None
    description: str = ""


def save_vacancy(data: VacancyData, user: User) -> Vacancy:
    """A vacancy, by staff for any company or by a company for itself."""
    errors = []
    company_id = user.company_id if Role(user.role) is Role.COMPANY else data.company_id
    if not company_id or db.session.get(Company, company_id) is None:
        errors.append(("company_id", _("Pilih perusahaan.")))
    if not data.position.strip():
        errors.append(("position", _("Wajib diisi.")))
    if data.openings is None or data.openings < 1:
        errors.append(("openings", _("Paling sedikit 1.")))
    if data.closing_date and data.closing_date < local_today():
        errors.append(("closing_date", _("Tanggal penutupan sudah lewat.")))
    refuse_if(errors)
    vacancy = Vacancy(company_id=company_id, position=" ".join(data.position.split()),
                      course_id=data.course_id or None, openings=data.openings,
                      closing_date=data.closing_date, description=data.description.strip(),
                      created_by_id=user.id)
    db.session.add(vacancy)
    db.session.flush()
    return vacancy


def matching_graduates(vacancy: Vacancy):
    """select(Certificate) of consenting graduates of the vacancy's vocation."""
    statement = portal.graduates_statement()
    if vacancy.course_id:
        statement = statement.where(Batch.course_id == vacancy.course_id)
    return statement


def open_vacancies_count(user: User) -> int:
    return db.session.scalar(visible_vacancies(user).with_only_columns(func.count(Vacancy.id))
                             .order_by(None).where(Vacancy.closing_date >= local_today())) or 0


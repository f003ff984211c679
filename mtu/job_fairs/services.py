"""Who sees which job fair, who may register, and the rules for saving both."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, false, func, select
from sqlalchemy.orm import joinedload, selectinload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.certificates.models import Certificate
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.job_fairs.models import JobFair, Outcome, Registration, job_fair_companies
from mtu.listing import contains
from mtu.participants import scope
from mtu.participants.models import Enrolment, Participant
from mtu.regions.models import Region
from mtu.rules import RuleError, refuse_if
from mtu.trainers.services import office_only, regency_for

MAX_VISITORS = 1_000_000


def _fairs_of_company(company_id):
    return select(job_fair_companies.c.job_fair_id).where(
        job_fair_companies.c.company_id == company_id)


def visible_fairs(user: User):
    """select(JobFair): a district's fairs for its staff, the fairs a company takes part in
    for its users; admins see all."""
    statement = select(JobFair)
    if Role(user.role) is Role.COMPANY:
        if user.company_id is None:
            return statement.where(false())
        return statement.where(JobFair.id.in_(_fairs_of_company(user.company_id)))
    return visible_to(statement, user, regency=JobFair.regency_id)


def get_visible_fair(user: User, fair_id: int) -> JobFair | None:
    return db.session.scalar(visible_fairs(user).where(JobFair.id == fair_id).options(
        joinedload(JobFair.regency), selectinload(JobFair.companies)))


def fair_list_statement(user: User, text: str = ""):
    """The fairs the user may see, newest first, by place."""
    statement = (visible_fairs(user).options(joinedload(JobFair.regency),
                                             selectinload(JobFair.companies))
                 .order_by(JobFair.held_on.desc(), JobFair.id.desc()))
    if text:
        statement = statement.where(contains(text, JobFair.place))
    return statement


def visible_registrations(user: User, fair: JobFair):
    """select(Registration) of a fair: all of them for the office; for a company its own, of
    graduates who consent to be shown to companies (a withdrawal hides them at once)."""
    statement = (select(Registration).where(Registration.job_fair_id == fair.id)
                 .options(joinedload(Registration.participant), joinedload(Registration.company))
                 .join(Participant, Participant.id == Registration.participant_id)
                 .order_by(Participant.full_name, Registration.id))
    if Role(user.role) is Role.COMPANY:
        statement = statement.where(Registration.company_id == user.company_id,
                                    Participant.consent_at.is_not(None), scope.shown_to(user))
    return statement


def registration_counts(fairs) -> dict[int, int]:
    ids = [fair.id for fair in fairs]
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Registration.job_fair_id, func.count()).where(Registration.job_fair_id.in_(ids))
        .group_by(Registration.job_fair_id)).all())


def graduate_condition():
    """A participant holding a certificate that was not revoked."""
    return exists().where(Enrolment.participant_id == Participant.id,
                          Certificate.enrolment_id == Enrolment.id,
                          Certificate.revoked_at.is_(None))


def eligible_graduates(fair: JobFair):
    """select(Participant): graduates of the fair's district with a valid certificate, no
    inmate among them."""
    return (select(Participant)
            .where(Participant.regency_id == fair.regency_id, graduate_condition(),
                   scope.shown_to(None))
            .order_by(Participant.full_name, Participant.id))


@dataclass
class FairData:
    held_on: date | None
    place: str
    visitors: int | None = 0
    notes: str = ""
    company_ids: list[int] = field(default_factory=list)
    regency: Region | None = None  # admins only


def save_fair(fair: JobFair | None, data: FairData, user: User) -> JobFair:
    """Create (fair=None) or update a job fair in the user's district."""
    office_only(user)
    errors = []
    place = " ".join((data.place or "").split())
    if not place:
        errors.append(("place", _("Wajib diisi.")))
    if data.held_on is None:
        errors.append(("held_on", _("Wajib diisi.")))
    visitors = data.visitors or 0
    if not 0 <= visitors <= MAX_VISITORS:
        errors.append(("visitors", _("Harus antara %(low)d dan %(high)d.", low=0,
                                     high=MAX_VISITORS)))
    ids = sorted(set(data.company_ids))
    companies = list(db.session.scalars(select(Company).where(Company.id.in_(ids)))) if ids else []
    if len(companies) != len(ids):
        errors.append(("company_ids", _("Pilihan tidak valid.")))
    if fair is not None:
        kept = set(ids)
        if db.session.scalar(select(Registration.id).where(
                Registration.job_fair_id == fair.id, Registration.company_id.not_in(kept))
                .limit(1)) is not None:
            errors.append(("company_ids", _("Perusahaan yang sudah punya pendaftar tidak dapat "
                                            "dihapus dari bursa kerja.")))
    regency = (fair.regency if fair is not None and Role(user.role) is Role.STAFF
               else regency_for(user, data.regency, errors))
    refuse_if(errors)
    if fair is None:
        fair = JobFair(created_by=user)
        db.session.add(fair)
    fair.regency, fair.held_on, fair.place = regency, data.held_on, place
    fair.visitors, fair.notes = visitors, (data.notes or "").strip()
    fair.companies = sorted(companies, key=lambda company: company.name)
    db.session.flush()
    return fair


def register(fair: JobFair, participant_id: int | None, company_id: int | None,
             user: User) -> Registration:
    """Register a graduate with one of the fair's companies (once per graduate and company)."""
    office_only(user)
    errors = []
    participant = None
    if not participant_id:
        errors.append(("participant_id", _("Pilih lulusan.")))
    else:
        participant = db.session.scalar(eligible_graduates(fair).where(
            Participant.id == participant_id))
        if participant is None:
            errors.append(("participant_id", _("Hanya lulusan bersertifikat dari kabupaten/kota "
                                               "ini yang dapat didaftarkan.")))
    if not company_id:
        errors.append(("company_id", _("Pilih perusahaan.")))
    elif company_id not in {company.id for company in fair.companies}:
        errors.append(("company_id", _("Perusahaan ini tidak ikut bursa kerja ini.")))
    if not errors and db.session.scalar(select(Registration.id).where(
            Registration.job_fair_id == fair.id, Registration.participant_id == participant_id,
            Registration.company_id == company_id)) is not None:
        errors.append((None, _("Lulusan ini sudah terdaftar pada perusahaan tersebut.")))
    refuse_if(errors)
    registration = Registration(job_fair=fair, participant=participant, company_id=company_id,
                                outcome=Outcome.PENDING.value, created_by_id=user.id)
    db.session.add(registration)
    db.session.flush()
    return registration


def set_outcome(registration: Registration, outcome: str, user: User) -> None:
    office_only(user)
    try:
        registration.outcome = Outcome(outcome).value
    except ValueError:
        raise RuleError([("outcome", _("Pilihan tidak valid."))]) from None
    db.session.flush()


def outcome_counts(fair: JobFair, user: User) -> dict[str, int]:
    statement = visible_registrations(user, fair).with_only_columns(
        Registration.outcome, func.count()).group_by(Registration.outcome).order_by(None)
    return dict(db.session.execute(statement).all())

"""Who sees which CSR contribution, and the rules that keep a batch's CSR company and its
contributions in step.

The rule: a batch funded by CSR (Batch.funding == csr) names one company, and every
contribution linked to it comes from that company. A batch funded otherwise (APBD, APBN) may
still receive contributions, from any company, as co-funding; its funding stays as planned.
Changing a batch to CSR funding by another company than the one whose contributions it holds
is refused in batches.services.conflicts.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.batches.models import Batch, BatchStatus, Funding
from mtu.batches.services import company_batch_condition, visible_batches
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.csr.models import Contribution, Kind
from mtu.extensions import db
from mtu.rules import RuleError, refuse_if

MAX_AMOUNT = 1_000_000_000_000  # Rp1 triliun: beyond this a typing slip, not a gift
BATCH_CHOICES = 60


def visible_contributions(user: User):
    """select(Contribution): staff those their district recorded, a company its own."""
    return visible_to(
        select(Contribution).options(joinedload(Contribution.company),
                                     joinedload(Contribution.batch).joinedload(Batch.course))
        .order_by(Contribution.given_on.desc(), Contribution.id.desc()),
        user, regency=Contribution.regency_id, company=Contribution.company_id)


def get_visible(user: User, contribution_id: int) -> Contribution | None:
    return db.session.scalar(visible_contributions(user).where(
        Contribution.id == contribution_id))


def of_company(company: Company, user: User) -> list[Contribution]:
    return list(db.session.scalars(visible_contributions(user).where(
        Contribution.company_id == company.id)))


def of_batch(batch: Batch) -> list[Contribution]:
    """Every contribution to a batch (whoever may see the batch may see what funded it)."""
    return list(db.session.scalars(
        select(Contribution).where(Contribution.batch_id == batch.id)
        .options(joinedload(Contribution.company))
        .order_by(Contribution.given_on, Contribution.id)))


def total(contributions) -> int:
    """Rupiah given and the estimated value of what was given in kind."""
    return sum(contribution.amount or 0 for contribution in contributions)


def companies_giving_to(batch_id: int) -> list[Company]:
    """The companies whose contributions are linked to this batch."""
    return list(db.session.scalars(
        select(Company).where(Company.id.in_(
            select(Contribution.company_id).where(Contribution.batch_id == batch_id)))
        .order_by(Company.name)))


def batch_choices(user: User, current: Batch | None = None) -> list[Batch]:
    """Batches a contribution may be linked to: the user's district's, not cancelled, newest
    first (and the one it is linked to now)."""
    batches = list(db.session.scalars(
        visible_batches(user).where(Batch.status != BatchStatus.CANCELLED.value)
        .options(joinedload(Batch.course), joinedload(Batch.csr_company))
        .order_by(Batch.start_date.desc(), Batch.id.desc()).limit(BATCH_CHOICES)))
    if current is not None and current not in batches:
        batches.append(current)
    return batches


def company_batches(company: Company, user: User) -> dict[str, list[Batch]]:
    """The batches the user sees that the company hosts (in-company training) and those it
    funds (CSR funding or a contribution linked to them)."""
    statement = (visible_batches(user).options(joinedload(Batch.course))
                 .where(company_batch_condition(company.id))
                 .order_by(Batch.start_date.desc(), Batch.id.desc()).limit(50))
    rows = list(db.session.scalars(statement))
    given = set(db.session.scalars(select(Contribution.batch_id).where(
        Contribution.company_id == company.id,
        Contribution.batch_id.in_([batch.id for batch in rows])))) if rows else set()
    return {"hosted": [batch for batch in rows if batch.host_company_id == company.id],
            "funded": [batch for batch in rows
                       if batch.csr_company_id == company.id or batch.id in given]}


@dataclass
class ContributionData:
    kind: str
    given_on: date | None
    amount: int | None = None
    description: str = ""
    batch_id: int | None = None


def _office_only(user: User) -> None:
    if Role(user.role) not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya admin dan staf Disnaker yang dapat mengubah data ini."))


def check_batch(batch: Batch, company: Company) -> str | None:
    """Why this company's contribution cannot go to this batch, or None."""
    if batch.funding == Funding.CSR and batch.csr_company_id not in (None, company.id):
        return _("Paket ini didanai CSR %(company)s; kontribusi perusahaan lain tidak dapat "
                 "dicatat untuk paket ini.", company=batch.csr_company.name)
    return None


def save(contribution: Contribution | None, company: Company, data: ContributionData,
         user: User) -> Contribution:
    """Record (contribution=None) or change a contribution; RuleError lists every problem."""
    _office_only(user)
    errors = []
    kind = Kind._value2member_map_.get(data.kind)
    description = " ".join((data.description or "").split())
    if kind is None:
        errors.append(("kind", _("Pilihan tidak valid.")))
    elif kind is Kind.MONEY and not data.amount:
        errors.append(("amount", _("Isi jumlah rupiah.")))
    elif kind is not Kind.MONEY and not description:
        errors.append(("description", _("Sebutkan barang atau jasa yang diberikan.")))
    if data.amount is not None and not 0 < data.amount <= MAX_AMOUNT:
        errors.append(("amount", _("Jumlah harus antara Rp1 dan Rp1.000.000.000.000.")))
    if data.given_on is None:
        errors.append(("given_on", _("Wajib diisi.")))
    elif data.given_on > local_today():
        errors.append(("given_on", _("Tanggal tidak boleh setelah hari ini.")))
    batch = None
    if data.batch_id:
        batch = db.session.scalar(visible_batches(user).where(Batch.id == data.batch_id))
        if batch is None:
            errors.append(("batch_id", _("Pilihan tidak valid.")))
        elif (problem := check_batch(batch, company)) is not None:
            errors.append(("batch_id", problem))
    refuse_if(errors)
    if contribution is None:
        contribution = Contribution(company=company, created_by_id=user.id,
                                    regency_id=_regency_of(user, batch, company))
        db.session.add(contribution)
    contribution.kind, contribution.amount = kind.value, data.amount
    contribution.description, contribution.given_on = description, data.given_on
    contribution.batch = batch
    db.session.flush()
    return contribution


def _regency_of(user: User, batch: Batch | None, company: Company) -> int | None:
    if Role(user.role) is Role.STAFF:
        return user.regency_id
    return batch.regency_id if batch is not None else company.regency_id


def delete(contribution: Contribution, user: User) -> None:
    _office_only(user)
    db.session.delete(contribution)
    db.session.flush()


def company_batch_list(user: User, text: str = ""):
    """select(Batch) for the company portal: the batches the user's company hosts or funds,
    newest first, by course or venue."""
    from mtu.courses.models import Course
    from mtu.listing import contains

    statement = (visible_batches(user).join(Course, Batch.course_id == Course.id)
                 .options(joinedload(Batch.course))
                 .order_by(Batch.start_date.desc(), Batch.id.desc()))
    text = " ".join(text.split())
    if text:
        statement = statement.where(contains(text, Course.name, Batch.venue_name))
    return statement


def enrolment_counts(batch: Batch) -> dict[str, int]:
    """How many took part and how many passed (no names: what a company may know of a
    batch)."""
    from mtu.participants.models import Enrolment, EnrolmentStatus

    counts = dict(db.session.execute(
        select(Enrolment.status, func.count()).where(Enrolment.batch_id == batch.id)
        .group_by(Enrolment.status)).all())
    taking_part = (EnrolmentStatus.ACCEPTED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)
    return {"taking_part": sum(counts.get(status.value, 0) for status in taking_part),
            "passed": counts.get(EnrolmentStatus.PASSED.value, 0)}

"""Partner companies: the list, their records, agreements and the accounts of their staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload
from wtforms.fields.choices import SelectChoice

from mtu.authz import Role
from mtu.companies.models import Agreement, Company, Sector
from mtu.extensions import db
from mtu.listing import contains
from mtu.regions.models import Level, Region
from mtu.rules import RuleError, refuse_if

if TYPE_CHECKING:  # mtu.auth imports this module (company_choices) while it loads
    from mtu.auth.models import User

Village = aliased(Region, name="company_village")


def company_choices() -> list[SelectChoice]:
    """For a company select: an empty first option (0), then every company by name."""
    rows = db.session.execute(select(Company.id, Company.name).order_by(Company.name))
    return [SelectChoice(0, "—")] + [SelectChoice(id_, name) for id_, name in rows]


def visible_companies(user: User):
    """select(Company): the office sees every partner (a company hires from any district);
    a company account only its own."""
    statement = select(Company)
    if Role(user.role) in (Role.ADMIN, Role.STAFF):
        return statement
    if Role(user.role) is Role.COMPANY and user.company_id is not None:
        return statement.where(Company.id == user.company_id)
    return statement.where(Company.id.is_(None))


def get_visible(user: User, company_id: int) -> Company | None:
    return db.session.scalar(visible_companies(user).where(Company.id == company_id)
                             .options(joinedload(Company.village), joinedload(Company.regency)))


def list_statement(user: User, text: str = "", sector: str = "",
                   subdistrict_id: int | None = None):
    """Companies by name, optionally of one sector or with premises in one sub-district."""
    statement = (visible_companies(user)
                 .options(joinedload(Company.village), joinedload(Company.regency))
                 .order_by(Company.name, Company.id))
    if sector in Sector._value2member_map_:
        statement = statement.where(Company.sector == sector)
    if subdistrict_id:
        statement = statement.where(Company.village_id.in_(
            select(Region.id).where(Region.parent_id == subdistrict_id).scalar_subquery()))
    text = " ".join(text.split())
    if text:
        statement = statement.where(contains(text, Company.name))
    return statement


def subdistricts(user: User) -> list[Region]:
    """Sub-districts for the filter: a staff member's district, and wherever companies are."""
    used = (select(Village.parent_id).join(Company, Company.village_id == Village.id)
            .distinct().scalar_subquery())
    statement = select(Region).where(Region.level == Level.SUBDISTRICT, Region.id.in_(used))
    if Role(user.role) is Role.STAFF and user.regency_id is not None:
        statement = select(Region).where(
            Region.level == Level.SUBDISTRICT,
            (Region.parent_id == user.regency_id) | Region.id.in_(used))
    return list(db.session.scalars(statement.order_by(Region.name)))


@dataclass
class CompanyData:
    name: str
    sector: str = Sector.OTHER.value
    address: str = ""
    village: Region | None = None
    phone: str = ""
    email: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def _office_only(user: User) -> None:
    if Role(user.role) not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya admin dan staf Disnaker yang dapat mengubah data ini."))


def name_taken(name: str, exclude: Company | None = None) -> bool:
    statement = select(Company.id).where(func.lower(Company.name) == name.lower())
    if exclude is not None and exclude.id is not None:
        statement = statement.where(Company.id != exclude.id)
    return db.session.scalar(statement) is not None


def save_company(company: Company | None, data: CompanyData, user: User) -> Company:
    """Create (company=None) or update a partner company; RuleError lists every problem."""
    _office_only(user)
    errors = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    elif name_taken(name, exclude=company):
        errors.append(("name", _("Perusahaan dengan nama ini sudah terdaftar.")))
    if data.sector not in Sector._value2member_map_:
        errors.append(("sector", _("Pilihan tidak valid.")))
    refuse_if(errors)
    if company is None:
        company = Company()
        db.session.add(company)
    company.name, company.sector = name, data.sector
    company.address, company.village = data.address.strip(), data.village
    if data.village is not None:
        company.regency = next((r for r in data.village.ancestors if r.level == Level.REGENCY),
                               None)
    elif company.regency is None and Role(user.role) is Role.STAFF:
        company.regency = user.regency
    company.phone, company.email = data.phone, data.email.strip().lower()
    company.contact_name = " ".join(data.contact_name.split())
    company.contact_phone = data.contact_phone
    db.session.flush()
    return company


@dataclass
class AgreementData:
    number: str
    start_date: date
    end_date: date | None = None
    scope: str = ""


def add_agreement(company: Company, data: AgreementData, user: User) -> Agreement:
    """Record a partnership agreement (number, dates, scope)."""
    _office_only(user)
    errors = []
    number = " ".join(data.number.split())
    if not number:
        errors.append(("number", _("Wajib diisi.")))
    if data.end_date is not None and data.end_date < data.start_date:
        errors.append(("end_date", _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")))
    refuse_if(errors)
    agreement = Agreement(company=company, number=number, start_date=data.start_date,
                          end_date=data.end_date, scope=data.scope.strip(),
                          created_by_id=user.id)
    db.session.add(agreement)
    db.session.flush()
    return agreement


def accounts_of(company: Company) -> list[User]:
    from mtu.auth.models import User

    return list(db.session.scalars(select(User).where(User.company_id == company.id,
                                                      User.role == Role.COMPANY.value)
                                   .order_by(User.name, User.id)))


def create_account(company: Company, name: str, email: str, user: User) -> tuple[User, str]:
    """A company account for this company's HR, with a temporary password shown once."""
    from mtu.auth.services import create_partner_account

    _office_only(user)
    return create_partner_account(name, email, Role.COMPANY, actor=user, company=company,
                                  regency=company.regency)

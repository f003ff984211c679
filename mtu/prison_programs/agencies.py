"""Partner agencies: who sees and changes which, their records and their accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload

from mtu.authz import Role
from mtu.extensions import db
from mtu.listing import contains
from mtu.prison_programs.models import Agency, AgencyKind, Programme
from mtu.prison_programs.services import office_only, programme_ids_of, visible_programmes
from mtu.regions.models import Level, Region
from mtu.rules import RuleError, refuse_if

if TYPE_CHECKING:  # mtu.auth.models imports mtu.prison_programs.models
    from mtu.auth.models import User


def visible_agencies(user: User):
    """select(Agency): admins and staff see every agency (a district's programme works with the
    Lapas or BPJS office of the neighbouring city); other roles none here (an agency account
    meets its own agency through its programmes)."""
    statement = select(Agency)
    if Role(user.role) in (Role.ADMIN, Role.STAFF):
        return statement
    return statement.where(false())


def get_visible_agency(user: User, agency_id: int) -> Agency | None:
    return db.session.scalar(visible_agencies(user).options(joinedload(Agency.regency))
                             .where(Agency.id == agency_id))


def agency_list_statement(user: User, text: str = "", kind: str = ""):
    """Agencies by name, optionally of one kind, matching the search text."""
    statement = (visible_agencies(user).options(joinedload(Agency.regency))
                 .order_by(Agency.name, Agency.id))
    if kind in AgencyKind._value2member_map_:
        statement = statement.where(Agency.kind == kind)
    text = " ".join(text.split())
    if text:
        statement = statement.where(contains(text, Agency.name, Agency.contact_name))
    return statement


def can_manage_agency(user: User, agency: Agency) -> bool:
    """Admins change every agency; staff those of their district, those without a regency and
    those taking part in a programme of their district."""
    role = Role(user.role)
    if role is Role.ADMIN:
        return True
    if role is not Role.STAFF or user.regency_id is None:
        return False
    if agency.regency_id is None or agency.regency_id == user.regency_id:
        return True
    return db.session.scalar(select(Programme.id).where(
        Programme.regency_id == user.regency_id,
        Programme.id.in_(programme_ids_of(agency.id))).limit(1)) is not None


def can_make_accounts(user: User, agency: Agency) -> bool:
    """An agency account sees every programme its agency belongs to, in any district, with the
    inmates in it: staff make accounts only for agencies they manage whose programmes are all
    of their own district; an agency also working with another district needs an admin."""
    if Role(user.role) is Role.ADMIN:
        return True
    if not can_manage_agency(user, agency):
        return False
    return db.session.scalar(select(Programme.id).where(
        Programme.regency_id != user.regency_id,
        Programme.id.in_(programme_ids_of(agency.id))).limit(1)) is None


def _may_manage(user: User, agency: Agency) -> None:
    office_only(user)
    if agency.id is not None and not can_manage_agency(user, agency):
        raise RuleError(_("Instansi ini milik kabupaten/kota lain; hanya kantor Disnaker di sana "
                          "atau admin yang dapat mengubahnya."))


@dataclass
class AgencyData:
    name: str
    kind: str = AgencyKind.GOVERNMENT.value
    regency: Region | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def agency_name_taken(name: str, exclude: Agency | None = None) -> bool:
    statement = select(Agency.id).where(func.lower(Agency.name) == name.lower())
    if exclude is not None and exclude.id is not None:
        statement = statement.where(Agency.id != exclude.id)
    return db.session.scalar(statement) is not None


def save_agency(agency: Agency | None, data: AgencyData, user: User) -> Agency:
    """Create (agency=None) or update a partner agency; RuleError lists every problem."""
    if agency is not None:
        _may_manage(user, agency)
    office_only(user)
    errors = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    elif agency_name_taken(name, exclude=agency):
        errors.append(("name", _("Instansi dengan nama ini sudah terdaftar.")))
    if data.kind not in AgencyKind._value2member_map_:
        errors.append(("kind", _("Pilihan tidak valid.")))
    if data.regency is not None and data.regency.level != Level.REGENCY:
        errors.append(("regency", _("Pilih kabupaten/kota.")))
    refuse_if(errors)
    if agency is None:
        agency = Agency()
        db.session.add(agency)
    agency.name, agency.kind, agency.regency = name, data.kind, data.regency
    agency.address = " ".join(data.address.split())
    agency.phone, agency.email = data.phone, data.email.strip().lower()
    agency.contact_name = " ".join(data.contact_name.split())
    agency.contact_phone = data.contact_phone
    db.session.flush()
    return agency


def accounts_of(agency: Agency) -> list[User]:
    from mtu.auth.models import User

    return list(db.session.scalars(select(User).where(User.agency_id == agency.id,
                                                      User.role == Role.AGENCY.value)
                                   .order_by(User.name, User.id)))


def create_account(agency: Agency, name: str, email: str, user: User) -> tuple[User, str]:
    """An account for the agency's staff, with a temporary password shown once."""
    from mtu.auth.services import create_partner_account

    _may_manage(user, agency)
    if not can_make_accounts(user, agency):
        raise RuleError(_("Instansi ini juga ikut program kabupaten/kota lain; akunnya dibuat "
                          "oleh admin."))
    return create_partner_account(name, email, Role.AGENCY, actor=user, agency=agency,
                                  regency=agency.regency)


def programmes_of_agency(user: User, agency: Agency) -> list[Programme]:
    """The programmes the agency belongs to that the user may see."""
    return list(db.session.scalars(
        visible_programmes(user).where(Programme.id.in_(programme_ids_of(agency.id)))
        .options(joinedload(Programme.regency)).order_by(Programme.name, Programme.id)))

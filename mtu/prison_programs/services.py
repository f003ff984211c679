"""Partner agencies and prison partnership programmes: who may see which, and the writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import false, select, union
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from mtu.authz import Role, visible_to
from mtu.extensions import db
from mtu.listing import contains
from mtu.prison_programs.models import (
    Agency,
    AgencyKind,
    Partner,
    PartnerRole,
    Programme,
    ProgrammeStatus,
)
from mtu.regions.models import Region
from mtu.rules import RuleError, refuse_if

if TYPE_CHECKING:  # mtu.auth.models imports mtu.prison_programs.models
    from mtu.auth.models import User


def agency_choices(kind: AgencyKind | None = None) -> list[SelectChoice]:
    """For an agency select: an empty first option (0), then the agencies (of one kind)."""
    statement = select(Agency.id, Agency.name).order_by(Agency.name)
    if kind is not None:
        statement = statement.where(Agency.kind == kind)
    return [SelectChoice(0, "—")] + [SelectChoice(id_, name)
                                     for id_, name in db.session.execute(statement)]


def programme_ids_of(agency_id: int):
    """Scalar subquery: the programmes an agency belongs to, as partner, prison or lead."""
    return union(
        select(Partner.programme_id).where(Partner.agency_id == agency_id),
        select(Programme.id).where(Programme.prison_id == agency_id),
        select(Programme.id).where(Programme.lead_agency_id == agency_id),
    ).scalar_subquery()


def visible_programmes(user: User):
    """select(Programme) narrowed to what the user may see: admins all, staff their district's,
    an agency account the programmes its agency belongs to, everyone else none."""
    statement = select(Programme)
    if Role(user.role) is Role.AGENCY:
        if user.agency_id is None:
            return statement.where(false())
        return statement.where(Programme.id.in_(programme_ids_of(user.agency_id)))
    return visible_to(statement, user, regency=Programme.regency_id)


def get_visible_programme(user: User, programme_id: int) -> Programme | None:
    return db.session.scalar(visible_programmes(user).where(Programme.id == programme_id))


def office_only(user: User) -> None:
    if Role(user.role) not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya admin dan staf Disnaker yang dapat mengubah data ini."))


def programme_list_statement(user: User, text: str = "", status: str = ""):
    """The programmes the user sees, newest first, by status and name or prison."""
    statement = (visible_programmes(user)
                 .options(joinedload(Programme.prison), joinedload(Programme.regency))
                 .order_by(Programme.created_at.desc(), Programme.id.desc()))
    if status in ProgrammeStatus._value2member_map_:
        statement = statement.where(Programme.status == status)
    text = " ".join(text.split())
    if text:
        prisons = select(Agency.id).where(contains(text, Agency.name)).scalar_subquery()
        statement = statement.where(contains(text, Programme.name) | Programme.prison_id.in_(
            prisons))
    return statement


def get_programme_page(user: User, programme_id: int) -> Programme | None:
    """A programme the user sees, with what its page shows loaded (no query per row)."""
    return db.session.scalar(visible_programmes(user).where(Programme.id == programme_id).options(
        joinedload(Programme.prison), joinedload(Programme.lead_agency),
        joinedload(Programme.institute), joinedload(Programme.regency),
        selectinload(Programme.partners).joinedload(Partner.agency)))


def programme_batches(programme: Programme) -> list:
    """The programme's batches (held in the prison), newest first, with their course."""
    from mtu.batches.models import Batch  # batches import this package's models

    return list(db.session.scalars(
        select(Batch).where(Batch.programme_id == programme.id)
        .options(joinedload(Batch.course)).order_by(Batch.start_date.desc(), Batch.id.desc())))


def agency_home_programmes(user: User) -> list[Programme]:
    """An agency account's programmes for its home page, current ones first."""
    finished = Programme.status == ProgrammeStatus.FINISHED.value
    return list(db.session.scalars(
        visible_programmes(user).options(joinedload(Programme.prison))
        .order_by(finished, Programme.created_at.desc(), Programme.id.desc())
        .limit(20)))


def institute_choices(user: User) -> list[SelectChoice]:
    """For the programme's LPK: an empty first option, then the institutes the user sees."""
    from mtu.trainers.services import institute_options  # trainers import mtu.auth

    return [SelectChoice(0, "—")] + [SelectChoice(item.id, item.name)
                                     for item in institute_options(user)]


@dataclass
class ProgrammeData:
    name: str
    prison_id: int
    status: str = ProgrammeStatus.COORDINATION.value
    legal_basis: str = ""
    lead_agency_id: int | None = None
    institute_id: int | None = None
    goal: str = ""
    regency: Region | None = None  # admins only; staff's programmes are their district's
    # (agency id, role) per row of the partners editor; empty rows already dropped
    partners: list[tuple[int, str]] = field(default_factory=list)


def save_programme(programme: Programme | None, data: ProgrammeData, user: User) -> Programme:
    """Create (programme=None) or update a programme and its partners; RuleError lists every
    problem (row problems as ("partners", message))."""
    from mtu.trainers.models import Institute  # trainers import mtu.auth, which imports us
    from mtu.trainers.services import regency_for

    office_only(user)
    errors: list = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    regency = regency_for(user, data.regency, errors)
    prison = db.session.get(Agency, data.prison_id) if data.prison_id else None
    if prison is None:
        errors.append(("prison_id", _("Pilih lapas.")))
    elif prison.kind != AgencyKind.PRISON:
        errors.append(("prison_id", _("Instansi ini bukan lembaga pemasyarakatan.")))
    lead = db.session.get(Agency, data.lead_agency_id) if data.lead_agency_id else None
    if data.lead_agency_id and lead is None:
        errors.append(("lead_agency_id", _("Pilihan tidak valid.")))
    institute = db.session.get(Institute, data.institute_id) if data.institute_id else None
    if data.institute_id and institute is None:
        errors.append(("institute_id", _("Pilihan tidak valid.")))
    elif institute is not None and regency is not None and institute.regency_id != regency.id:
        errors.append(("institute_id", _("LPK ini terdaftar di kabupaten/kota lain.")))
    if data.status not in ProgrammeStatus._value2member_map_:
        errors.append(("status", _("Pilihan tidak valid.")))
    rows = list(dict.fromkeys(data.partners))
    if len(rows) < len(data.partners):
        errors.append(("partners", _("Instansi dengan peran yang sama tercantum dua kali.")))
    agency_ids = {agency_id for agency_id, _role in rows}
    known = set(db.session.scalars(select(Agency.id).where(Agency.id.in_(agency_ids))))
    if agency_ids - known or any(role not in PartnerRole._value2member_map_ for _a, role in rows):
        errors.append(("partners", _("Pilihan instansi atau peran tidak valid.")))
    refuse_if(errors)
    if programme is None:
        programme = Programme(created_by_id=user.id)
        db.session.add(programme)
    programme.name, programme.regency, programme.prison = name, regency, prison
    programme.lead_agency, programme.institute = lead, institute
    programme.legal_basis = " ".join(data.legal_basis.split())
    programme.goal, programme.status = data.goal.strip(), data.status
    _set_partners(programme, rows)
    db.session.flush()
    return programme


def _set_partners(programme: Programme, rows: list[tuple[int, str]]) -> None:
    """Keep the partner rows still listed (their ids stay), drop the others, add the new."""
    wanted = set(rows)
    kept = [partner for partner in programme.partners
            if (partner.agency_id, partner.role) in wanted]
    have = {(partner.agency_id, partner.role) for partner in kept}
    programme.partners = kept + [Partner(agency_id=agency_id, role=role)
                                 for agency_id, role in rows if (agency_id, role) not in have]

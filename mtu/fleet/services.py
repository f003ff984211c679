"""Queries and rules about MTU units."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.courses.models import Course, Equipment
from mtu.extensions import db
from mtu.fleet.models import Unit, UnitStatus
from mtu.listing import contains
from mtu.regions.models import Level, Region
from mtu.rules import RuleError


def visible_units(user: User):
    """select(Unit) of the units of the user's district (admins: all)."""
    return visible_to(select(Unit).options(selectinload(Unit.equipment)), user,
                      regency=Unit.regency_id)


def get_visible_unit(user: User, unit_id: int) -> Unit | None:
    return db.session.scalar(visible_units(user).where(Unit.id == unit_id))


def list_statement(user: User, text: str = "", status: str = ""):
    """The user's units by code, searchable by code, name or plate, filtered by status."""
    statement = visible_units(user).options(joinedload(Unit.regency)).order_by(Unit.code)
    if status in UnitStatus._value2member_map_:
        statement = statement.where(Unit.status == status)
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, Unit.code, Unit.name, Unit.plate))
    return statement


def courses_served(unit: Unit) -> list[Course]:
    """Active courses whose every piece of equipment this unit carries."""
    carried = {item.id for item in unit.equipment}
    courses = db.session.scalars(select(Course).where(Course.active)
                                 .options(selectinload(Course.equipment)).order_by(Course.name))
    return [course for course in courses
            if course.equipment and {item.id for item in course.equipment} <= carried]


def normalise_code(text: str) -> str:
    """' mtu-01 ' → 'MTU-01'; plates the same way ('n 8101  xa' → 'N 8101 XA')."""
    return " ".join((text or "").split()).upper()


def code_taken(code: str, exclude: Unit | None = None) -> bool:
    statement = select(Unit.id).where(func.upper(Unit.code) == normalise_code(code))
    if exclude is not None and exclude.id is not None:
        statement = statement.where(Unit.id != exclude.id)
    return db.session.scalar(statement) is not None


@dataclass
class UnitData:
    code: str
    name: str
    plate: str = ""
    home_base: str = ""
    status: str = UnitStatus.READY.value
    equipment_ids: list[int] = field(default_factory=list)
    regency: Region | None = None  # admins only; staff's units are in their district


def save_unit(unit: Unit | None, data: UnitData, user: User) -> Unit:
    """Create (unit=None) or update a unit in the user's district; RuleError lists problems."""
    if Role(user.role) not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya admin dan staf Disnaker yang dapat mengubah unit."))
    errors = []
    code, name = normalise_code(data.code), " ".join(data.name.split())
    if not code:
        errors.append(("code", _("Wajib diisi.")))
    elif code_taken(code, exclude=unit):
        errors.append(("code", _("Kode unit %(code)s sudah dipakai.", code=code)))
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    if data.status not in UnitStatus._value2member_map_:
        errors.append(("status", _("Pilihan tidak valid.")))
    equipment = list(db.session.scalars(
        select(Equipment).where(Equipment.id.in_(set(data.equipment_ids)))
        .order_by(Equipment.name)))
    if len(equipment) != len(set(data.equipment_ids)):
        errors.append(("equipment_ids", _("Pilihan tidak valid.")))
    if Role(user.role) is Role.STAFF:
        regency = user.regency
        if regency is None:
            errors.append((None, _("Akun staf Anda belum terhubung ke kabupaten/kota.")))
    else:
        regency = data.regency
        if regency is None or regency.level != Level.REGENCY:
            errors.append(("regency", _("Pilih kabupaten/kota.")))
    if unit is not None and unit.id is not None and not errors:
        errors.extend(_booking_problems(unit, data.status, {item.id for item in equipment}))
    if errors:
        raise RuleError(errors)
    if unit is None:
        unit = Unit()
        db.session.add(unit)
    unit.code, unit.name, unit.plate = code, name, normalise_code(data.plate)
    unit.home_base, unit.status = data.home_base.strip(), data.status
    unit.regency, unit.equipment = regency, equipment
    db.session.flush()
    return unit


def bookings(unit: Unit):
    """Batches still to run or running on this unit."""
    from mtu.batches.services import upcoming_bookings  # batches build on the fleet

    return upcoming_bookings(unit_id=unit.id)


def _booking_problems(unit: Unit, status: str, carried_ids: set[int]):
    """What a change to a unit would break in the batches already booked on it: it cannot go
    into maintenance while booked, nor drop equipment a booked course needs."""
    from mtu.batches.services import describe_batches, upcoming_bookings  # imports fleet

    booked = upcoming_bookings(unit_id=unit.id)
    if not booked:
        return []
    problems = []
    if status == UnitStatus.MAINTENANCE and unit.status != UnitStatus.MAINTENANCE:
        problems.append(("status", _(
            "Unit %(unit)s tidak dapat masuk perawatan: masih dipakai paket %(batches)s. "
            "Pindahkan paket itu ke unit lain atau jadikan tanpa unit dulu.",
            unit=unit.code, batches=describe_batches(booked))))
    removed = {item.id: item for item in unit.equipment if item.id not in carried_ids}
    for batch in booked:
        needed = [removed[item.id].name for item in batch.course.equipment if item.id in removed]
        if needed:
            problems.append(("equipment_ids", _(
                "%(items)s tidak dapat dilepas dari unit %(unit)s: dibutuhkan paket %(batch)s.",
                items=", ".join(needed), unit=unit.code, batch=describe_batches([batch]))))
    return problems


def set_status(unit: Unit, status: UnitStatus) -> None:
    """Ready for bookings (siap) or in the workshop (perawatan), unless booked batches need
    it (RuleError names them)."""
    problems = _booking_problems(unit, UnitStatus(status).value,
                                 {item.id for item in unit.equipment})
    if problems:
        raise RuleError(problems)
    unit.status = UnitStatus(status).value
    db.session.flush()

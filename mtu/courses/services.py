"""Queries and rules about the course catalogue: competency units, equipment, activation."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mtu.courses.models import CompetencyUnit, Course, Equipment
from mtu.extensions import db
from mtu.listing import contains
from mtu.rules import RuleError

# "CODE — Title": an em or en dash, " - " with spaces around it (codes may hold hyphens), or a tab.
UNIT_SEPARATOR = re.compile(r"\s*[—–]\s*|\s+-\s+|\s*\t\s*")
CODE_MAX, TITLE_MAX, EQUIPMENT_MAX = 40, 200, 80
MAX_REPORTED_LINES = 10


@dataclass
class CourseData:
    """What the course form says; units and new equipment as typed."""

    name: str
    sector: str = ""
    description: str = ""
    hours: int = 240
    duration_days: int = 30
    package_size: int = 16
    units_text: str = ""
    equipment_ids: list[int] = field(default_factory=list)
    new_equipment: str = ""


def active_courses() -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.active).order_by(Course.name)))


def list_statement(text: str = ""):
    """Courses by name, with their units and equipment loaded for the list."""
    statement = (select(Course).options(selectinload(Course.units),
                                        selectinload(Course.equipment))
                 .order_by(Course.name, Course.id))
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, Course.name, Course.sector))
    return statement


def get_course(course_id: int) -> Course | None:
    return db.session.scalar(select(Course).where(Course.id == course_id).options(
        selectinload(Course.units), selectinload(Course.equipment)))


def all_equipment() -> list[Equipment]:
    return list(db.session.scalars(select(Equipment).order_by(Equipment.name)))


def parse_competency_units(text: str) -> list[tuple[str, str]]:
    """One unit per line as 'CODE — Title' → [(code, title)]; RuleError names each bad line."""
    units, problems, seen = [], [], {}
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        parts = UNIT_SEPARATOR.split(line.strip(), maxsplit=1)
        code, title = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else ("", "")
        if not code or not title:
            problems.append(_("Baris %(line)d: tulis kode dan judul, dipisah “ — ”, “ - ” atau "
                              "tab (contoh: JHT.01 — Menjahit dengan mesin).", line=number))
        elif len(code) > CODE_MAX:
            problems.append(_("Baris %(line)d: kode paling banyak %(max)d karakter.",
                              line=number, max=CODE_MAX))
        elif len(title) > TITLE_MAX:
            problems.append(_("Baris %(line)d: judul paling banyak %(max)d karakter.",
                              line=number, max=TITLE_MAX))
        elif code.casefold() in seen:
            problems.append(_("Baris %(line)d: kode %(code)s sudah ada di baris %(first)d.",
                              line=number, code=code, first=seen[code.casefold()]))
        else:
            seen[code.casefold()] = number
            units.append((code, title))
    if problems:
        if len(problems) > MAX_REPORTED_LINES:
            more = len(problems) - MAX_REPORTED_LINES
            problems = problems[:MAX_REPORTED_LINES] + [
                ngettext("… dan %(num)d baris lain yang juga salah.",
                         "… dan %(num)d baris lain yang juga salah.", more)]
        raise RuleError([("units_text", message) for message in problems])
    return units


def format_competency_units(course: Course) -> str:
    """The course's units as the textarea shows them, one 'CODE — Title' per line."""
    return "\n".join(f"{unit.code} — {unit.title}" for unit in course.units)


def split_equipment_names(text: str) -> list[str]:
    """'Mesin las, mesin LAS,  Gerinda' → ['Mesin las', 'Gerinda'] (first spelling wins)."""
    names, seen = [], set()
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def equipment_for(equipment_ids, new_names: str) -> list[Equipment]:
    """The checked equipment plus the typed names, creating those not yet known.

    Names match existing equipment whatever their case, so 'mesin las' finds 'Mesin las'.
    """
    names = split_equipment_names(new_names)
    too_long = [name for name in names if len(name) > EQUIPMENT_MAX]
    if too_long:
        raise RuleError([("new_equipment", _(
            "Nama peralatan paling banyak %(max)d karakter: %(name)s.", max=EQUIPMENT_MAX,
            name=too_long[0]))])
    known = all_equipment()  # a short list; matching in Python is case-blind on every database
    by_id = {item.id: item for item in known}
    by_name = {item.name.casefold(): item for item in known}
    unknown_ids = [i for i in equipment_ids or [] if i not in by_id]
    if unknown_ids:
        raise RuleError([("equipment_ids", _("Pilihan tidak valid."))])
    chosen = [by_id[i] for i in equipment_ids or []]
    for name in names:
        item = by_name.get(name.casefold())
        if item is None:
            item = by_name[name.casefold()] = Equipment(name=name)
            db.session.add(item)
        chosen.append(item)
    db.session.flush()
    return sorted({item.id: item for item in chosen}.values(), key=lambda i: i.name.casefold())


def name_taken(name: str, exclude: Course | None = None) -> bool:
    statement = select(Course.id).where(func.lower(Course.name) == name.strip().lower())
    if exclude is not None and exclude.id is not None:
        statement = statement.where(Course.id != exclude.id)
    return db.session.scalar(statement) is not None


def _set_units(course: Course, parsed: list[tuple[str, str]]) -> None:
    """Keep units whose code stays (their ids may be referenced later), add and drop the rest."""
    existing = {}
    for unit in course.units:
        existing.setdefault(unit.code.casefold(), unit)
    units = []
    for position, (code, title) in enumerate(parsed, 1):
        unit = existing.pop(code.casefold(), None) or CompetencyUnit()
        unit.code, unit.title, unit.position = code, title, position
        units.append(unit)
    course.units = units  # the units left out are deleted as orphans


def save_course(course: Course | None, data: CourseData) -> Course:
    """Create (course=None) or update a course from the form; RuleError lists what is wrong."""
    errors = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    elif name_taken(name, exclude=course):
        errors.append(("name", _("Kejuruan dengan nama ini sudah ada.")))
    try:
        parsed = parse_competency_units(data.units_text)
    except RuleError as error:
        errors.extend(error.errors)
    if errors:
        raise RuleError(errors)
    equipment = equipment_for(data.equipment_ids, data.new_equipment)
    if course is None:
        course = Course()
        db.session.add(course)
    course.name = name
    course.sector = data.sector.strip()
    course.description = data.description.strip()
    course.hours, course.duration_days = data.hours, data.duration_days
    course.package_size = data.package_size
    course.equipment = equipment
    _set_units(course, parsed)
    db.session.flush()
    return course


def set_active(course: Course, active: bool) -> None:
    """Deactivated courses stay on record but are no longer offered in new proposals."""
    course.active = active
    db.session.flush()

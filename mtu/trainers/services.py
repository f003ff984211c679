"""Queries and rules about institutes and trainers."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.listing import contains
from mtu.regions.models import Level, Region
from mtu.rules import RuleError
from mtu.trainers.models import EmployerType, Institute, Trainer


def visible_trainers(user: User):
    """select(Trainer): a district's trainers for its staff; a trainer sees only themself."""
    return visible_to(select(Trainer).options(selectinload(Trainer.courses)), user,
                      regency=Trainer.regency_id,
                      trainer=lambda trainer_id: Trainer.id == trainer_id)


def visible_institutes(user: User):
    return visible_to(select(Institute), user, regency=Institute.regency_id)


def trainer_of(user: User) -> Trainer | None:
    """The trainer record linked to a trainer's account."""
    return db.session.scalar(select(Trainer).where(Trainer.user_id == user.id))


def get_visible_trainer(user: User, trainer_id: int) -> Trainer | None:
    return db.session.scalar(visible_trainers(user).where(Trainer.id == trainer_id).options(
        joinedload(Trainer.institute), joinedload(Trainer.company), joinedload(Trainer.user)))


def get_visible_institute(user: User, institute_id: int) -> Institute | None:
    return db.session.scalar(visible_institutes(user).where(Institute.id == institute_id))


def trainer_list_statement(user: User, text: str = "", course_id: int | None = None):
    """The trainers the user may see, by name, optionally only those teaching one course."""
    statement = (visible_trainers(user)
                 .options(joinedload(Trainer.institute), joinedload(Trainer.company),
                          joinedload(Trainer.regency))
                 .order_by(Trainer.name, Trainer.id))
    if course_id:
        statement = statement.where(Trainer.courses.any(Course.id == course_id))
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, Trainer.name))
    return statement


def institute_list_statement(user: User, text: str = ""):
    statement = (visible_institutes(user).options(joinedload(Institute.regency))
                 .order_by(Institute.name, Institute.id))
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, Institute.name))
    return statement


def trainer_counts(institutes) -> dict[int, int]:
    """How many trainers each of these institutes has, in one query."""
    ids = [institute.id for institute in institutes]
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Trainer.institute_id, func.count()).where(Trainer.institute_id.in_(ids))
        .group_by(Trainer.institute_id)).all())


def institute_options(user: User) -> list[Institute]:
    """Institutes a trainer form may offer this user."""
    return list(db.session.scalars(visible_institutes(user).order_by(Institute.name)))


def course_options(trainer: Trainer | None = None) -> list[Course]:
    """Active courses, plus any inactive one the trainer already teaches (so it is not lost)."""
    courses = {course.id: course for course in db.session.scalars(
        select(Course).where(Course.active).order_by(Course.name))}
    for course in trainer.courses if trainer is not None else []:
        courses.setdefault(course.id, course)
    return sorted(courses.values(), key=lambda course: course.name.casefold())


def account_options(user: User, trainer: Trainer | None = None):
    """select(User): active trainer accounts not linked to another trainer (staff: their
    district's accounts), plus the account already linked to this trainer."""
    linked = select(Trainer.user_id).where(Trainer.user_id.is_not(None))
    if trainer is not None and trainer.id is not None:
        linked = linked.where(Trainer.id != trainer.id)
    statement = (select(User).where(User.role == Role.TRAINER.value,
                                    User.id.not_in(linked.scalar_subquery()))
                 .order_by(User.name, User.id))
    if Role(user.role) is not Role.ADMIN:
        statement = statement.where(User.regency_id == user.regency_id
                                    if user.regency_id is not None else false())
    current_id = trainer.user_id if trainer is not None else None
    return statement.where(or_(User.active, User.id == current_id))


def account_taken(account_id: int, trainer: Trainer | None = None) -> bool:
    statement = select(Trainer.id).where(Trainer.user_id == account_id)
    if trainer is not None and trainer.id is not None:
        statement = statement.where(Trainer.id != trainer.id)
    return db.session.scalar(statement) is not None


def _regency_for(user: User, chosen: Region | None, errors: list) -> Region | None:
    """Staff record everything in their own district; admins choose a regency."""
    if Role(user.role) is Role.STAFF:
        if user.regency is None:
            errors.append((None, _("Akun staf Anda belum terhubung ke kabupaten/kota.")))
        return user.regency
    if chosen is None or chosen.level != Level.REGENCY:
        errors.append(("regency", _("Pilih kabupaten/kota.")))
    return chosen


def _office_only(user: User) -> None:
    if Role(user.role) not in (Role.ADMIN, Role.STAFF):
        raise RuleError(_("Hanya admin dan staf Disnaker yang dapat mengubah data "
                          "ini."))


@dataclass
class InstituteData:
    name: str
    address: str = ""
    phone: str = ""
    regency: Region | None = None  # admins only; staff's institutes are in their district


def institute_name_taken(name: str, exclude: Institute | None = None) -> bool:
    statement = select(Institute.id).where(func.lower(Institute.name) == name.lower())
    if exclude is not None and exclude.id is not None:
        statement = statement.where(Institute.id != exclude.id)
    return db.session.scalar(statement) is not None


def save_institute(institute: Institute | None, data: InstituteData, user: User) -> Institute:
    """Create (institute=None) or update an institute (LPK) in the user's district."""
    _office_only(user)
    errors = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    elif institute_name_taken(name, exclude=institute):
        errors.append(("name", _("LPK dengan nama ini sudah terdaftar.")))
    regency = _regency_for(user, data.regency, errors)
    if errors:
        raise RuleError(errors)
    if institute is None:
        institute = Institute()
        db.session.add(institute)
    institute.name, institute.regency = name, regency
    institute.address, institute.phone = data.address.strip(), data.phone
    db.session.flush()
    return institute


@dataclass
class TrainerData:
    """What the trainer form says; ids are checked against what the user may choose."""

    name: str
    employer_type: str
    phone: str = ""
    institute_id: int | None = None
    company_id: int | None = None
    course_ids: list[int] = field(default_factory=list)
    account_id: int | None = None
    regency: Region | None = None  # admins only; staff's trainers are in their district


def _employer(data: TrainerData, user: User, errors: list):
    """The institute for LPK trainers, the company for company trainers, nothing otherwise."""
    kind = EmployerType(data.employer_type)
    institute = company = None
    if kind is EmployerType.INSTITUTE:
        if not data.institute_id:
            errors.append(("institute_id", _("Pilih LPK tempat pelatih bekerja.")))
        else:
            institute = get_visible_institute(user, data.institute_id)
            if institute is None:
                errors.append(("institute_id", _("Pilihan tidak valid.")))
    elif kind is EmployerType.COMPANY:
        if not data.company_id:
            errors.append(("company_id", _("Pilih perusahaan tempat pelatih bekerja.")))
        else:
            company = db.session.get(Company, data.company_id)
            if company is None:
                errors.append(("company_id", _("Pilihan tidak valid.")))
    return institute, company


def _account(data: TrainerData, trainer: Trainer | None, user: User, errors: list):
    if not data.account_id:
        return None
    if account_taken(data.account_id, trainer):
        errors.append(("account_id", _("Akun ini sudah terhubung dengan pelatih lain.")))
        return None
    account = db.session.scalar(account_options(user, trainer)
                                .where(User.id == data.account_id))
    if account is None:
        errors.append(("account_id", _("Pilih akun pelatih dari daftar.")))
    return account


def _booking_problems(trainer: Trainer, course_ids: set[int]):
    """A course cannot be taken from a trainer who still has a batch of it to teach."""
    from mtu.batches.services import describe_batches, upcoming_bookings  # imports trainers

    removed = {course.id: course for course in trainer.courses if course.id not in course_ids}
    if not removed:
        return []
    booked = upcoming_bookings(trainer_id=trainer.id, course_ids=removed)
    return [("course_ids", _(
        "Kejuruan %(course)s tidak dapat dihapus: %(name)s masih mengajar paket %(batches)s. "
        "Ganti pelatih paket itu dulu.", course=removed[course_id].name, name=trainer.name,
        batches=describe_batches([b for b in booked if b.course_id == course_id])))
        for course_id in sorted({batch.course_id for batch in booked})]


def save_trainer(trainer: Trainer | None, data: TrainerData, user: User) -> Trainer:
    """Create (trainer=None) or update a trainer; RuleError lists every problem."""
    _office_only(user)
    errors = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    if data.employer_type not in EmployerType._value2member_map_:
        errors.append(("employer_type", _("Pilihan tidak valid.")))
        institute = company = None
    else:
        institute, company = _employer(data, user, errors)
    offered = {course.id: course for course in course_options(trainer)}
    if any(course_id not in offered for course_id in data.course_ids):
        errors.append(("course_ids", _("Pilihan tidak valid.")))
    account = _account(data, trainer, user, errors)
    regency = _regency_for(user, data.regency, errors)
    if trainer is not None and trainer.id is not None:
        errors.extend(_booking_problems(trainer, set(data.course_ids)))
    if errors:
        raise RuleError(errors)
    if trainer is None:
        trainer = Trainer()
        db.session.add(trainer)
    trainer.name, trainer.employer_type, trainer.phone = name, data.employer_type, data.phone
    trainer.institute, trainer.company, trainer.user = institute, company, account
    trainer.regency = regency
    trainer.courses = sorted((offered[i] for i in set(data.course_ids)),
                             key=lambda course: course.name.casefold())
    db.session.flush()
    return trainer

"""A year's figures for what one account may see, in a fixed handful of GROUP BY queries.

The Scope says what is counted: a district (or every district, for admins), optionally one
sub-district; a village operator's village; a company's own batches and placements. Batches
are those of the year (Batch.year) held in the scope; participants are those trained (accepted,
passed or failed in a running or finished batch of the year) whom the viewer may see at all
(participants.scope.shown_to: a company or a village never counts an inmate). In a sub-district
or village, participants are the residents; batches are those held there.

The annual summary PDF reuses figures(); views build their Scope with scope_for().
"""

import json
import logging
import statistics
import time
import zlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal

from flask import abort, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import aliased

from mtu import shared_cache
from mtu.attendance.models import AttendanceMark, Mark
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch, BatchStatus, Funding
from mtu.batches.services import company_batch_condition
from mtu.calendar.services import calendar_for
from mtu.certificates.models import Certificate
from mtu.clock import local_today, utc_now
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.facilities.models import FacilityItem, Handover
from mtu.fleet.models import Unit
from mtu.participants import scope as people
from mtu.participants.models import Enrolment, EnrolmentStatus, Gender, Participant
from mtu.placements.models import PLACED, Placement
from mtu.placements.services import Absorption, absorption_by
from mtu.proposals.models import Proposal, Status
from mtu.regions.models import Level, Region

TRAINED = (EnrolmentStatus.ACCEPTED.value, EnrolmentStatus.PASSED.value,
           EnrolmentStatus.FAILED.value)
ASSESSED = (EnrolmentStatus.PASSED.value, EnrolmentStatus.FAILED.value)
WAITING = (Status.PROPOSED.value, Status.VERIFIED.value)
# Age reached in the year: (label, lowest age), youngest first.
AGE_BANDS = (("< 18", 0), ("18–24", 18), ("25–34", 25), ("35–44", 35), ("45+", 45))
MONTHS = (_l("Jan"), _l("Feb"), _l("Mar"), _l("Apr"), _l("Mei"), _l("Jun"), _l("Jul"),
          _l("Agu"), _l("Sep"), _l("Okt"), _l("Nov"), _l("Des"))
FIRST_YEAR, LAST_YEAR = 2000, 2100
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """What the figures cover; build it with scope_for() (views) or district_scope()."""

    year: int
    viewer: User
    regency_id: int | None = None
    subdistrict_id: int | None = None
    village_id: int | None = None
    company_id: int | None = None

    @property
    def whole_district(self) -> bool:
        """A district (or all of them): the level at which MTU units are counted."""
        return self.subdistrict_id is None and self.village_id is None \
            and self.company_id is None


@dataclass
class Rate:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass
class Bar:
    label: str
    value: int


@dataclass
class Figures:
    scope: Scope
    region_name: str
    proposals_waiting: int
    median_wait_days: float | None
    batches_planned: int
    batches_running: int
    batches_finished: int
    participants: int
    by_gender: list[Bar]
    by_age: list[Bar]
    attendance: Rate
    certification: Rate
    placement: Rate
    utilisation: Rate | None
    units: int
    spent: list[Bar]
    spent_total: int
    company_placements: int | None  # a company's scope: graduates placed at the company
    per_subdistrict: list[Bar]
    per_vocation: list[Bar]
    per_month: list[Bar]
    outcomes: list[Bar]


# --- Scopes -----------------------------------------------------------------------------


def district_scope(user: User, regency_id: int | None, year: int) -> Scope:
    """A district's year (None: every district), as `user` sees its people; no access check."""
    return Scope(year, user, regency_id=regency_id)


def _region(region_id: int, level: Level) -> Region:
    region = db.session.get(Region, region_id)
    if region is None or region.level != level:
        abort(404)
    return region


def scope_for(user: User, year: int, regency_id: int | None = None,
              subdistrict_id: int | None = None) -> Scope:
    """The scope a view asks for: staff their district (a sub-district of it optionally),
    admins any district or all, villages and companies their own. A region outside the
    account's reach is 404, as any guessed id."""
    role = Role(user.role)
    if role in (Role.VILLAGE, Role.COMPANY):
        if regency_id or subdistrict_id:
            abort(404)
        if role is Role.VILLAGE:
            return Scope(year, user, village_id=user.village_id or 0)
        return Scope(year, user, company_id=user.company_id or 0)
    if role is Role.STAFF:
        if regency_id not in (None, user.regency_id) or user.regency_id is None:
            abort(404)
        regency_id = user.regency_id
    elif role is not Role.ADMIN:
        abort(403)
    if regency_id is not None:
        _region(regency_id, Level.REGENCY)
    if subdistrict_id is not None:
        subdistrict = _region(subdistrict_id, Level.SUBDISTRICT)
        if subdistrict.parent_id != regency_id:
            # Staff: another district's sub-district is a guessed id. Admins: the district
            # was just changed in the form while the old sub-district was still chosen.
            if role is not Role.ADMIN:
                abort(404)
            subdistrict_id = None
    return Scope(year, user, regency_id=regency_id, subdistrict_id=subdistrict_id)


def _villages_of(subdistrict_id: int):
    return select(Region.id).where(Region.parent_id == subdistrict_id).scalar_subquery()


def _place_conditions(scope: Scope, *, village, regency, company, subdistrict=None) -> list:
    """The scope as SQL conditions on the queried rows: `village` is their village column
    (compared with the villages of a sub-district unless `subdistrict` says otherwise),
    `regency` their district column, `company` the condition for a company's own."""
    if scope.company_id is not None:
        return [company]
    if scope.village_id is not None:
        return [village == scope.village_id]
    conditions = []
    if scope.regency_id is not None:
        conditions.append(regency == scope.regency_id)
    if scope.subdistrict_id is not None:
        conditions.append(village.in_(_villages_of(scope.subdistrict_id))
                          if subdistrict is None else subdistrict == scope.subdistrict_id)
    return conditions


def batch_conditions(scope: Scope) -> list:
    """SQL conditions on Batch: the scope's batches of the year (held in its place)."""
    return [Batch.year == scope.year, *_place_conditions(
        scope, village=Batch.village_id, regency=Batch.regency_id,
        company=company_batch_condition(scope.company_id))]


def people_conditions(scope: Scope) -> list:
    """SQL conditions on Enrolment ⨝ Batch ⨝ Participant: whom the scope counts (in a
    sub-district or village, its residents), never anyone the viewer may not see."""
    viewer = None if scope.company_id is not None else scope.viewer
    return [Batch.year == scope.year, people.shown_to(viewer), *_place_conditions(
        scope, village=Participant.village_id, regency=Batch.regency_id,
        company=company_batch_condition(scope.company_id))]


def _trained(statement, scope: Scope):
    """Narrow a statement over Enrolment to the trained people of the scope."""
    return (statement.join(Batch, Batch.id == Enrolment.batch_id)
            .join(Participant, Participant.id == Enrolment.participant_id)
            .where(Enrolment.status.in_(TRAINED),
                   Batch.status.in_((BatchStatus.RUNNING.value, BatchStatus.DONE.value)),
                   *people_conditions(scope)))


# --- Figures ----------------------------------------------------------------------------


def region_name(scope: Scope) -> str:
    if scope.company_id is not None:
        return scope.viewer.scope_label
    region_id = scope.village_id or scope.subdistrict_id or scope.regency_id
    if region_id is None:
        return _("Semua kabupaten/kota")
    region = db.session.get(Region, region_id)
    return region.full_name if region else ""


def waiting_proposals(scope: Scope) -> tuple[int, float | None]:
    """Proposals waiting now (proposed or verified) and the median of their waits in days."""
    place = _place_conditions(scope, village=Proposal.village_id, regency=Proposal.regency_id,
                              company=Proposal.company_id == scope.company_id,
                              subdistrict=Proposal.subdistrict_id)
    statement = select(Proposal.submitted_at).where(Proposal.status.in_(WAITING), *place)
    now = utc_now()
    waits = [(now - submitted).days for submitted in db.session.scalars(statement)]
    return len(waits), (statistics.median(waits) if waits else None)


def batch_counts(scope: Scope) -> dict[str, int]:
    rows = db.session.execute(select(Batch.status, func.count()).where(
        *batch_conditions(scope)).group_by(Batch.status)).all()
    return dict(rows)


def _age_band(age: int) -> str:
    label = AGE_BANDS[0][0]
    for band, lowest in AGE_BANDS:
        if age >= lowest:
            label = band
    return label


def people_by_gender_and_age(scope: Scope) -> tuple[int, list[Bar], list[Bar]]:
    born = extract("year", Participant.birth_date)
    rows = db.session.execute(_trained(
        select(Participant.gender, born, func.count(func.distinct(Enrolment.id)))
        .select_from(Enrolment), scope).group_by(Participant.gender, born)).all()
    genders = {gender: 0 for gender in (Gender.FEMALE.value, Gender.MALE.value)}
    ages = {band: 0 for band, _lowest in AGE_BANDS}
    for gender, year, count in rows:
        genders[gender] = genders.get(gender, 0) + count
        ages[_age_band(scope.year - int(year))] += count
    return (sum(genders.values()),
            [Bar(str(Gender(gender).label), count) for gender, count in genders.items()],
            [Bar(band, count) for band, count in ages.items()])


def per_subdistrict(scope: Scope) -> list[Bar]:
    """Trained people by the sub-district they live in, most first."""
    village, subdistrict = aliased(Region, name="home_village"), aliased(Region, name="home_sub")
    rows = db.session.execute(_trained(
        select(subdistrict.name, func.count(func.distinct(Enrolment.id))).select_from(Enrolment),
        scope).outerjoin(village, village.id == Participant.village_id)
        .outerjoin(subdistrict, subdistrict.id == village.parent_id)
        .group_by(subdistrict.id, subdistrict.name)).all()
    return sorted((Bar(name or _("Tidak diketahui"), count) for name, count in rows),
                  key=lambda bar: (-bar.value, bar.label))


def per_vocation(scope: Scope) -> list[Bar]:
    rows = db.session.execute(_trained(
        select(Course.name, func.count(func.distinct(Enrolment.id))).select_from(Enrolment),
        scope).join(Course, Course.id == Batch.course_id)
        .group_by(Course.id, Course.name)).all()
    return sorted((Bar(name, count) for name, count in rows),
                  key=lambda bar: (-bar.value, bar.label))


def per_month(scope: Scope) -> list[Bar]:
    """Trained people by the month their batch started, January to December."""
    month = extract("month", Batch.start_date)
    rows = dict(db.session.execute(_trained(
        select(month, func.count(func.distinct(Enrolment.id))).select_from(Enrolment),
        scope).group_by(month)).all())
    counts = {int(number): value for number, value in rows.items()}
    return [Bar(str(name), counts.get(number, 0)) for number, name in enumerate(MONTHS, 1)]


def attendance(scope: Scope) -> Rate:
    """Marks hadir over all marks of the scope's trained people."""
    present, total = db.session.execute(_trained(
        select(func.count().filter(AttendanceMark.status == Mark.PRESENT.value), func.count())
        .select_from(AttendanceMark).join(Enrolment, Enrolment.id == AttendanceMark.enrolment_id),
        scope)).one()
    return Rate(present or 0, total or 0)


def certification(scope: Scope) -> Rate:
    """Valid certificates over those assessed (lulus or tidak lulus) in finished batches."""
    valid = func.count(Certificate.id).filter(Certificate.revoked_at.is_(None))
    certified, assessed = db.session.execute(_trained(
        select(valid, func.count(func.distinct(Enrolment.id))).select_from(Enrolment)
        .outerjoin(Certificate, Certificate.enrolment_id == Enrolment.id), scope)
        .where(Enrolment.status.in_(ASSESSED), Batch.status == BatchStatus.DONE.value)).one()
    return Rate(certified or 0, assessed or 0)


def placement(scope: Scope) -> Absorption:
    """Absorption (placements.services): placed graduates over graduates of the scope."""
    return absorption_by(Batch.year, [scope.year], *people_conditions(scope))[scope.year]


def utilisation(scope: Scope) -> tuple[int, Rate | None]:
    """MTU units of the district and booked / available unit-days in the year.

    Available: every session day of the year (MTU_SESSION_WEEKDAYS less the days off of the
    district's calendar, mtu/calendar), per unit; a unit's maintenance has no dates recorded,
    so it is not taken off. Booked: the session days covered by the unit's batches of the year
    that are not cancelled, clipped to the year."""
    if not scope.whole_district:
        return 0, None
    units = select(Unit.id)
    if scope.regency_id is not None:
        units = units.where(Unit.regency_id == scope.regency_id)
    count = db.session.scalar(select(func.count()).select_from(units.subquery()))
    if not count:
        return 0, None
    first, last = date(scope.year, 1, 1), date(scope.year, 12, 31)
    days = calendar_for(first, last, [scope.regency_id]).session_days(first, last,
                                                                      scope.regency_id)
    spans = db.session.execute(select(Batch.start_date, Batch.end_date).where(
        Batch.unit_id.in_(units.scalar_subquery()), Batch.status != BatchStatus.CANCELLED.value,
        Batch.start_date <= last, Batch.end_date >= first)).all()
    booked = sum(bisect_right(days, end) - bisect_left(days, start) for start, end in spans)
    return count, Rate(booked, count * len(days))


def spending(scope: Scope) -> list[Bar]:
    """Rupiah handed over to the scope's people, per funding source (APBD, APBN, CSR): an
    item's value, or for a per-day item its value times the days the person was present, as
    facilities.services.amount() counts it."""
    # The days present of the handed-over person only (counting everyone's marks first read
    # the whole table).
    present = (select(func.count()).where(AttendanceMark.enrolment_id == Enrolment.id,
                                          AttendanceMark.status == Mark.PRESENT.value)
               .scalar_subquery())
    value = case((FacilityItem.per_day, FacilityItem.unit_value * present),
                 else_=FacilityItem.unit_value)
    statement = (select(Batch.funding, func.sum(value)).select_from(Handover)
                 .join(FacilityItem, FacilityItem.id == Handover.item_id)
                 .join(Enrolment, Enrolment.id == Handover.enrolment_id))
    statement = (statement.join(Batch, Batch.id == Enrolment.batch_id)
                 .join(Participant, Participant.id == Enrolment.participant_id)
                 .where(*people_conditions(scope)).group_by(Batch.funding))
    totals = dict(db.session.execute(statement).all())
    return [Bar(str(source.label), int(totals.get(source.value) or 0)) for source in Funding]


def company_placements(scope: Scope) -> int | None:
    """Graduates placed at the scope's company (working or apprenticed) starting in the year,
    never an inmate."""
    if scope.company_id is None:
        return None
    return db.session.scalar(
        select(func.count(func.distinct(Placement.enrolment_id))).select_from(Placement)
        .join(Enrolment, Enrolment.id == Placement.enrolment_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .where(Placement.company_id == scope.company_id, Placement.status.in_(PLACED),
               extract("year", Placement.start_date) == scope.year, people.shown_to(None)))


def figures(scope: Scope) -> Figures:
    """Every figure of the dashboard (and of the annual summary) for the scope."""
    waiting, median_wait = waiting_proposals(scope)
    statuses = batch_counts(scope)
    total, by_gender, by_age = people_by_gender_and_age(scope)
    certified, absorbed = certification(scope), placement(scope)
    units, used = utilisation(scope)
    spent = spending(scope)
    return Figures(
        scope=scope, region_name=region_name(scope), proposals_waiting=waiting,
        median_wait_days=median_wait,
        batches_planned=statuses.get(BatchStatus.PLANNED.value, 0)
        + statuses.get(BatchStatus.REGISTRATION.value, 0),
        batches_running=statuses.get(BatchStatus.RUNNING.value, 0),
        batches_finished=statuses.get(BatchStatus.DONE.value, 0),
        participants=total, by_gender=by_gender, by_age=by_age, attendance=attendance(scope),
        certification=certified, placement=Rate(absorbed.placed, absorbed.graduated),
        utilisation=used, units=units, spent=spent,
        spent_total=sum(bar.value for bar in spent), company_placements=company_placements(scope),
        per_subdistrict=per_subdistrict(scope), per_vocation=per_vocation(scope),
        per_month=per_month(scope),
        outcomes=[Bar(_("Lulus"), absorbed.graduated), Bar(_("Bersertifikat"), certified.part),
                  Bar(_("Ditempatkan"), absorbed.placed),
                  Bar(_("Belum ditempatkan"), absorbed.graduated - absorbed.placed)])


_kept: dict[tuple, tuple[float, Figures]] = {}
KEPT_MAX = 500
RATES = ("attendance", "certification", "placement", "utilisation")
BARS = ("by_gender", "by_age", "spent", "per_subdistrict", "per_vocation", "per_month",
        "outcomes")
# In the shared key: figures kept by a release with other fields are not read by this one.
FORMAT = zlib.crc32(",".join(field.name for field in fields(Figures)).encode())


def encoded(f: Figures) -> str:
    """The figures as JSON, without their scope (which holds the viewer)."""
    data = {}
    for field in fields(Figures):
        value = getattr(f, field.name)
        if field.name == "scope":
            continue
        if field.name in RATES:
            value = None if value is None else [value.part, value.whole]
        elif field.name in BARS:
            value = [[str(bar.label), bar.value] for bar in value]
        data[field.name] = value
    return json.dumps(data, ensure_ascii=False, default=_number)


def _number(value) -> int | float:
    """A Decimal (sums of money on PostgreSQL) as JSON knows numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} in the dashboard's figures")


def decoded(text: str, scope: Scope) -> Figures:
    data = json.loads(text)
    for name in RATES:
        data[name] = None if data[name] is None else Rate(*data[name])
    for name in BARS:
        data[name] = [Bar(label, value) for label, value in data[name]]
    return Figures(scope=scope, **data)


def _shared_figures(text: str | None, scope: Scope) -> tuple[Figures, float] | None:
    """The figures and their expiry (epoch seconds) from the shared cache's text; None when
    there is none or it cannot be read (the figures are then counted, never a 500)."""
    if text is None:
        return None
    try:
        until, figures_text = text.split(" ", 1)
        return decoded(figures_text, scope), float(until)
    except (ValueError, TypeError, KeyError) as error:
        log.warning("dashboard figures in the shared cache unreadable: %s", error)
        return None


def kept_figures(scope: Scope) -> Figures:
    """figures(scope), kept DASHBOARD_CACHE_SECONDS for every account that sees the same:
    same role, district, place and year (shown_to() depends on no more), in the same
    language (the labels are translated when counted). Kept in this process, and in the
    deployment's Redis (mtu/shared_cache.py) for its other processes and servers."""
    seconds = current_app.config["DASHBOARD_CACHE_SECONDS"]
    if not seconds:
        return figures(scope)
    viewer = scope.viewer
    key = (viewer.role, viewer.regency_id, scope.year, scope.regency_id, scope.subdistrict_id,
           scope.village_id, scope.company_id, str(get_locale()))
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] > now:
        return replace(kept[1], scope=scope)
    shared_key = shared_cache.key("dashboard", FORMAT, *key)
    kept_there = _shared_figures(shared_cache.get(shared_key), scope)
    if kept_there is not None:
        # Counted by another process: kept here only as long as it is kept there (at most
        # `seconds`, whatever the servers' clocks say).
        fresh, until = kept_there
        lasts = min(seconds, max(0.0, until - time.time()))
    else:
        fresh, lasts = figures(scope), seconds
        shared_cache.put(shared_key, f"{time.time() + seconds} {encoded(fresh)}", seconds)
    if len(_kept) >= KEPT_MAX:
        for old in [k for k, (until, _f) in _kept.items() if until <= now] or list(_kept):
            del _kept[old]
    _kept[key] = (now + lasts, fresh)
    return fresh


def default_year() -> int:
    return local_today().year


def year_choices() -> list[int]:
    """Years with batches (any district; a year is not a secret), this year and the last."""
    low, high = db.session.execute(select(func.min(Batch.year), func.max(Batch.year))).one()
    this = default_year()
    low, high = min(low or this, this - 1), max(high or this, this)
    return list(range(high, low - 1, -1))


def region_choices(user: User, regency_id: int | None) -> tuple[list, list]:
    """(regencies, sub-districts) for the filter: admins every regency with a batch, a unit or
    a proposal; sub-districts of the chosen (staff: their own) regency."""
    regencies = []
    if Role(user.role) is Role.ADMIN:
        used = (select(Batch.regency_id).union(select(Unit.regency_id),
                                               select(Proposal.regency_id)))
        regencies = db.session.execute(select(Region.id, Region.name).where(
            Region.id.in_(used.scalar_subquery())).order_by(Region.name)).all()
    subdistricts = db.session.execute(select(Region.id, Region.name).where(
        Region.parent_id == regency_id, Region.level == Level.SUBDISTRICT.value)
        .order_by(Region.name)).all() if regency_id else []
    return regencies, subdistricts

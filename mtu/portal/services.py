"""What a partner company may see of graduates, and its interest in them.

A graduate is shown only with a valid certificate (not revoked, of a batch that has finished)
and their consent to be shown, never when they trained in a prison or are an inmate; the phone
number only with their consent to be contacted. Rows carry only what the portal shows: no NIK,
no address, no birth date (an age band instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload

from mtu.authz import Role
from mtu.batches.models import Batch, BatchStatus
from mtu.certificates.models import Certificate
from mtu.clock import local_today, utc_now
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.listing import contains
from mtu.locks import savepoint
from mtu.participants import scope
from mtu.participants.models import Enrolment, Participant
from mtu.portal.models import Interest
from mtu.regions.models import Level, Region

if TYPE_CHECKING:  # mtu.auth.models imports this package (Company) while it loads
    from mtu.auth.models import User

Village = aliased(Region, name="graduate_village")
AGE_BANDS = ((25, "18–24"), (35, "25–34"), (45, "35–44"), (55, "45–54"))


def age_band(birth_date: date, today: date) -> str:
    """'25–34': how old, without the birth date."""
    age = today.year - birth_date.year - ((today.month, today.day) <
                                          (birth_date.month, birth_date.day))
    if age < 18:
        return _("di bawah 18")
    return next((label for limit, label in AGE_BANDS if age < limit), "55+")


def _shown_joins(statement):
    return (statement.join(Certificate.enrolment).join(Enrolment.participant)
            .join(Enrolment.batch).join(Batch.course)
            .outerjoin(Village, Participant.village_id == Village.id)
            .where(Certificate.revoked_at.is_(None),
                   Batch.status == BatchStatus.DONE.value, Batch.end_date < local_today(),
                   Participant.consent_at.is_not(None), scope.shown_to(None)))


def shown_certificate_ids():
    """The ids of every certificate any company may see now (a consent withdrawn, a
    certificate revoked: gone at once)."""
    return _shown_joins(select(Certificate.id)).scalar_subquery()


def shown_graduates():
    """select(Certificate) of every graduate any company may see, with what the rows need."""
    enrolment = contains_eager(Certificate.enrolment)
    return _shown_joins(select(Certificate)).options(
        enrolment.contains_eager(Enrolment.participant)
        .contains_eager(Participant.village, alias=Village),
        enrolment.contains_eager(Enrolment.batch).contains_eager(Batch.course))


def graduates_statement(text: str = "", course_id: int | None = None,
                        subdistrict_id: int | None = None, year: int | None = None):
    statement = shown_graduates().order_by(Batch.year.desc(), Participant.full_name,
                                           Certificate.id)
    if course_id:
        statement = statement.where(Batch.course_id == course_id)
    if subdistrict_id:
        statement = statement.where(Village.parent_id == subdistrict_id)
    if year:
        statement = statement.where(Batch.year == year)
    text = " ".join(text.split())
    if text:
        statement = statement.where(contains(text, Participant.full_name))
    return statement


def describe(course_id: int | None = None, subdistrict_id: int | None = None,
             year: int | None = None, **_ignored) -> str:
    """The filters of an export for the log ('Tahun 2026 · Menjahit · Maron'); never the
    search text, which may be someone's name."""
    course = db.session.get(Course, course_id) if course_id else None
    place = db.session.get(Region, subdistrict_id) if subdistrict_id else None
    parts = [_("Tahun %(year)d", year=year) if year else "",
             course.name if course else "", place.name if place else ""]
    return " · ".join(part for part in parts if part)


def shown_certificate(certificate_id: int) -> Certificate | None:
    return db.session.scalar(shown_graduates().where(Certificate.id == certificate_id))


@dataclass
class Graduate:
    """One row of the portal: only what a company may see."""

    certificate_id: int
    participant_id: int
    name: str
    course: str
    vocation: str
    year: int
    number: str
    code: str
    subdistrict: str
    age_band: str
    phone: str  # empty without consent to be contacted
    interest: Interest | None = None


def subdistrict_names(certificates) -> dict[int, str]:
    """The sub-district of each graduate's village, in one query."""
    ids = {c.enrolment.participant.village.parent_id for c in certificates
           if c.enrolment.participant.village is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(Region.id, Region.name).where(Region.id.in_(ids))).all())


def rows(certificates, company: Company | None = None) -> list[Graduate]:
    certificates = list(certificates)
    names, today = subdistrict_names(certificates), local_today()
    interests = {}
    if company is not None and certificates:
        interests = {i.participant_id: i for i in db.session.scalars(select(Interest).where(
            Interest.company_id == company.id, Interest.participant_id.in_(
                {c.enrolment.participant_id for c in certificates})))}
    result = []
    for certificate in certificates:
        person, batch = certificate.enrolment.participant, certificate.enrolment.batch
        village = person.village
        result.append(Graduate(
            certificate_id=certificate.id, participant_id=person.id, name=person.full_name,
            course=batch.course.name, vocation=batch.course.sector or batch.course.name,
            year=batch.year, number=certificate.number, code=certificate.code,
            subdistrict=names.get(village.parent_id, "") if village is not None else "",
            age_band=age_band(person.birth_date, today),
            phone=person.phone if person.contact_consent_at is not None else "",
            interest=interests.get(person.id)))
    return result


def filter_options() -> dict:
    """Courses, sub-districts and years that graduates are shown in."""
    graduates = _shown_joins(select(Batch.course_id, Village.parent_id, Batch.year)
                             .select_from(Certificate)).distinct().subquery()
    courses = db.session.execute(
        select(Course.id, Course.name).where(Course.id.in_(select(graduates.c.course_id)))
        .order_by(Course.name)).all()
    subdistricts = db.session.execute(
        select(Region.id, Region.name).where(Region.level == Level.SUBDISTRICT,
                                             Region.id.in_(select(graduates.c.parent_id)))
        .order_by(Region.name)).all()
    years = [(year, year) for year in sorted(
        set(db.session.scalars(select(graduates.c.year))), reverse=True)]
    return {"courses": courses, "subdistricts": subdistricts, "years": years}


def mark_interest(company: Company, certificate: Certificate, note: str, user: User) -> Interest:
    """A company's interest in a graduate; marking again keeps one record and its latest note."""
    participant_id = certificate.enrolment.participant_id
    statement = select(Interest).where(Interest.company_id == company.id,
                                       Interest.participant_id == participant_id)
    interest = db.session.scalar(statement)
    if interest is None:
        interest = Interest(company_id=company.id, participant_id=participant_id,
                            certificate_id=certificate.id, note=note.strip(),
                            created_by_id=user.id)
        try:
            with savepoint():
                db.session.add(interest)
                db.session.flush()
            return interest
        except IntegrityError:  # marked at the same moment by another request
            interest = db.session.scalar(statement)
    interest.note, interest.certificate_id = note.strip() or interest.note, certificate.id
    db.session.flush()
    return interest


def visible_interests(user: User):
    """select(Interest): a company its own; staff those about their district's graduates."""
    statement = (select(Interest).join(Interest.certificate).join(Certificate.enrolment)
                 .join(Enrolment.batch)
                 .options(joinedload(Interest.company), joinedload(Interest.participant),
                          joinedload(Interest.certificate).joinedload(Certificate.enrolment)
                          .joinedload(Enrolment.batch).joinedload(Batch.course))
                 .order_by(Interest.followed_up_at.is_not(None), Interest.created_at.desc(),
                           Interest.id.desc()))
    role = Role(user.role)
    if role is Role.ADMIN:
        return statement
    if role is Role.STAFF and user.regency_id is not None:
        return statement.where(Batch.regency_id == user.regency_id)
    if role is Role.COMPANY and user.company_id is not None:
        return statement.where(Interest.company_id == user.company_id,
                               Interest.certificate_id.in_(shown_certificate_ids()))
    return statement.where(Interest.id.is_(None))


def follow_up(interest: Interest, user: User) -> None:
    """Staff have contacted the company and the graduate about this interest."""
    if interest.followed_up_at is None:
        interest.followed_up_at, interest.followed_up_by_id = utc_now(), user.id
        db.session.flush()


def company_summary(user: User) -> dict:
    """For the company's home page: how many graduates it may see, its latest interests."""
    shown = _shown_joins(select(func.count(Certificate.id)))
    return {"graduates": db.session.scalar(shown) or 0,
            "interests": list(db.session.scalars(visible_interests(user).limit(5)))}

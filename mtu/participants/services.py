"""Rules about participants and enrolment: one person one record, quota and waiting list."""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from math import ceil

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import except_, func, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.listing import ListPage, paginate
from mtu.locks import lock_batch, savepoint
from mtu.numbers import page_number
from mtu.participants import consent, scope
from mtu.participants import nik as nik_rules
from mtu.participants.models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus, Participant
from mtu.regions.models import Region
from mtu.rules import RuleError


@dataclass
class ParticipantData:
    nik: str
    full_name: str
    gender: str
    birth_date: date
    address: str = ""
    village: Region | None = None
    phone: str = ""
    education: str = "senior"
    employment: str = "job_seeker"
    disability: str = ""
    consent: bool = False
    contact_consent: bool = False
    expected_release_on: date | None = None  # inmates: the form requires it (imports cannot)


RELEASE_YEARS_AHEAD = 50


def visible_participants(user: User):
    """select(Participant): staff see their office's people and anyone enrolled in their
    district's batches; trainers the people of the batches they teach; village operators
    their residents; agency users the people of their programmes' batches. Inmates only as
    scope.shown_to allows."""
    if user.role == Role.ADMIN:
        return select(Participant)
    if user.role in (Role.STAFF, Role.TRAINER):
        enrolled = (select(Enrolment.participant_id)
                    .where(Enrolment.batch_id.in_(
                        visible_batches(user).with_only_columns(Batch.id).scalar_subquery())))
        condition = Participant.id.in_(enrolled.scalar_subquery())
        if user.role == Role.STAFF:
            condition = or_(Participant.regency_id == user.regency_id, condition)
        return select(Participant).where(condition, scope.shown_to(user))
    if user.role == Role.AGENCY:
        return select(Participant).where(scope.in_agency_programmes(user))
    return visible_to(select(Participant), user,
                      village=Participant.village_id).where(scope.shown_to(user))


def is_inmate(participant: Participant) -> bool:
    """Recorded as warga binaan or ever trained in a prison (scope.inmate())."""
    return db.session.scalar(select(Participant.id).where(
        Participant.id == participant.id, scope.inmate())) is not None


def get_visible(user: User, participant_id: int) -> Participant | None:
    return db.session.scalar(visible_participants(user).where(Participant.id == participant_id))


UNKNOWN_REGION = _l("Kode provinsi/kabupaten di NIK tidak dikenal.")


def region_codes(number: str) -> tuple[str, str]:
    """The province and regency codes a NIK starts with, as the regions table writes them."""
    return number[:2], f"{number[:2]}.{number[2:4]}"


def unknown_regions(niks) -> set[str]:
    """The NIKs (compact) among these whose province or regency is not in the regions table;
    one query however many."""
    wanted = {code for number in niks for code in region_codes(number)}
    if not wanted:
        return set()
    known = set(db.session.scalars(select(Region.code).where(Region.code.in_(wanted))))
    return {number for number in niks if not set(region_codes(number)) <= known}


def read_nik(text: str) -> nik_rules.NikFacts:
    """The facts of a NIK whose own rules hold and whose province and regency exist, or
    ValueError with an Indonesian message."""
    facts = nik_rules.read(text)
    if unknown_regions({facts.nik}):
        raise ValueError(str(UNKNOWN_REGION))
    return facts


def find_by_nik(number: str) -> Participant | None:
    """The one record of a NIK, whoever recorded it: staff must not create a second one."""
    return db.session.scalar(select(Participant).where(Participant.nik == nik_rules.compact(
        number)).options(joinedload(Participant.regency)))


def check(data: ParticipantData, existing: Participant | None = None,
          user: User | None = None) -> list[tuple]:
    """(field, message) for everything wrong with the data; empty when it may be saved.
    A NIK already held is named only to those who may see its holder (`user`)."""
    try:
        facts = read_nik(data.nik)
    except ValueError as error:
        return [("nik", str(error))]
    problems = nik_rules.check_against(facts, data.gender, data.birth_date)
    holder = find_by_nik(facts.nik)
    if holder is not None and holder is not existing:
        if user is not None and scope.in_scope(user, holder):
            problems.append(("nik", _("NIK ini sudah terdaftar atas nama %(name)s.",
                                      name=holder.full_name)))
        else:
            problems.append(("nik", str(scope.OTHER_OFFICE)))
    if data.birth_date and data.birth_date > local_today():
        problems.append(("birth_date", _("Tanggal lahir tidak boleh di masa depan.")))
    problems.extend(release_problems(data))
    return problems


def release_problems(data: ParticipantData) -> list[tuple]:
    """What is wrong with an expected release date: after birth, within 50 years from now."""
    release = data.expected_release_on
    if release is None:
        return []
    if data.birth_date and release <= data.birth_date:
        return [("expected_release_on", _("Perkiraan tanggal bebas harus sesudah tanggal "
                                          "lahir."))]
    today = local_today()
    if release > today.replace(year=today.year + RELEASE_YEARS_AHEAD, day=min(today.day, 28)):
        return [("expected_release_on", _("Perkiraan tanggal bebas paling lambat %(years)d "
                                          "tahun dari sekarang.", years=RELEASE_YEARS_AHEAD))]
    return []


def _apply(participant: Participant, data: ParticipantData) -> None:
    participant.nik = nik_rules.compact(data.nik)
    participant.full_name = " ".join(data.full_name.split())
    participant.name_key = nik_rules.name_key(data.full_name)
    participant.gender = data.gender
    participant.birth_date = data.birth_date
    participant.address = data.address.strip()
    participant.village = data.village
    participant.phone = data.phone
    participant.education = data.education
    participant.employment = data.employment
    participant.disability = data.disability.strip()
    participant.expected_release_on = data.expected_release_on


def create_participant(data: ParticipantData, user: User) -> Participant:
    problems = check(data, user=user)
    if problems:
        raise RuleError(problems)
    regency_id = user.regency_id or (data.village.parent.parent_id if data.village else None)
    if regency_id is None:
        raise RuleError([("village", _("Pilih desa/kelurahan tempat tinggal."))])
    participant = Participant(regency_id=regency_id, created_by=user)
    _apply(participant, data)
    try:
        with savepoint():
            db.session.add(participant)
            db.session.flush()
            consent.record_both(participant, data.consent, data.contact_consent, user)
            db.session.flush()
    except IntegrityError:
        # The same NIK was recorded at the same moment by another request, which won.
        holder = find_by_nik(data.nik)
        if holder is None:
            raise
        if (holder.name_key, holder.birth_date) == (participant.name_key, data.birth_date):
            return holder  # the same person sent twice: the first record is the result
        raise RuleError([("nik", _("NIK ini sudah terdaftar atas nama %(name)s.",
                                   name=holder.full_name))]) from None
    return participant


def update_participant(participant: Participant, data: ParticipantData,
                       user: User | None = None) -> None:
    problems = check(data, existing=participant, user=user)
    if problems:
        raise RuleError(problems)
    _apply(participant, data)
    consent.record_both(participant, data.consent, data.contact_consent, user)
    db.session.flush()


def list_statement(user: User, text: str = ""):
    return _matching(visible_participants(user), text).order_by(Participant.full_name,
                                                                Participant.id)


def _matching(statement, text: str):
    """Narrowed to the search box's text: an exact NIK, or a part of the name."""
    text = text.strip()
    if text:
        digits = nik_rules.compact(text)
        if re.fullmatch(r"[0-9]{16}", digits):
            statement = statement.where(Participant.nik == digits)
        else:
            statement = statement.where(
                Participant.name_key.contains(nik_rules.name_key(text), autoescape=True))
    return statement


def list_page(user: User, text: str = ""):
    """One page of list_statement(user, text), with its total.

    For staff the OR in visible_participants (recorded by the office, or enrolled in one of
    its batches) would read every person of the province. Their page is put together from two
    parts instead: the office's own people, read in name order along
    ix_participants_regency_name until the page is full, and the few another office recorded
    who are enrolled in the district's batches (ids enrolled here EXCEPT ids recorded here,
    both from indexes). Two statements, as paginate() takes, whatever the district's size.
    """
    if user.role != Role.STAFF or user.regency_id is None:
        return paginate(list_statement(user, text))
    per_page = current_app.config["PER_PAGE"]
    number = page_number()
    recorded_here = select(Participant.id).where(Participant.regency_id == user.regency_id)
    enrolled_here = (select(Enrolment.participant_id)
                     .join(Batch, Batch.id == Enrolment.batch_id)
                     .where(Batch.regency_id == user.regency_id))
    # shown_to() holds for the office's own people by its own second clause; the others go
    # through it.
    own = _matching(select(Participant.full_name, Participant.id)
                    .where(Participant.regency_id == user.regency_id), text)
    others = _matching(select(Participant.full_name, Participant.id).where(
        Participant.id.in_(except_(enrolled_here, recorded_here)), scope.shown_to(user)), text)
    order = (Participant.full_name, Participant.id)
    first_rows = own.order_by(*order).limit(number * per_page).subquery()
    both = union_all(select(first_rows.c.full_name, first_rows.c.id), others).subquery()
    page_ids = (select(both.c.id).order_by(both.c.full_name, both.c.id)
                .limit(per_page).offset((number - 1) * per_page))
    total = db.session.scalar(select(func.count()).select_from(
        union_all(own.with_only_columns(Participant.id),
                  others.with_only_columns(Participant.id)).subquery()))
    items = db.session.scalars(select(Participant).where(Participant.id.in_(page_ids))
                               .order_by(*order)).all()
    return ListPage(items, number, max(1, ceil(total / per_page)), total)


def trainings_of(participant: Participant, user: User | None = None) -> list[Enrolment]:
    """The person's enrolments, newest first; with `user`, only in batches the user sees."""
    statement = select(Enrolment).where(Enrolment.participant_id == participant.id)
    if user is not None:
        statement = statement.where(Enrolment.batch_id.in_(
            visible_batches(user).with_only_columns(Batch.id).scalar_subquery()))
    return list(db.session.scalars(
        statement
        .options(joinedload(Enrolment.batch).joinedload(Batch.course),
                 joinedload(Enrolment.employer))
        .order_by(Enrolment.id.desc())))


# --- Enrolment -------------------------------------------------------------------------


def accepted_count(batch: Batch) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.batch_id == batch.id, Enrolment.status == EnrolmentStatus.ACCEPTED))


def _seat(enrolment: Enrolment, batch: Batch) -> None:
    """Accepted while a seat is free, else at the end of the waiting list."""
    if accepted_count(batch) < batch.quota:
        enrolment.status = EnrolmentStatus.ACCEPTED.value
        enrolment.waitlisted_at = None
        today = local_today()
        enrolment.joined_on = today if today > batch.start_date else None
    else:
        enrolment.status = EnrolmentStatus.WAITLISTED.value
        enrolment.waitlisted_at = utc_now()


class Clash(StrEnum):
    """What a person's other active enrolment means for enrolling them in a batch."""

    SAME_BATCH = "same_batch"  # already in it: refused
    SAME_DATES = "same_dates"  # another batch on overlapping days: refused
    SAME_YEAR = "same_year"  # another batch the same year: a warning for staff


def clash(other: Enrolment, batch: Batch) -> Clash | None:
    """How `other` (an active enrolment of the same person) stands against `batch`."""
    if other.batch_id == batch.id:
        return Clash.SAME_BATCH
    if other.batch.overlaps(batch):
        return Clash.SAME_DATES
    if other.batch.start_date.year == batch.start_date.year:
        return Clash.SAME_YEAR
    return None


def enrol(participant: Participant, batch: Batch, user: User,
          accept: bool = True, note: str = "") -> tuple[Enrolment, list[str]]:
    """Enrol someone in a batch; returns the enrolment and warnings for staff. Someone from
    another district's records is enrolled only through enrol_by_nik (with proof), and their
    other batches are not named."""
    # The batch lock first: every read below sees what a simultaneous request committed.
    lock_batch(batch.id)
    db.session.refresh(batch)
    if not batch.accepts_participants:
        raise RuleError(_("Paket berstatus %(status)s tidak menerima peserta.",
                          status=batch.status_label))
    others = db.session.scalars(
        select(Enrolment).join(Batch, Batch.id == Enrolment.batch_id)
        .options(joinedload(Enrolment.batch).joinedload(Batch.course))
        .where(Enrolment.participant_id == participant.id,
               Enrolment.status.in_(ACTIVE_STATUSES))
        .execution_options(populate_existing=True)).all()
    problems, warnings = [], []
    named = scope.in_scope(user, participant)
    for other in others:
        title = other.batch.title if named else _("paket kantor lain")
        kind = clash(other, batch)
        if kind is Clash.SAME_BATCH:
            problems.append(_("%(name)s sudah terdaftar di paket ini (%(status)s).",
                              name=participant.full_name, status=other.status_label))
        elif kind is Clash.SAME_DATES:
            problems.append(_("%(name)s sedang mengikuti paket lain pada tanggal yang sama: "
                              "%(batch)s.", name=participant.full_name, batch=title))
        elif kind is Clash.SAME_YEAR and named:
            warnings.append(_("%(name)s sudah ikut pelatihan tahun ini: %(batch)s.",
                              name=participant.full_name, batch=title))
    withdrawn = db.session.scalar(select(Enrolment).where(
        Enrolment.participant_id == participant.id, Enrolment.batch_id == batch.id)
        .execution_options(populate_existing=True))
    if problems:
        raise RuleError(problems)
    enrolment = withdrawn
    if enrolment is None:
        enrolment = Enrolment(participant_id=participant.id, batch_id=batch.id,
                              created_by=user, status=EnrolmentStatus.REGISTERED.value)
        try:
            with savepoint():
                db.session.add(enrolment)
                db.session.flush()
        except IntegrityError:  # enrolled at the same moment without the lock (cannot, but)
            raise RuleError(_("%(name)s sudah terdaftar di paket ini.",
                              name=participant.full_name)) from None
    enrolment.status = EnrolmentStatus.REGISTERED.value
    enrolment.left_on = None
    if batch.host_company_id is not None:  # in-company training: the host's own workers
        enrolment.employer_id = batch.host_company_id
    if note:
        enrolment.note = "\n".join(filter(None, [enrolment.note, note]))
    if accept:
        _seat(enrolment, batch)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment, warnings


class UnknownNik(Exception):
    """No one holds this NIK yet: record the person first."""


def enrol_by_nik(number: str, batch: Batch, user: User, *, accept: bool = True,
                 full_name: str = "", birth_date: date | None = None
                 ) -> tuple[Participant, Enrolment, list[str]]:
    """Enrol the holder of a NIK. Someone another district office recorded needs proof that
    they are at the desk (full name and birth date as on the KTP), which the enrolment then
    records; until then nothing about them is said."""
    person = find_by_nik(number)
    if person is None:
        raise UnknownNik(number)
    problems = scope.proof_problems(user, person, full_name, birth_date)
    if problems:
        raise RuleError([("nik", problem) for problem in problems])
    note = "" if scope.in_scope(user, person) else scope.proof_note(user, local_today())
    enrolment, warnings = enrol(person, batch, user, accept=accept, note=note)
    return person, enrolment, warnings


def enrolment_in(batch: Batch, participant: Participant) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(
        Enrolment.batch_id == batch.id, Enrolment.participant_id == participant.id))


def accept(enrolment: Enrolment, user: User) -> None:
    """A registered candidate is accepted, or waitlisted when the batch is full."""
    lock_batch(enrolment.batch_id)
    db.session.refresh(enrolment)
    if enrolment.status != EnrolmentStatus.REGISTERED:
        raise RuleError(_("Hanya peserta berstatus Terdaftar yang dapat "
                          "diterima."))
    _seat(enrolment, enrolment.batch)
    db.session.flush()


def withdraw(enrolment: Enrolment, user: User, note: str = "") -> Enrolment | None:
    """Withdraw someone; a freed seat goes to the first on the waiting list (returned)."""
    lock_batch(enrolment.batch_id)
    db.session.refresh(enrolment)
    if enrolment.status not in (EnrolmentStatus.REGISTERED, EnrolmentStatus.ACCEPTED,
                                EnrolmentStatus.WAITLISTED):
        raise RuleError(_("Peserta ini tidak dapat mengundurkan diri lagi."))
    freed = enrolment.status == EnrolmentStatus.ACCEPTED
    enrolment.status = EnrolmentStatus.WITHDRAWN.value
    enrolment.left_on = local_today()
    enrolment.note = "\n".join(filter(None, [enrolment.note, note.strip()]))
    db.session.flush()
    if not freed:
        return None
    first = db.session.scalar(
        select(Enrolment).where(Enrolment.batch_id == enrolment.batch_id,
                                Enrolment.status == EnrolmentStatus.WAITLISTED)
        .order_by(Enrolment.waitlisted_at, Enrolment.id).limit(1)
        .execution_options(populate_existing=True))
    if first is not None:
        _seat(first, enrolment.batch)
        db.session.flush()
    return first


def roster(batch: Batch) -> dict[EnrolmentStatus, list[Enrolment]]:
    """The batch's enrolments by status; the waiting list in its order."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id)
        .options(joinedload(Enrolment.participant))
        .order_by(Enrolment.waitlisted_at, Enrolment.id)).all()
    groups = {status: [] for status in EnrolmentStatus}
    for enrolment in enrolments:
        groups[EnrolmentStatus(enrolment.status)].append(enrolment)
    for status in (EnrolmentStatus.ACCEPTED, EnrolmentStatus.REGISTERED):
        groups[status].sort(key=lambda e: e.participant.full_name)
    return groups


def visible_enrolment(user: User, enrolment_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.batch_id.in_(
            visible_batches(user).with_only_columns(Batch.id).scalar_subquery())))



"""Rules about participants and enrolment: one person one record, quota and waiting list."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from math import ceil

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import except_, func, insert, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mtu.audit import services as audit_trail
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
    return check_many([(data, existing)], user)[0]


def check_many(items: list[tuple[ParticipantData, Participant | None]],
               user: User | None = None) -> list[list[tuple]]:
    """check() for each (data, existing) pair: the same rules, one query for the NIKs'
    regions and one for their holders however many people."""
    read = []
    for data, _existing in items:
        try:
            read.append(nik_rules.read(data.nik))
        except ValueError as error:
            read.append(error)
    numbers = {facts.nik for facts in read if isinstance(facts, nik_rules.NikFacts)}
    unknown = unknown_regions(numbers)
    holders = holders_of(numbers - unknown)
    found = []
    for (data, existing), facts in zip(items, read, strict=True):
        if isinstance(facts, ValueError):
            found.append([("nik", str(facts))])
            continue
        if facts.nik in unknown:
            found.append([("nik", str(UNKNOWN_REGION))])
            continue
        problems = nik_rules.check_against(facts, data.gender, data.birth_date)
        holder = holders.get(facts.nik)
        if holder is not None and holder is not existing:
            problems.append(_held(holder, user))
        if data.birth_date and data.birth_date > local_today():
            problems.append(("birth_date", _("Tanggal lahir tidak boleh di masa depan.")))
        problems.extend(release_problems(data))
        found.append(problems)
    return found


def _held(holder: Participant, user: User | None) -> tuple:
    """The NIK is another record's: named only to those who may see its holder."""
    if user is not None and scope.in_scope(user, holder):
        return ("nik", _("NIK ini sudah terdaftar atas nama %(name)s.", name=holder.full_name))
    return ("nik", str(scope.OTHER_OFFICE))


def holders_of(niks) -> dict[str, Participant]:
    """The recorded people among these (compact) NIKs, in one query."""
    if not niks:
        return {}
    return {person.nik: person for person in db.session.scalars(
        select(Participant).where(Participant.nik.in_(niks)))}


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
        return [("expected_release_on", ngettext(
            "Perkiraan tanggal bebas paling lambat %(num)d tahun dari sekarang.",
            "Perkiraan tanggal bebas paling lambat %(num)d tahun dari sekarang.",
            RELEASE_YEARS_AHEAD))]
    return []


def _columns(data: ParticipantData) -> dict:
    """The record's columns for the data, as they are stored."""
    return {
        "nik": nik_rules.compact(data.nik), "full_name": " ".join(data.full_name.split()),
        "name_key": nik_rules.name_key(data.full_name), "gender": data.gender,
        "birth_date": data.birth_date, "address": data.address.strip(),
        "village_id": data.village.id if data.village else None, "phone": data.phone,
        "education": data.education, "employment": data.employment,
        "disability": data.disability.strip(), "expected_release_on": data.expected_release_on,
    }


def _apply(participant: Participant, data: ParticipantData) -> None:
    for key, value in _columns(data).items():
        setattr(participant, key, value)
    participant.village = data.village


class ManyRefused(RuleError):
    """Some of many were refused: `by_index` maps their positions to their (field, message)
    pairs, so a caller can say which row of a file each refusal is about."""

    def __init__(self, by_index: dict[int, list[tuple]]):
        self.by_index = by_index
        super().__init__([error for errors in by_index.values() for error in errors])


def create_participant(data: ParticipantData, user: User) -> Participant:
    return create_participants([data], user)[0]


def create_participants(datas: list[ParticipantData], user: User) -> list[Participant]:
    """Record new people, each checked as check() does; all or none (ManyRefused). One
    INSERT carries many rows. A NIK another request recorded at the same moment is the
    same person when the name and birth date agree (the first record is the result)."""
    refused = {index: problems for index, problems in enumerate(check_many(
        [(data, None) for data in datas], user)) if problems}
    seen = {}
    for index, data in enumerate(datas):
        number = nik_rules.compact(data.nik)
        if index not in refused and seen.setdefault(number, index) != index:
            refused[index] = [("nik", _("NIK yang sama muncul dua kali."))]
    for index, data in enumerate(datas):
        if index not in refused and not (user.regency_id or data.village):
            refused[index] = [("village", _("Pilih desa/kelurahan tempat tinggal."))]
    if refused:
        raise ManyRefused(refused)
    rows = [{**_columns(data), "created_by_id": user.id,
             "regency_id": user.regency_id or data.village.parent.parent_id} for data in datas]
    try:
        with savepoint():
            db.session.execute(insert(Participant), rows)
        created = {row["nik"] for row in rows}
    except IntegrityError:
        # A NIK was recorded meanwhile by another request, which won: the same person sent
        # twice when the name and birth date agree (that record is the result), else refused.
        holders = holders_of({row["nik"] for row in rows})
        if not holders:
            raise
        for index, row in enumerate(rows):
            holder = holders.get(row["nik"])
            if holder and (holder.name_key, holder.birth_date) != (row["name_key"],
                                                                  row["birth_date"]):
                refused[index] = [_held(holder, user)]
        if refused:
            raise ManyRefused(refused) from None
        if rest := [row for row in rows if row["nik"] not in holders]:
            with savepoint():
                db.session.execute(insert(Participant), rest)
        created = {row["nik"] for row in rest}
    people = holders_of({row["nik"] for row in rows})
    for data, row in zip(datas, rows, strict=True):
        if row["nik"] in created:  # another request's record keeps the consent it recorded
            consent.record_both(people[row["nik"]], data.consent, data.contact_consent, user)
    audit_trail.record_creations(user, sorted(people[nik].id for nik in created))
    db.session.flush()
    return [people[row["nik"]] for row in rows]


def update_participant(participant: Participant, data: ParticipantData,
                       user: User | None = None) -> None:
    problems = check(data, existing=participant, user=user)
    if problems:
        raise RuleError(problems)
    before = audit_trail.participant_snapshot(participant)
    _apply(participant, data)
    audit_trail.record_change(user, participant, before)
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
    both from indexes, read once). Three statements whatever the district's size.
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
    elsewhere = db.session.scalars(except_(enrolled_here, recorded_here)).all()
    others = _matching(select(Participant.full_name, Participant.id).where(
        Participant.id.in_(elsewhere), scope.shown_to(user)), text)
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


def _seat(enrolments: list[Enrolment], batch: Batch) -> None:
    """Accepted while seats are free, in order; the others at the end of the waiting list,
    in order (a microsecond apart, so the list keeps it)."""
    free = batch.quota - accepted_count(batch)
    today, now = local_today(), utc_now()
    for enrolment in enrolments:
        if free > 0:
            free -= 1
            enrolment.status = EnrolmentStatus.ACCEPTED.value
            enrolment.waitlisted_at = None
            enrolment.joined_on = today if today > batch.start_date else None
        else:
            enrolment.status = EnrolmentStatus.WAITLISTED.value
            enrolment.waitlisted_at = now
            now += timedelta(microseconds=1)


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
    (enrolled,) = enrol_many([(participant, note)], batch, user, accept=accept)
    if enrolled.problems:
        raise RuleError(enrolled.problems)
    return enrolled.enrolment, enrolled.warnings


@dataclass
class Enrolled:
    """What enrol_many did with one person: the enrolment, or the problems that refused it."""

    enrolment: Enrolment | None
    warnings: list[str]
    problems: list[str]


def enrol_many(entries: list[tuple[Participant, str]], batch: Batch, user: User,
               accept: bool = True) -> list[Enrolled]:
    """Enrol each (person, note) as enrol() does, in order (seats first, then the waiting
    list); the people refused are left out and their problems returned. A few statements
    however many people: the batch lock, the people's enrolments, the seat count, INSERTs."""
    # The batch lock first: every read below sees what a simultaneous request committed.
    lock_batch(batch.id)
    db.session.refresh(batch)
    if not batch.accepts_participants:
        raise RuleError(_("Paket berstatus %(status)s tidak menerima peserta.",
                          status=batch.status_label))
    active, previous = _enrolments_of([person.id for person, _note in entries], batch)
    results, enrolments = [], []
    for person, note in entries:
        problems, warnings = _clashes(person, active.get(person.id, []), batch, user)
        if problems:
            results.append(Enrolled(None, [], problems))
            continue
        # A new one stays out of the session: its row goes in with the others, in one INSERT.
        enrolment = previous.get(person.id) or Enrolment(
            participant_id=person.id, batch_id=batch.id, created_by_id=user.id)
        # Named from now on: the same person twice in `entries` is refused the second time.
        active.setdefault(person.id, []).append(enrolment)
        enrolment.status = EnrolmentStatus.REGISTERED.value
        enrolment.left_on = None
        if batch.host_company_id is not None:  # in-company training: the host's own workers
            enrolment.employer_id = batch.host_company_id
        enrolment.note = "\n".join(filter(None, [enrolment.note, note]))
        enrolments.append(enrolment)
        results.append(Enrolled(enrolment, warnings, []))
    if accept and enrolments:
        _seat(enrolments, batch)
    new = {e.participant_id: e for e in enrolments if e not in db.session}
    if new:
        try:
            with savepoint():
                db.session.execute(insert(Enrolment), [
                    {key: getattr(e, key) for key in NEW_ENROLMENT_COLUMNS}
                    for e in new.values()])
        except IntegrityError:  # enrolled at the same moment without the lock (cannot, but)
            raise RuleError(_("Sebagian peserta sudah terdaftar di paket ini.")) from None
        for enrolment in db.session.scalars(select(Enrolment).where(
                Enrolment.batch_id == batch.id, Enrolment.participant_id.in_(new))):
            new[enrolment.participant_id] = enrolment
        for result in results:
            if result.enrolment is not None and result.enrolment not in db.session:
                result.enrolment = new[result.enrolment.participant_id]
    db.session.flush()
    return results


NEW_ENROLMENT_COLUMNS = ("participant_id", "batch_id", "created_by_id", "status",
                         "waitlisted_at", "joined_on", "left_on", "note", "employer_id")


def _enrolments_of(people_ids: list[int], batch: Batch):
    """The people's active enrolments (any batch), and their enrolment in `batch` whatever
    its status, read afresh in one query."""
    active: dict[int, list[Enrolment]] = {}
    previous: dict[int, Enrolment] = {}
    if not people_ids:
        return active, previous
    for enrolment in db.session.scalars(
            select(Enrolment)
            .options(joinedload(Enrolment.batch).joinedload(Batch.course))
            .where(Enrolment.participant_id.in_(people_ids),
                   or_(Enrolment.status.in_(ACTIVE_STATUSES), Enrolment.batch_id == batch.id))
            .order_by(Enrolment.id)
            .execution_options(populate_existing=True)):
        if enrolment.status in ACTIVE_STATUSES:
            active.setdefault(enrolment.participant_id, []).append(enrolment)
        if enrolment.batch_id == batch.id:
            previous[enrolment.participant_id] = enrolment
    return active, previous


def _clashes(person: Participant, others: list[Enrolment], batch: Batch,
             user: User) -> tuple[list[str], list[str]]:
    """(problems, warnings) of enrolling the person in `batch` beside their other active
    enrolments; another office's batches are not named."""
    problems, warnings = [], []
    named = scope.in_scope(user, person)
    for other in others:
        kind = clash(other, batch)
        if kind is Clash.SAME_BATCH:
            problems.append(_("%(name)s sudah terdaftar di paket ini (%(status)s).",
                              name=person.full_name, status=other.status_label))
            continue
        title = other.batch.title if named else _("paket kantor lain")
        if kind is Clash.SAME_DATES:
            problems.append(_("%(name)s sedang mengikuti paket lain pada tanggal yang sama: "
                              "%(batch)s.", name=person.full_name, batch=title))
        elif kind is Clash.SAME_YEAR and named:
            warnings.append(_("%(name)s sudah ikut pelatihan tahun ini: %(batch)s.",
                              name=person.full_name, batch=title))
    return problems, warnings


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
    _seat([enrolment], enrolment.batch)
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
        _seat([first], enrolment.batch)
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



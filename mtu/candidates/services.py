"""A proposal's candidates from the village's own register: residents read from an OpenSID
export are staged (ResidentUpload, like the participants import's staging), checked as the
participant rules check a NIK, ticked by the proposer and saved as ProposalCandidate rows;
staff then enrol them into the proposal's batch in one step.

The residents are checked afresh on every page and again when saved, against the database
as it is then: a ticked resident who has meanwhile become a problem stops the save, and
nothing is half-saved.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from mtu.auth.models import User
from mtu.candidates.opensid import MAX_ROWS, NIK_AS_NUMBER, Resident, read_residents  # noqa: F401
from mtu.clock import local_today, utc_now
from mtu.extensions import db
from mtu.locks import insert_rows_or_ignore
from mtu.participants import nik as nik_rules
from mtu.participants import scope, services
from mtu.participants.models import EDUCATION_LABELS, Education, Participant
from mtu.participants.services import ParticipantData
from mtu.proposals import services as proposal_services
from mtu.proposals.models import Duplicate, Proposal, ProposalCandidate, ResidentUpload, Status
from mtu.rules import RuleError

STAGING_DAYS = 3
OPEN_STATUSES = (Status.PROPOSED, Status.VERIFIED, Status.SCHEDULED)


def takes_candidates(proposal: Proposal) -> bool:
    """A village's proposal still waiting for or being served by its training."""
    return proposal.village_id is not None and proposal.status in OPEN_STATUSES


# --- Staging ---------------------------------------------------------------------------


def stage(proposal: Proposal, data: bytes, filename: str, user: User) -> ResidentUpload:
    """Read an OpenSID export and keep its residents (the kept columns only) for ticking;
    replaces the user's earlier upload for this proposal and drops stale ones."""
    if not takes_candidates(proposal):
        raise RuleError(_("Usulan berstatus %(status)s tidak menerima calon peserta.",
                          status=proposal.status_label))
    residents, notices = read_residents(data)
    purge(proposal_id=proposal.id, user_id=user.id)
    upload = ResidentUpload(proposal_id=proposal.id, user_id=user.id,
                            filename=(filename or "berkas")[:200], rows_json=json.dumps({
                                "residents": [r.as_json() for r in residents],
                                "notices": notices}))
    db.session.add(upload)
    db.session.flush()
    return upload


def purge(days: int = STAGING_DAYS, proposal_id: int | None = None,
          user_id: int | None = None) -> int:
    """Delete staged residents older than `days`, and the given user's for a proposal."""
    condition = ResidentUpload.created_at < utc_now() - timedelta(days=days)
    if proposal_id is not None:
        condition = condition | ((ResidentUpload.proposal_id == proposal_id)
                                 & (ResidentUpload.user_id == user_id))
    result = db.session.execute(delete(ResidentUpload).where(condition)
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def staged(proposal: Proposal, user: User) -> ResidentUpload | None:
    """The user's residents waiting for ticks on this proposal, if any."""
    return db.session.scalar(select(ResidentUpload).where(
        ResidentUpload.proposal_id == proposal.id, ResidentUpload.user_id == user.id,
        ResidentUpload.created_at >= utc_now() - timedelta(days=STAGING_DAYS))
        .order_by(ResidentUpload.id.desc()).limit(1))


def residents_of(upload: ResidentUpload) -> tuple[list[Resident], list[str]]:
    content = json.loads(upload.rows_json)
    return [Resident(**row) for row in content["residents"]], content["notices"]


# --- Checking --------------------------------------------------------------------------


@dataclass
class Checked:
    """A resident as checked now: why they cannot be a candidate, how they are flagged."""

    resident: Resident
    problems: list[str] = field(default_factory=list)
    duplicate: str = ""
    candidate: bool = False  # already a candidate of this proposal
    age: int | None = None

    @property
    def line(self) -> int:
        return self.resident.line

    @property
    def tickable(self) -> bool:
        return not self.problems and not self.candidate

    @property
    def masked_nik(self) -> str:
        nik = self.resident.nik
        return f"{nik[:4]}{'*' * 8}{nik[-4:]}" if len(nik) == 16 else nik

    @property
    def notes(self) -> list[str]:
        notes = list(self.problems)
        if self.candidate:
            notes.append(_("Sudah menjadi calon usulan ini."))
        if self.duplicate:
            notes.append(str(Duplicate(self.duplicate).label))
        return notes


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _subdistrict_code(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}"


def _own_checks(resident: Resident, proposal: Proposal, today: date) -> Checked:
    """What the row says on its own: a valid NIK of the village's sub-district that agrees
    with the sex and birth date, a name, a known education."""
    checked = Checked(resident)
    problem = checked.problems.append
    if "*" in resident.nik:
        problem(_("NIK tersensor di berkas (privasi NIK di OpenSID aktif); matikan lalu unduh "
                  "ulang."))
        return checked
    if NIK_AS_NUMBER in resident.flags:
        problem(_("NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya bisa hilang; "
                  "unggah berkas asli dari OpenSID."))
    try:
        facts = nik_rules.read(resident.nik)
    except ValueError as error:
        problem(str(error))
        facts = None
    if not resident.full_name:
        problem(_("Nama kosong."))
    born = resident.birth
    if resident.gender is None:
        problem(_("Jenis kelamin tidak dikenal."))
    if born is None:
        problem(_("Tanggal lahir “%(value)s” tidak dikenali.", value=resident.birth_date))
    elif born > today:
        problem(_("Tanggal lahir tidak boleh di masa depan."))
    else:
        checked.age = _age(born, today)
    if resident.education is None:
        problem(_("Pendidikan “%(value)s” tidak dikenal.", value=resident.education_text))
    if facts is not None:
        subdistrict = proposal.village.parent
        if _subdistrict_code(facts.nik) != subdistrict.code:
            problem(_("NIK ini dari kecamatan lain (kode %(code)s), bukan %(name)s.",
                      code=_subdistrict_code(facts.nik), name=subdistrict.name))
        for _field, message in nik_rules.check_against(facts, resident.gender, born):
            problem(message)
    return checked


def check_residents(residents: list[Resident], proposal: Proposal,
                    user: User) -> list[Checked]:
    """Every resident checked against the rules and the database as it is now; the queries
    do not grow with the number of residents."""
    today = local_today()
    results = [_own_checks(resident, proposal, today) for resident in residents]
    by_nik: dict[str, list[Checked]] = {}
    for result in results:
        by_nik.setdefault(result.resident.nik, []).append(result)
    for twins in (group for group in by_nik.values() if len(group) > 1):
        for result in twins:
            result.problems.append(ngettext(
                "NIK yang sama muncul %(num)d kali di berkas.",
                "NIK yang sama muncul %(num)d kali di berkas.", len(twins)))
    niks = {r.resident.nik for r in results if not r.problems}
    if not niks:
        return results
    people = {person.nik: person for person in db.session.scalars(
        select(Participant).where(Participant.nik.in_(niks)))}
    mine = set(db.session.scalars(select(ProposalCandidate.nik).where(
        ProposalCandidate.proposal_id == proposal.id, ProposalCandidate.nik.in_(niks))))
    elsewhere = set(db.session.scalars(select(ProposalCandidate.nik).where(
        ProposalCandidate.proposal_id != proposal.id, ProposalCandidate.nik.in_(niks))))
    for result in results:
        nik = result.resident.nik
        if result.problems:
            continue
        result.candidate = nik in mine
        person = people.get(nik)
        if person is not None:
            _flag_person(result, person, proposal, user)
        elif nik in elsewhere:
            result.duplicate = Duplicate.OTHER_PROPOSAL.value
    return results


def _own_office(person: Participant, proposal: Proposal, user: User) -> bool:
    """Recorded by the district office that serves this proposal (or visible to the user)."""
    return person.regency_id == proposal.regency_id or scope.in_scope(user, person)


def _flag_person(result: Checked, person: Participant, proposal: Proposal, user: User):
    """A recorded person: flagged; another office's person only on their name and birth
    date as the register writes them (scope.py), and nothing else about them is said."""
    resident = result.resident
    if _own_office(person, proposal, user):
        result.duplicate = Duplicate.RECORDED.value
        return
    if scope.proof_matches(person, resident.full_name, resident.birth):
        result.duplicate = Duplicate.OTHER_OFFICE.value
    else:
        result.problems.append(f"{scope.OTHER_OFFICE} {scope.PROOF_MISMATCH}")


# --- Filters ---------------------------------------------------------------------------


@dataclass
class Filters:
    age_min: int | None = None
    age_max: int | None = None
    occupation: str = ""
    education: str = ""
    gender: str = ""
    dusun: str = ""

    def keep(self, result: Checked) -> bool:
        resident = result.resident
        if self.age_min is not None and (result.age is None or result.age < self.age_min):
            return False
        if self.age_max is not None and (result.age is None or result.age > self.age_max):
            return False
        return all(not wanted or wanted == value for wanted, value in (
            (self.occupation, resident.occupation), (self.education, resident.education),
            (self.gender, resident.gender), (self.dusun, resident.dusun)))

    def args(self) -> dict:
        return {name: value for name, value in vars(self).items() if value not in (None, "")}


def filter_options(residents: list[Resident]) -> dict:
    """The choices the filters offer: what the file holds."""
    occupations = sorted({r.occupation for r in residents if r.occupation})
    dusuns = sorted({r.dusun for r in residents if r.dusun})
    return {"occupations": [(name, name) for name in occupations],
            "dusuns": [(name, name) for name in dusuns],
            "educations": [(level.value, EDUCATION_LABELS[level]) for level in Education]}


# --- Saving ----------------------------------------------------------------------------


def save_ticked(proposal: Proposal, upload: ResidentUpload, lines: set[int],
                user: User) -> int:
    """The ticked residents become candidates, all or none; returns how many were added
    (a repeated post adds nothing twice). Proposal.candidates follows the list."""
    if not takes_candidates(proposal):
        raise RuleError(_("Usulan berstatus %(status)s tidak menerima calon peserta.",
                          status=proposal.status_label))
    residents, _notices = residents_of(upload)
    ticked = [r for r in check_residents(residents, proposal, user) if r.line in lines]
    if not ticked:
        raise RuleError(_("Centang dulu penduduk yang diusulkan."))
    refused = [r for r in ticked if r.problems]
    if refused:
        raise RuleError([_("%(name)s: %(problems)s", name=r.resident.full_name or r.line,
                           problems=" ".join(r.problems)) for r in refused])
    now = utc_now()
    rows = [_candidate_values(result, proposal, user, now)
            for result in ticked if not result.candidate]
    insert_rows_or_ignore(ProposalCandidate, ["proposal_id", "nik"], rows)
    count_candidates(proposal)
    return len(rows)


def _candidate_values(result: Checked, proposal: Proposal, user: User, now) -> dict:
    resident = result.resident
    return {"proposal_id": proposal.id, "nik": resident.nik,
            "full_name": " ".join(resident.full_name.split()), "gender": resident.gender,
            "birth_place": resident.birth_place, "birth_date": resident.birth,
            "address": resident.address, "dusun": resident.dusun, "rt": resident.rt,
            "rw": resident.rw, "education": resident.education,
            "occupation": resident.occupation, "employment": resident.employment,
            "duplicate": result.duplicate, "participant_id": None, "created_at": now,
            "created_by_id": user.id}


def candidate_of(proposal: Proposal, candidate_id: int) -> ProposalCandidate | None:
    """One of this proposal's candidates (None for another proposal's)."""
    return db.session.scalar(select(ProposalCandidate).where(
        ProposalCandidate.proposal_id == proposal.id, ProposalCandidate.id == candidate_id))


def remove_candidate(proposal: Proposal, candidate: ProposalCandidate) -> None:
    """Take a candidate off the list while the proposal takes candidates and they are not
    yet enrolled; Proposal.candidates follows (the last number stays when none are left)."""
    if not takes_candidates(proposal):
        raise RuleError(_("Usulan berstatus %(status)s tidak menerima perubahan calon.",
                          status=proposal.status_label))
    if candidate.participant_id is not None:
        raise RuleError(_("%(name)s sudah didaftarkan ke paket; batalkan pendaftarannya di "
                          "halaman paket.", name=candidate.full_name))
    db.session.delete(candidate)
    db.session.flush()
    count_candidates(proposal)


def count_candidates(proposal: Proposal) -> None:
    """Proposal.candidates is the length of its list once it has one."""
    number = proposal_services.listed_candidates(proposal)
    if number:
        proposal.candidates = number
    db.session.flush()


def pending_count(proposal: Proposal) -> int:
    """How many candidates are not yet enrolled in the proposal's batch."""
    return db.session.scalar(select(func.count()).select_from(ProposalCandidate).where(
        ProposalCandidate.proposal_id == proposal.id,
        ProposalCandidate.participant_id.is_(None)))


def candidates_statement(proposal: Proposal):
    return (select(ProposalCandidate).where(ProposalCandidate.proposal_id == proposal.id)
            .order_by(ProposalCandidate.full_name, ProposalCandidate.id))


# --- Enrolling -------------------------------------------------------------------------


@dataclass
class EnrolOutcome:
    accepted: int = 0
    waitlisted: int = 0
    created: int = 0
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _participant_data(candidate: ProposalCandidate, proposal: Proposal) -> ParticipantData:
    where = ", ".join(filter(None, [
        candidate.address, candidate.dusun,
        " ".join(filter(None, [candidate.rt and f"RT {candidate.rt}",
                               candidate.rw and f"RW {candidate.rw}"]))]))
    return ParticipantData(nik=candidate.nik, full_name=candidate.full_name,
                           gender=candidate.gender, birth_date=candidate.birth_date,
                           address=where[:300], village=proposal.village,
                           education=candidate.education, employment=candidate.employment)


def enrol_candidates(proposal: Proposal, user: User) -> EnrolOutcome:
    """Enrol every candidate not yet enrolled into the batch planned from the proposal, as
    enrolment always does (the batch's seat lock, quota, then the waiting list in order);
    people not yet recorded are recorded from the candidate's data. A candidate the rules
    refuse is named and left for later; the others are enrolled. The same few statements
    however many candidates (services.check_many, create_participants, enrol_many)."""
    batch = proposal.batch
    if batch is None:
        raise RuleError(_("Belum ada paket pelatihan yang direncanakan dari usulan ini."))
    if not batch.accepts_participants:
        raise RuleError(_("Paket berstatus %(status)s tidak menerima peserta.",
                          status=batch.status_label))
    pending = db.session.scalars(candidates_statement(proposal).where(
        ProposalCandidate.participant_id.is_(None))).all()
    if not pending:
        raise RuleError(_("Semua calon sudah didaftarkan ke paket."))
    people = {person.nik: person for person in db.session.scalars(
        select(Participant).where(Participant.nik.in_([c.nik for c in pending])))}
    outcome = EnrolOutcome()
    refused: dict[int, list[str]] = {}  # candidate id: messages
    chosen: dict[int, tuple[Participant, str]] = {}  # candidate id: (person, note)
    new = []
    for candidate in pending:
        person = people.get(candidate.nik)
        if person is None:
            new.append((candidate, _participant_data(candidate, proposal)))
        elif problems := scope.proof_problems(user, person, candidate.full_name,
                                              candidate.birth_date):
            refused[candidate.id] = problems
        else:
            chosen[candidate.id] = (person, "" if scope.in_scope(user, person)
                                    else scope.proof_note(user, local_today()))
    checks = services.check_many([(data, None) for _candidate, data in new], user)
    fine = []
    for (candidate, data), problems in zip(new, checks, strict=True):
        if problems:
            refused[candidate.id] = [message for _field, message in problems]
        else:
            fine.append((candidate, data))
    created = services.create_participants([data for _candidate, data in fine], user) \
        if fine else []
    outcome.created = len(created)
    for (candidate, _data), person in zip(fine, created, strict=True):
        chosen[candidate.id] = (person, "")
    ordered = [candidate for candidate in pending if candidate.id in chosen]  # seats in order
    enrolled = services.enrol_many([chosen[c.id] for c in ordered], batch, user, accept=True)
    for candidate, done in zip(ordered, enrolled, strict=True):
        if done.problems:
            refused[candidate.id] = done.problems
            continue
        candidate.participant_id = chosen[candidate.id][0].id
        outcome.accepted += done.enrolment.status == "accepted"
        outcome.waitlisted += done.enrolment.status == "waitlisted"
        outcome.warnings.extend(done.warnings)
    outcome.refused = [_("%(name)s: %(problems)s", name=candidate.full_name,
                         problems=" ".join(refused[candidate.id]))
                       for candidate in pending if candidate.id in refused]
    db.session.flush()
    return outcome

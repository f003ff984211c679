"""Rules about proposals: who may see them, how they are entered, and how status moves."""

from dataclasses import dataclass, fields
from datetime import date
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased, joinedload

from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.clock import local_date, local_today, utc_now
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.listing import contains
from mtu.proposals.models import (
    TRANSITIONS,
    Proposal,
    ProposalCandidate,
    ProposalEvent,
    ProposerKind,
    Status,
)
from mtu.regions.models import Region
from mtu.rules import RuleError


@dataclass
class ProposalData:
    """What a proposal says, whoever typed it; the services take this, not a form."""

    course_id: int | None
    vocation_text: str
    candidates: int
    venue_type: str
    venue_name: str
    preferred_from: date | None
    preferred_until: date | None
    reason: str
    musrenbang_ref: str
    contact_name: str
    contact_phone: str


def visible_proposals(user: User):
    """select(Proposal) narrowed to what this user may see."""
    return visible_to(select(Proposal), user, regency=Proposal.regency_id,
                      village=Proposal.village_id, company=Proposal.company_id,
                      agency=Proposal.prison_id)


def get_visible(user: User, proposal_id: int) -> Proposal | None:
    return db.session.scalar(visible_proposals(user).where(Proposal.id == proposal_id))


def listed_candidates(proposal: Proposal) -> int:
    """How many candidates the proposal lists by name (0 while it has only an estimate)."""
    return db.session.scalar(select(func.count()).select_from(ProposalCandidate).where(
        ProposalCandidate.proposal_id == proposal.id))


@dataclass
class Proposer:
    """Who proposes, and where the residents are."""

    kind: ProposerKind
    village: Region | None = None
    subdistrict: Region | None = None
    company_id: int | None = None
    prison_id: int | None = None
    regency: Region | None = None


def resolve_proposer(proposer: Proposer, user: User) -> dict:
    """Scope columns for a proposer, or RuleError naming what is missing or not allowed."""
    kind = ProposerKind(proposer.kind)
    village, subdistrict, regency = proposer.village, proposer.subdistrict, proposer.regency
    if kind is ProposerKind.VILLAGE:
        if village is None:
            raise RuleError(_("Pilih desa/kelurahan pengusul."))
        subdistrict = village.parent
    elif kind is ProposerKind.SUBDISTRICT and subdistrict is None:
        raise RuleError(_("Pilih kecamatan pengusul."))
    elif kind is ProposerKind.COMPANY and not proposer.company_id:
        raise RuleError(_("Pilih perusahaan pengusul."))
    elif kind is ProposerKind.PRISON and not proposer.prison_id:
        raise RuleError(_("Pilih lembaga pemasyarakatan pengusul."))
    if subdistrict is not None:
        regency = subdistrict.parent
    regency = regency or user.regency
    if regency is None:
        raise RuleError(_("Pilih kecamatan lokasi agar kabupaten/kota usulan diketahui."))
    if Role(user.role) is Role.STAFF and regency.id != user.regency_id:
        raise RuleError(_("Anda hanya dapat mencatat usulan di %(regency)s.",
                          regency=user.regency.name))
    return {
        "proposer_kind": kind.value,
        "village_id": village.id if kind is ProposerKind.VILLAGE else None,
        "subdistrict_id": subdistrict.id if subdistrict is not None else None,
        "regency_id": regency.id,
        "company_id": proposer.company_id if kind is ProposerKind.COMPANY else None,
        "prison_id": proposer.prison_id if kind is ProposerKind.PRISON else None,
    }


def village_proposer(user: User) -> Proposer:
    """A village operator always proposes for their own village."""
    return Proposer(kind=ProposerKind.VILLAGE, village=user.village)


def _record(proposal: Proposal, from_status, to_status: Status, user: User, note: str = ""):
    db.session.add(ProposalEvent(proposal=proposal, from_status=from_status,
                                 to_status=to_status.value, note=note, user=user))


def submit_proposal(data: ProposalData, proposer: Proposer, user: User) -> Proposal:
    """A new proposal, status diusulkan, with the first line of its timeline."""
    proposal = Proposal(**resolve_proposer(proposer, user), submitted_by=user)
    for item in fields(data):
        setattr(proposal, item.name, getattr(data, item.name))
    db.session.add(proposal)
    _record(proposal, None, Status.PROPOSED, user)
    db.session.flush()
    return proposal


def update_proposal(proposal: Proposal, data: ProposalData, user: User,
                    proposer: Proposer | None = None) -> None:
    """Corrections are possible only before the office has decided."""
    if not proposal.is_editable:
        raise RuleError(_("Usulan yang sudah diproses tidak dapat diubah."))
    if proposer is not None:
        for key, value in resolve_proposer(proposer, user).items():
            setattr(proposal, key, value)
    for item in fields(data):
        setattr(proposal, item.name, getattr(data, item.name))
    db.session.flush()


def change_status(proposal: Proposal, to_status: Status, user: User, note: str = "") -> None:
    """Move a proposal on, if the rules allow it and nobody moved it first."""
    current = Status(proposal.status)
    note = (note or "").strip()
    if to_status not in TRANSITIONS[current]:
        raise RuleError(_("Usulan berstatus %(current)s tidak dapat menjadi %(new)s.",
                          current=current.label, new=to_status.label))
    if to_status is Status.REJECTED and not note:
        raise RuleError(_("Tuliskan alasan penolakan."))
    # Compare-and-set: of two staff deciding at the same moment, only the first succeeds.
    now = utc_now()
    values = {"status": to_status.value}
    if to_status in (Status.VERIFIED, Status.REJECTED):
        values["decided_at"] = now
    changed = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.status == current.value)
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise RuleError(_("Usulan ini baru saja diubah orang lain. Muat ulang halaman."))
    db.session.refresh(proposal)
    _record(proposal, current.value, to_status, user, note)
    db.session.flush()


def verify(proposal, user, note=""):
    change_status(proposal, Status.VERIFIED, user, note)


def reject(proposal, user, reason):
    change_status(proposal, Status.REJECTED, user, reason)


def list_statement(user: User, text: str = "", status: str = "", subdistrict_id=None):
    """The user's proposals, newest first, with the usual filters."""
    statement = (visible_proposals(user)
                 .options(joinedload(Proposal.village), joinedload(Proposal.course),
                          joinedload(Proposal.company), joinedload(Proposal.prison),
                          joinedload(Proposal.subdistrict))
                 .order_by(Proposal.submitted_at.desc(), Proposal.id.desc()))
    if status in Status._value2member_map_:
        statement = statement.where(Proposal.status == status)
    if subdistrict_id:
        statement = statement.where(Proposal.subdistrict_id == subdistrict_id)
    text = text.strip().lower()
    if text:
        village = aliased(Region)
        statement = (statement.outerjoin(Course, Proposal.course_id == Course.id)
                     .outerjoin(village, Proposal.village_id == village.id)
                     .where(contains(text, Course.name, Proposal.vocation_text, village.name)))
    return statement


def status_counts(statement) -> dict[Status, int]:
    """How many proposals of a (scoped) select are in each status, in one query."""
    subquery = statement.order_by(None).subquery()
    rows = db.session.execute(select(subquery.c.status, func.count())
                              .group_by(subquery.c.status)).all()
    counts = dict(rows)
    return {status: counts.get(status.value, 0) for status in Status}


def days_waiting(proposal: Proposal, today=None) -> int:
    return ((today or local_today()) - local_date(proposal.submitted_at)).days


def queue_statement(user: User):
    """Verified proposals waiting for a batch, the longest-waiting first."""
    return (visible_proposals(user).where(Proposal.status == Status.VERIFIED)
            .options(joinedload(Proposal.village), joinedload(Proposal.course),
                     joinedload(Proposal.subdistrict), joinedload(Proposal.company),
                     joinedload(Proposal.prison))
            .order_by(Proposal.submitted_at, Proposal.id))


@dataclass
class WaitStats:
    label: str
    waiting: int
    median_days: float
    longest_days: int


def wait_stats(user: User) -> tuple[list[WaitStats], list[WaitStats]]:
    """Median and longest wait of the queue, per sub-district and per vocation (one query)."""
    subdistrict = aliased(Region)
    rows = db.session.execute(
        visible_proposals(user).with_only_columns(
            Proposal.submitted_at, subdistrict.name, Course.name, Proposal.vocation_text)
        .outerjoin(subdistrict, Proposal.subdistrict_id == subdistrict.id)
        .outerjoin(Course, Proposal.course_id == Course.id)
        .where(Proposal.status == Status.VERIFIED)).all()
    today = local_today()
    by_subdistrict, by_vocation = {}, {}
    for submitted_at, subdistrict_name, course_name, vocation_text in rows:
        days = (today - local_date(submitted_at)).days
        by_subdistrict.setdefault(subdistrict_name or _("(tanpa kecamatan)"), []).append(days)
        by_vocation.setdefault(course_name or vocation_text, []).append(days)

    def summarise(groups):
        stats = [WaitStats(label, len(days), median(days), max(days))
                 for label, days in groups.items()]
        return sorted(stats, key=lambda s: (-s.longest_days, s.label))

    return summarise(by_subdistrict), summarise(by_vocation)


def subdistrict_choices(user: User) -> list[Region]:
    """The sub-districts that the user's proposals come from, for the filter."""
    used = visible_proposals(user).with_only_columns(Proposal.subdistrict_id).distinct()
    return list(db.session.scalars(
        select(Region).where(Region.id.in_(used.scalar_subquery())).order_by(Region.name)))

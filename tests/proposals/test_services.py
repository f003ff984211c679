"""Proposal rules, called directly."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event

from mtu.auth.models import User
from mtu.authz import Role
from mtu.clock import utc_now
from mtu.proposals import services
from mtu.proposals.models import Proposal, ProposerKind, Status
from mtu.proposals.services import ProposalData, Proposer
from mtu.rules import RuleError
from tests.factories import (
    AgencyFactory,
    CompanyFactory,
    CourseFactory,
    ProposalFactory,
    SubdistrictFactory,
    UserFactory,
    VillageFactory,
    user_with_role,
)


def _data(**overrides):
    values = dict(course_id=None, vocation_text="Barista", candidates=16,
                  venue_type="village_hall", venue_name="", preferred_from=None,
                  preferred_until=None, reason="Banyak kafe baru.", musrenbang_ref="",
                  contact_name="Bu Ani", contact_phone="081234567890")
    values.update(overrides)
    return ProposalData(**values)


def test_a_village_operator_proposes_for_their_own_village(db):
    operator = user_with_role(Role.VILLAGE)
    proposal = services.submit_proposal(_data(), services.village_proposer(operator), operator)
    db.session.commit()
    assert proposal.village == operator.village
    assert proposal.subdistrict == operator.village.parent
    assert proposal.regency == operator.village.parent.parent
    assert proposal.status == Status.PROPOSED
    assert [(e.from_status, e.to_status, e.user) for e in proposal.events] == [
        (None, "proposed", operator)]
    assert proposal.reference.startswith("USL-") and proposal.vocation == "Barista"


def test_staff_propose_on_behalf_of_a_subdistrict_company_or_prison(db):
    subdistrict = SubdistrictFactory()
    staff = UserFactory(staff=True, regency=subdistrict.parent)
    company = CompanyFactory(regency=subdistrict.parent)
    prison = AgencyFactory(regency=subdistrict.parent, kind="prison")
    by_subdistrict = services.submit_proposal(
        _data(), Proposer(ProposerKind.SUBDISTRICT, subdistrict=subdistrict), staff)
    by_company = services.submit_proposal(
        _data(), Proposer(ProposerKind.COMPANY, company_id=company.id), staff)
    by_prison = services.submit_proposal(
        _data(), Proposer(ProposerKind.PRISON, prison_id=prison.id), staff)
    assert by_subdistrict.regency == subdistrict.parent and by_subdistrict.village is None
    assert by_company.company == company and by_company.regency == staff.regency
    assert by_prison.prison == prison and by_prison.proposer == prison.name


def test_each_kind_of_proposer_needs_its_entity(db):
    staff = user_with_role(Role.STAFF)
    for kind in ProposerKind:
        with pytest.raises(RuleError):
            services.submit_proposal(_data(), Proposer(kind), staff)


def test_staff_cannot_enter_proposals_for_another_district(db):
    staff = user_with_role(Role.STAFF)
    elsewhere = VillageFactory()
    with pytest.raises(RuleError, match="hanya dapat mencatat usulan"):
        services.submit_proposal(_data(), Proposer(ProposerKind.VILLAGE, village=elsewhere),
                                 staff)


def test_verify_then_reject_keeps_who_when_and_why(db):
    proposal = ProposalFactory()
    staff = UserFactory(staff=True, regency=proposal.regency)
    services.verify(proposal, staff, "Cocok dengan Musrenbang")
    services.reject(proposal, staff, "Anggaran habis")
    db.session.commit()
    assert proposal.status == Status.REJECTED and proposal.decided_at is not None
    assert [(e.from_status, e.to_status, e.note) for e in proposal.events[1:]] == [
        ("proposed", "verified", "Cocok dengan Musrenbang"),
        ("verified", "rejected", "Anggaran habis")]
    assert all(e.user == staff and e.created_at for e in proposal.events[1:])


def test_rejection_needs_a_reason(db):
    proposal = ProposalFactory()
    with pytest.raises(RuleError, match="alasan penolakan"):
        services.reject(proposal, user_with_role(Role.ADMIN), "   ")
    assert proposal.status == Status.PROPOSED


@pytest.mark.parametrize("start, target", [
    (Status.REJECTED, Status.VERIFIED), (Status.DONE, Status.PROPOSED),
    (Status.PROPOSED, Status.DONE), (Status.PROPOSED, Status.SCHEDULED),
    (Status.VERIFIED, Status.VERIFIED)])
def test_impossible_transitions_are_refused(db, start, target):
    proposal = ProposalFactory(status=start.value)
    with pytest.raises(RuleError, match="tidak dapat menjadi"):
        services.change_status(proposal, target, user_with_role(Role.ADMIN))


def test_the_whole_life_reaches_done(db):
    proposal = ProposalFactory()
    admin = user_with_role(Role.ADMIN)
    for status in (Status.VERIFIED, Status.SCHEDULED, Status.DONE):
        services.change_status(proposal, status, admin)
    assert [e.to_status for e in proposal.events] == [
        "proposed", "verified", "scheduled", "done"]


def test_a_stale_decision_loses_to_the_one_already_made(db, app):
    proposal = ProposalFactory()
    admin = user_with_role(Role.ADMIN)
    with app.app_context():  # another staff member, in another session, decides first
        other = db.session.get(Proposal, proposal.id)
        services.reject(other, db.session.get(type(admin), admin.id), "Tidak sesuai")
        db.session.commit()
    with pytest.raises(RuleError, match="baru saja diubah"):
        services.verify(proposal, admin)
    db.session.rollback()
    assert db.session.get(Proposal, proposal.id).status == Status.REJECTED


def test_two_staff_deciding_at_the_same_moment_only_one_wins(db, app):
    proposal_id = ProposalFactory().id
    admin_id = user_with_role(Role.ADMIN).id
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(decision, note):
        with app.app_context():
            proposal = db.session.get(Proposal, proposal_id)
            user = db.session.get(User, admin_id)
            barrier.wait()
            try:
                decision(proposal, user, note)
                db.session.commit()
                outcomes.append("ok")
            except RuleError:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=decide, args=(services.verify, "ya")),
               threading.Thread(target=decide, args=(services.reject, "tidak"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    events = db.session.get(Proposal, proposal_id).events
    assert len(events) == 2


def test_each_role_sees_only_its_proposals(db):
    mine = ProposalFactory()
    neighbour = ProposalFactory(village=VillageFactory(parent=mine.subdistrict))
    elsewhere = ProposalFactory()
    operator = UserFactory(village_operator=True, village=mine.village)
    staff = UserFactory(staff=True, regency=mine.regency)

    def visible(user):
        return set(db.session.scalars(services.visible_proposals(user)))

    assert visible(operator) == {mine}
    assert visible(staff) == {mine, neighbour}
    assert visible(user_with_role(Role.ADMIN)) == {mine, neighbour, elsewhere}
    assert visible(user_with_role(Role.TRAINER)) == set()
    assert services.get_visible(operator, neighbour.id) is None


def test_corrections_only_before_the_decision(db):
    proposal = ProposalFactory()
    operator = UserFactory(village_operator=True, village=proposal.village)
    services.update_proposal(proposal, _data(candidates=20), operator)
    assert proposal.candidates == 20
    services.verify(proposal, user_with_role(Role.ADMIN))
    with pytest.raises(RuleError):
        services.update_proposal(proposal, _data(candidates=30), operator)


def test_queue_is_oldest_first_with_median_and_longest_waits(db):
    now = utc_now()
    first = ProposalFactory(status="verified", submitted_at=now - timedelta(days=100))
    course = first.course
    second = ProposalFactory(status="verified", submitted_at=now - timedelta(days=40),
                             course=course, village=VillageFactory(parent=first.subdistrict))
    third = ProposalFactory(status="verified", submitted_at=now - timedelta(days=10),
                            village=VillageFactory(parent=first.subdistrict))
    ProposalFactory(status="proposed", submitted_at=now - timedelta(days=300))
    admin = user_with_role(Role.ADMIN)
    queue = list(db.session.scalars(services.queue_statement(admin)))
    assert queue == [first, second, third]
    assert services.days_waiting(first) == 100
    by_subdistrict, by_vocation = services.wait_stats(admin)
    assert [(s.label, s.waiting, s.median_days, s.longest_days) for s in by_subdistrict] == [
        (first.subdistrict.name, 3, 40, 100)]
    assert [(s.label, s.waiting, s.median_days, s.longest_days) for s in by_vocation] == [
        (course.name, 2, 70, 100), (third.course.name, 1, 10, 10)]


def test_list_search_and_filters(db):
    proposal = ProposalFactory(course=CourseFactory(name="Membatik"))
    ProposalFactory(course=CourseFactory(name="Las"), status="verified")
    admin = user_with_role(Role.ADMIN)

    def found(**filters):
        return list(db.session.scalars(services.list_statement(admin, **filters)))

    assert found(text="batik") == [proposal]
    assert found(text=proposal.village.name) == [proposal]
    assert len(found(status="verified")) == 1
    assert found(subdistrict_id=proposal.subdistrict_id) == [proposal]
    counts = services.status_counts(services.visible_proposals(admin))
    assert counts[Status.PROPOSED] == 1 and counts[Status.VERIFIED] == 1


def test_no_query_per_row_in_the_list(db, app):
    for _ in range(5):
        ProposalFactory()
    admin = user_with_role(Role.ADMIN)
    statement = services.list_statement(admin)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        rows = db.session.scalars(statement).unique().all()
        [(p.proposer, p.vocation, p.status_label) for p in rows]
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(rows) == 5 and len(statements) == 1

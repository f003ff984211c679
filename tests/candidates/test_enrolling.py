"""Enrolling a proposal's candidates, called directly: every rule of single enrolment, a
refused candidate named and left for later, and statements that do not grow with the list."""

from datetime import date

from sqlalchemy import select

from mtu.authz import Role
from mtu.candidates import services
from mtu.participants.models import Enrolment, Participant
from mtu.proposals.models import ProposalCandidate
from tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    ParticipantFactory,
    ProposalFactory,
    RegencyFactory,
    user_with_role,
)

BORN = date(1995, 8, 17)


def _candidate(proposal, number: int, name: str, **values) -> ProposalCandidate:
    """A man of Kec. Lumbang born 17-08-1995 (NIK 351404170895nnnn)."""
    candidate = ProposalCandidate(
        proposal=proposal, nik=f"351404170895{number:04d}", full_name=name,
        **{"gender": "M", "birth_date": BORN, "education": "senior",
           "employment": "job_seeker", **values})
    return candidate


def test_each_candidate_meets_the_rules_of_single_enrolment(db, proposal):
    batch = BatchFactory(regency=proposal.regency, quota=2, start_date=date(2026, 3, 2))
    proposal.batch = batch
    staff = user_with_role(Role.STAFF, regency=proposal.regency)
    busy = ParticipantFactory(nik="3514041708950004", full_name="D Sibuk", birth_date=BORN,
                              gender="M", regency=proposal.regency)
    EnrolmentFactory(participant=busy, status="accepted", batch=BatchFactory(
        regency=proposal.regency, start_date=date(2026, 3, 9)))
    ParticipantFactory(nik="3514041708950005", full_name="Nama Lain", birth_date=BORN,
                       gender="M", regency=RegencyFactory())
    ParticipantFactory(nik="3514041708950006", full_name="F Luar", birth_date=BORN,
                       gender="M", regency=RegencyFactory())
    for number, name, values in ((1, "A Baru", {}), (2, "B Baru", {}), (3, "C Baru", {}),
                                 (4, "D Sibuk", {}), (5, "E Tanpa Bukti", {}),
                                 (6, "F Luar", {}), (7, "G Salah", {"gender": "F"})):
        db.session.add(_candidate(proposal, number, name, **values))
    db.session.commit()

    outcome = services.enrol_candidates(proposal, staff)

    assert (outcome.accepted, outcome.waitlisted, outcome.created) == (2, 2, 3)
    assert [message.split(":")[0] for message in outcome.refused] == [
        "D Sibuk", "E Tanpa Bukti", "G Salah"]
    assert "Nama Lain" not in " ".join(outcome.refused)  # another office's record unnamed
    statuses = dict(db.session.execute(
        select(Participant.full_name, Enrolment.status).join(Enrolment)
        .where(Enrolment.batch_id == batch.id)).all())
    # Seats in name order; the other office's person enrolled on proof, with the note.
    assert statuses == {"A Baru": "accepted", "B Baru": "accepted", "C Baru": "waitlisted",
                        "F Luar": "waitlisted"}
    proven = db.session.scalar(select(Enrolment).join(Participant).where(
        Participant.full_name == "F Luar"))
    assert "dari luar kabupaten asal peserta" in proven.note
    left = db.session.scalars(select(ProposalCandidate.full_name).where(
        ProposalCandidate.participant_id.is_(None)).order_by(ProposalCandidate.full_name))
    assert list(left) == ["D Sibuk", "E Tanpa Bukti", "G Salah"]


def test_enrolling_candidates_does_not_query_per_candidate(db, proposal, count_queries):
    """5 or 40 candidates, new people each, some seated and some on the waiting list."""
    staff = user_with_role(Role.STAFF, regency=proposal.regency)
    counts = []
    for first, size in ((1, 5), (100, 40)):
        each = ProposalFactory(village=proposal.village,
                               batch=BatchFactory(regency=proposal.regency, quota=3))
        for number in range(first, first + size):
            db.session.add(_candidate(each, number, f"WARGA {number}"))
        db.session.commit()
        counts.append(count_queries(lambda each=each: services.enrol_candidates(each, staff)))
        db.session.commit()
    assert counts[0] == counts[1]

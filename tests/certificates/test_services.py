"""Assessment, confirmation, certifiability, numbering and revocation."""

import threading
from datetime import date

import pytest
from sqlalchemy import select

from mtu.auth.models import User
from mtu.certificates import services
from mtu.certificates.models import Certificate, IssuerKind, Result
from mtu.certificates.services import Issuer
from mtu.participants.models import Enrolment
from mtu.rules import RuleError


def _assess(finished, verdicts):
    for person, verdict in zip(finished.people, verdicts, strict=True):
        for unit in finished.units:
            services.record_result(person, unit.id, verdict, finished.staff, assessor="Bu Sri",
                                   assessed_on=date(2026, 3, 30), score=80)


def test_overall_result_follows_the_units(finished):
    person = finished.people[0]
    results = services.results_of(finished.batch)
    assert services.overall(person, results, finished.units) is None
    services.record_result(person, finished.units[0].id, Result.COMPETENT, finished.staff,
                           assessor="A", assessed_on=date(2026, 3, 30))
    services.record_result(person, finished.units[1].id, Result.NOT_YET, finished.staff,
                           assessor="A", assessed_on=date(2026, 3, 30))
    results = services.results_of(finished.batch)
    assert services.overall(person, results, finished.units) == Result.NOT_YET


def test_confirmation_passes_and_fails_then_only_the_eligible_are_certified(finished, db):
    _assess(finished, [Result.COMPETENT, Result.NOT_YET, Result.COMPETENT])
    assert services.confirm_results(finished.batch, finished.staff) == 3
    passed, failed, absent = finished.people
    assert (passed.status, failed.status, absent.status) == ("passed", "failed", "passed")
    issuer = services.office_issuer(finished.batch)
    certificate = services.issue(passed, issuer, finished.staff)
    with pytest.raises(RuleError, match="belum dikesahkan|belum disahkan"):
        services.issue(failed, issuer, finished.staff)
    with pytest.raises(RuleError, match="kehadiran 60.0% di bawah batas 80%"):
        services.issue(absent, issuer, finished.staff)
    assert certificate.number.startswith("001/MTU-") and len(certificate.code) >= 16
    assert services.issue(passed, issuer, finished.staff) is certificate  # not twice


def test_an_lsp_needs_its_licence(finished):
    _assess(finished, [Result.COMPETENT] * 3)
    services.confirm_results(finished.batch, finished.staff)
    with pytest.raises(RuleError, match="lisensi"):
        services.issue(finished.people[0], Issuer(IssuerKind.LSP, "LSP X", "Direktur",
                                                  "Direktur"), finished.staff)


def test_results_lock_once_certified(finished):
    _assess(finished, [Result.COMPETENT] * 3)
    services.confirm_results(finished.batch, finished.staff)
    services.issue(finished.people[0], services.office_issuer(finished.batch), finished.staff)
    with pytest.raises(RuleError, match="sudah terbit"):
        services.record_result(finished.people[0], finished.units[0].id, Result.NOT_YET,
                               finished.staff, assessor="A", assessed_on=date(2026, 3, 30))


def test_revocation_needs_a_reason_and_happens_once(finished):
    _assess(finished, [Result.COMPETENT] * 3)
    services.confirm_results(finished.batch, finished.staff)
    certificate = services.issue(finished.people[0], services.office_issuer(finished.batch),
                                 finished.staff)
    with pytest.raises(RuleError):
        services.revoke(certificate, "  ", finished.staff)
    services.revoke(certificate, "Data peserta keliru", finished.staff)
    assert not certificate.valid
    with pytest.raises(RuleError, match="sudah dicabut"):
        services.revoke(certificate, "lagi", finished.staff)


def test_numbers_follow_the_pattern_and_codes_are_unrelated(finished, app, monkeypatch):
    monkeypatch.setitem(app.config, "CERTIFICATE_NUMBER_PATTERN",
                        "{seq:03d}/MTU-PSR/{month_roman}/{year}")
    _assess(finished, [Result.COMPETENT, Result.COMPETENT, Result.COMPETENT])
    services.confirm_results(finished.batch, finished.staff)
    issuer = services.office_issuer(finished.batch)
    first = services.issue(finished.people[0], issuer, finished.staff)
    second = services.issue(finished.people[1], issuer, finished.staff)
    assert first.number.split("/")[0] == "001" and second.number.split("/")[0] == "002"
    assert first.number.split("/")[1] == "MTU-PSR"
    assert first.code[:4] != second.code[:4]


def test_simultaneous_issuing_never_repeats_a_number(finished, db, app):
    _assess(finished, [Result.COMPETENT] * 3)
    services.confirm_results(finished.batch, finished.staff)
    db.session.commit()
    ids = [finished.people[0].id, finished.people[1].id]
    staff_id = finished.staff.id
    barrier = threading.Barrier(2)
    errors = []

    def issue(enrolment_id):
        with app.app_context():
            enrolment = db.session.get(Enrolment, enrolment_id)
            barrier.wait()
            try:
                services.issue(enrolment, services.office_issuer(enrolment.batch),
                               db.session.get(User, staff_id))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = db.session.scalars(select(Certificate.number)).all()
    assert len(numbers) == 2 and len(set(numbers)) == 2

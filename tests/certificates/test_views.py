"""Assessment grid, confirmation, issuing and revoking through HTTP."""

import pytest
from sqlalchemy import func, select

from mtu.certificates import services
from mtu.certificates.models import Assessment, Certificate
from mtu.rules import RuleError
from tests.factories import TrainerFactory, UserFactory


def _grid(finished, verdict="competent"):
    data = {"assessor": "Bu Sri", "assessed_on": "2026-03-30"}
    for person in finished.people:
        for unit in finished.units:
            data[f"result-{person.id}-{unit.id}"] = verdict
            data[f"score-{person.id}-{unit.id}"] = "85"
    return data


def test_trainer_enters_results_for_their_batch(client, finished, db):
    teacher = UserFactory(trainer=True)
    trainer = TrainerFactory(user=teacher, regency=finished.batch.regency)
    finished.batch.trainers.append(trainer)
    db.session.commit()
    client.login(teacher)
    url = f"/certificates/batches/{finished.batch.id}/assessment"
    assert client.get(url).status_code == 200
    response = client.post_form(url, _grid(finished))
    assert response.status_code == 302
    assert db.session.query(Assessment).count() == 6
    assert client.get(f"/certificates/batches/{finished.batch.id}").status_code == 403


def test_bad_scores_are_refused_keeping_what_was_typed(client, finished, db):
    client.login(finished.staff)
    data = _grid(finished)
    data[f"score-{finished.people[0].id}-{finished.units[0].id}"] = "sembilan"
    response = client.post_form(f"/certificates/batches/{finished.batch.id}/assessment", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "harus angka 0–100" in page and 'value="sembilan"' in page
    assert db.session.query(Assessment).count() == 0


def test_forged_cells_are_refused(client, finished):
    client.login(finished.staff)
    data = {"assessor": "X", "assessed_on": "2026-03-30", "result-999-999": "competent"}
    assert client.post_form(f"/certificates/batches/{finished.batch.id}/assessment",
                            data).status_code == 400


def test_crafted_digits_in_result_names_are_refused(client, finished, db):
    """'result-²-1' answered 500 (str.isdigit() says yes, int() says no); '١٢' read as 12."""
    client.login(finished.staff)
    url = f"/certificates/batches/{finished.batch.id}/assessment"
    person, unit = finished.people[0], finished.units[0]
    arabic = str(person.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for name in (f"result-²-{unit.id}", f"result-{person.id}-²", f"result-{arabic}-{unit.id}",
                 f"result-{10**20}-{unit.id}", f"result-{person.id}-{2**31}", "result--"):
        data = {"assessor": "X", "assessed_on": "2026-03-30", name: "competent"}
        assert client.post_form(url, data).status_code == 400, name
    data = _grid(finished)
    for score in ("٨٥", "²", str(10**20)):
        data[f"score-{person.id}-{unit.id}"] = score
        response = client.post_form(url, data)
        assert response.status_code == 422, score
        assert "harus angka 0–100" in response.get_data(as_text=True)
    assert db.session.query(Assessment).count() == 0


def test_staff_confirm_issue_and_revoke(client, finished, db):
    client.login(finished.staff)
    batch_id = finished.batch.id
    client.post_form(f"/certificates/batches/{batch_id}/assessment", _grid(finished))
    client.post_form(f"/certificates/batches/{batch_id}/confirm")
    response = client.post_form(f"/certificates/batches/{batch_id}/issue",
                                {"issuer_kind": "office"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 sertifikat terbit." in page  # the third attended 60 %
    assert "kehadiran 60.0% di bawah batas 80%" in page
    certificate = db.session.query(Certificate).first()
    client.post_form(f"/certificates/{certificate.id}/revoke", {"reason": "Salah nama"})
    db.session.refresh(certificate)
    assert not certificate.valid and certificate.revoked_reason == "Salah nama"


def test_lsp_issuer_needs_its_details(client, finished):
    client.login(finished.staff)
    response = client.post_form(f"/certificates/batches/{finished.batch.id}/issue",
                                {"issuer_kind": "lsp", "lsp_name": "LSP Garmen"})
    assert response.status_code == 422
    assert "Wajib diisi untuk sertifikat dari LSP." in response.get_data(as_text=True)


def test_other_districts_get_404(client, finished, login_as):
    login_as("staff")
    assert client.get(f"/certificates/batches/{finished.batch.id}").status_code == 404
    assert client.post_form(f"/certificates/batches/{finished.batch.id}/confirm").status_code \
        == 404


def _mid_course(db, finished):
    """The fixture's batch moved to run from ten days ago: day 11 of 30."""
    from datetime import timedelta

    from mtu.clock import local_today
    batch = finished.batch
    batch.start_date = local_today() - timedelta(days=10)
    batch.end_date = batch.start_date + timedelta(days=29)
    batch.status = "running"
    db.session.commit()
    return batch


def test_results_are_not_confirmed_before_the_last_day(client, finished, db):
    from mtu.participants.models import Enrolment
    batch = _mid_course(db, finished)
    client.login(finished.staff)
    client.post_form(f"/certificates/batches/{batch.id}/assessment", _grid(finished))
    page = client.get(f"/certificates/batches/{batch.id}").get_data(as_text=True)
    assert "disabled" in page and "baru dapat disahkan mulai hari terakhir" in page
    response = client.post_form(f"/certificates/batches/{batch.id}/confirm")
    assert response.status_code == 409
    assert "baru dapat disahkan mulai hari terakhir" in response.get_data(as_text=True)
    assert {e.status for e in db.session.query(Enrolment)} == {"accepted"}


def test_certificates_are_refused_mid_course_with_the_reason(client, finished, db):
    from mtu.certificates import services
    from mtu.rules import RuleError
    client.login(finished.staff)
    batch_id = finished.batch.id
    client.post_form(f"/certificates/batches/{batch_id}/assessment", _grid(finished))
    client.post_form(f"/certificates/batches/{batch_id}/confirm")  # while still in the past
    batch = _mid_course(db, finished)
    page = client.get(f"/certificates/batches/{batch_id}").get_data(as_text=True)
    assert "sertifikat baru dapat diterbitkan setelah hari terakhir" in page
    assert 'disabled aria-describedby="issue-reason"' in page
    response = client.post_form(f"/certificates/batches/{batch_id}/issue",
                                {"issuer_kind": "office"})
    assert response.status_code == 409
    assert "setelah hari terakhir lewat" in response.get_data(as_text=True)
    assert db.session.query(Certificate).count() == 0
    enrolment = finished.people[0]
    with pytest.raises(RuleError, match="setelah hari terakhir"):
        services.issue(enrolment, services.office_issuer(batch), finished.staff)


def test_a_past_batch_not_marked_finished_gets_no_certificates(client, finished, db):
    client.login(finished.staff)
    batch_id = finished.batch.id
    client.post_form(f"/certificates/batches/{batch_id}/assessment", _grid(finished))
    client.post_form(f"/certificates/batches/{batch_id}/confirm")
    finished.batch.status = "running"
    db.session.commit()
    response = client.post_form(f"/certificates/batches/{batch_id}/issue",
                                {"issuer_kind": "office"})
    assert response.status_code == 409
    assert "Paket belum ditandai selesai" in response.get_data(as_text=True)
    assert db.session.query(Certificate).count() == 0


def test_without_a_signatory_the_office_refuses_to_issue_naming_the_setting(client, finished,
                                                                            app, monkeypatch, db):
    monkeypatch.setitem(app.config, "CERTIFICATE_SIGNATORY_NAME", "")
    client.login(finished.staff)
    url = f"/certificates/batches/{finished.batch.id}"
    client.post_form(f"{url}/assessment", _grid(finished))
    client.post_form(f"{url}/confirm")
    page = client.get(url).get_data(as_text=True)
    assert "MTU_CERTIFICATE_SIGNATORY_NAME" in page
    response = client.post_form(f"{url}/issue", {"issuer_kind": "office"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Penandatangan sertifikat Disnaker belum diatur" in body
    assert "MTU_CERTIFICATE_SIGNATORY_NAME" in body
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    with pytest.raises(RuleError, match="MTU_CERTIFICATE_SIGNATORY_NAME"):
        services.issue(finished.people[0], services.office_issuer(finished.batch), finished.staff)

"""Assessment grid, confirmation, issuing and revoking through HTTP."""

from mtu.certificates.models import Assessment, Certificate
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
